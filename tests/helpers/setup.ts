/**
 * Run before every test file (vitest.config.ts `setupFiles`). Test files share their workers'
 * module cache (`isolate: false`), so a helper's module runs once per worker, not once per file:
 * what must happen after each file is registered here.
 */
import { afterAll } from "vitest";
import { removeTempDirs } from "./build.js";

afterAll(removeTempDirs);
