// Preloaded into each benchmarked child (node --import): reports the child's own resource usage
// on fd 3 as it exits, so the parent reads peak memory from the child itself. Worker threads
// inherit the preload; only the main thread reports (the usage is the whole process's).
import { writeSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  process.on("exit", () => {
    try {
      writeSync(3, JSON.stringify(process.resourceUsage()));
    } catch {
      // fd 3 is not open: run outside the benchmark, nothing to report.
    }
  });
}
