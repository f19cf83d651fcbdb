import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/helpers/setup.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    // No wall-clock limit: on a loaded machine a correct test only takes longer (0 = none).
    testTimeout: 0,
    hookTimeout: 0,
    // Every core (vitest leaves one free by default, which on two cores runs the files one by one);
    // processes, not threads, so that a test may set process.env.TZ for the whole process.
    pool: "forks",
    maxWorkers: availableParallelism(),
    // The files of a worker share its module cache: the sources, the parsers and the validators
    // load once per worker instead of once per file. Tests restore what they change (TZ, env).
    isolate: false,
  },
});
