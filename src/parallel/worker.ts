import { parentPort, workerData } from "node:worker_threads";
import type { Site } from "../model/site.js";
import type { Task } from "./pool.js";
import type { ScanOptions } from "./scan.js";

/** Worker thread: runs its share of one task and sends the results back, in order. */
const { task, site, cwd, jobs, scan } = workerData as { task: Task; site: Site; cwd: string; jobs: unknown[]; scan: ScanOptions };
if (task === "scan") {
  const { createScanner } = await import("./scan.js");
  parentPort!.postMessage(jobs.map(createScanner(site, scan) as (job: unknown) => unknown));
} else {
  const { createRenderer } = await import("./render.js");
  parentPort!.postMessage(jobs.map(createRenderer(site, cwd) as (job: unknown) => unknown));
}
