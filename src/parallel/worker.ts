import { parentPort, workerData } from "node:worker_threads";
import type { Site } from "../model/site.js";
import type { Task } from "./pool.js";
import type { ScanOptions } from "./scan.js";
import type { CheckAnswer } from "./check.js";

/**
 * Worker thread: runs its share of one task and sends the results back, in order; or, for the
 * self-check (src/parallel/check.ts), stays and checks each feed it is sent.
 */
const { task, site, cwd, jobs, scan } = workerData as { task: Task | "check"; site: Site; cwd: string; jobs: unknown[]; scan: ScanOptions };
if (task === "check") {
  const { checkFeed } = await import("../check/check.js");
  parentPort!.on("message", ({ chunks, file }: { chunks: Uint8Array[]; file: string }) => {
    const begun = performance.now();
    const result = checkFeed(chunks, file);
    parentPort!.postMessage({ result, ms: performance.now() - begun } satisfies CheckAnswer);
  });
} else if (task === "scan") {
  const { createScanner } = await import("./scan.js");
  parentPort!.postMessage(jobs.map(createScanner(site, scan) as (job: unknown) => unknown));
} else {
  const { createRenderer } = await import("./render.js");
  parentPort!.postMessage(jobs.map(createRenderer(site, cwd) as (job: unknown) => unknown));
}
