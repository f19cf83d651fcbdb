import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // No wall-clock limit: on a loaded machine a correct test only takes longer (0 = none).
    testTimeout: 0,
    hookTimeout: 0,
  },
});
