// Preloaded into every Node process of a benchmarked command (NODE_OPTIONS=--import): the build
// process appends its own resource usage to $FEEDWRIGHT_BENCH_USAGE as it exits, so the bench
// reads the build's peak memory, not npm's. Worker threads inherit the preload; only the main
// thread reports (the usage is the whole process's).
import { appendFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const file = process.env.FEEDWRIGHT_BENCH_USAGE;
const script = process.argv[1] ?? "";
if (isMainThread && file && !/[\\/]npm(-cli)?(\.js)?$|[\\/]npm[\\/]bin[\\/]/.test(script)) {
  process.on("exit", () => appendFileSync(file, JSON.stringify({ script, maxRSS: process.resourceUsage().maxRSS }) + "\n"));
}
