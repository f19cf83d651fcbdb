import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Feed parsing and property tests are CPU-bound; two cores on CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
