import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Site } from "../config/parse.js";
import type { ScanJob, ScanResult } from "./job.js";

/**
 * Reads and parses many posts, on several threads when there are enough of them to pay for a
 * worker's start (about 0.1 s: a thread loads the parser libraries anew). Results come back in
 * job order whatever the split, so the output never depends on the number of threads.
 */
export const MIN_JOBS_PER_THREAD = 1500;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export async function scanFiles(jobs: readonly ScanJob[], site: Site, threads: number): Promise<ScanResult[]> {
  if (jobs.length === 0) return [];
  const count = Math.max(1, Math.min(threads, Math.floor(jobs.length / MIN_JOBS_PER_THREAD)));
  // Lazily loaded: a build whose posts all come from the cache never loads the parsers.
  const { createScanner } = await import("./job.js");
  if (count === 1) return jobs.map(createScanner(site));
  const size = Math.ceil(jobs.length / count);
  const shares = Array.from({ length: count }, (_, i) => jobs.slice(i * size, (i + 1) * size));
  // The main thread takes the first share itself while the workers run the rest.
  const workers = shares.slice(1).map((share) => runWorker(share, site));
  const own = shares[0]!.map(createScanner(site));
  return [own, ...(await Promise.all(workers))].flat();
}

function runWorker(jobs: ScanJob[], site: Site): Promise<ScanResult[]> {
  // Under the test runner this file is TypeScript: start the worker through tsx then.
  const typescript = import.meta.url.endsWith(".ts");
  const url = new URL(typescript ? "./worker.ts" : "./worker.js", import.meta.url);
  const worker = new Worker(url, { workerData: { site, jobs }, execArgv: typescript ? ["--import", "tsx"] : [] });
  return new Promise((resolve, reject) => {
    worker.once("message", (results: ScanResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`scan worker stopped with exit code ${code}`));
    });
  });
}
