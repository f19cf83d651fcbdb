import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Site } from "../model/site.js";
import type { Diagnostic } from "../common/diagnostics.js";
import type { PostEntry } from "../model/post.js";
import type { FeedItem } from "../model/feed.js";
import type { ScanJob, ScanOptions, ScanResult } from "./scan.js";

/**
 * Runs the two heavy stages, scanning (read + parse every post) and rendering (the posts that
 * reach a feed), on several threads when there is enough work to pay for a worker's start: a
 * worker loads its libraries anew (about 0.16 s for the parsers, 0.25 s with the renderers).
 * Measured on 2 cores: a scan costs about 45 µs a post, so a scan thread needs at least 10,000
 * posts (at 10,000 in all, two threads were no faster than one); a render costs about 0.3 ms,
 * so a render thread pays from 1,000 items. Results come back in job order whatever the split,
 * so the output never depends on the number of threads.
 */
export type Task = "scan" | "render";
export const MIN_JOBS_PER_THREAD: Record<Task, number> = { scan: 10_000, render: 1_000 };
/**
 * Jobs the main thread takes beyond an even share: a worker spends about 0.25 s loading its
 * libraries and sending its results back, in which the main thread gets through this many (a
 * render costs about 0.35 ms when two threads share a core). Without it the main thread waited
 * 0.2 s for the worker at the end of a 10,000-post build of all items; with 500 still 0.06–0.1 s.
 */
export const HEAD_START_JOBS: Record<Task, number> = { scan: 3_000, render: 700 };

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export interface ThreadOptions {
  threads: number;
  /** Overrides MIN_JOBS_PER_THREAD (tests use it to exercise workers on a small corpus). */
  minJobsPerThread?: number;
  /** Overrides HEAD_START_JOBS. */
  headStart?: number;
}

export function scanInThreads(jobs: readonly ScanJob[], site: Site, cwd: string, threads: ThreadOptions, scan: ScanOptions): Promise<ScanResult[]> {
  // A scan that also renders costs what a render costs per post, so it splits like one.
  const split =
    scan.renderLiveAt === undefined
      ? threads
      : { ...threads, minJobsPerThread: threads.minJobsPerThread ?? MIN_JOBS_PER_THREAD.render, headStart: threads.headStart ?? HEAD_START_JOBS.render };
  return inThreads("scan", jobs, site, cwd, split, scan, async () => (await import("./scan.js")).createScanner(site, scan));
}

export function renderInThreads(entries: readonly PostEntry[], site: Site, cwd: string, threads: ThreadOptions): Promise<(FeedItem | Diagnostic)[]> {
  return inThreads("render", entries, site, cwd, threads, {}, async () => (await import("./render.js")).createRenderer(site, cwd));
}

async function inThreads<J, R>(task: Task, jobs: readonly J[], site: Site, cwd: string, options: ThreadOptions, scan: ScanOptions, local: () => Promise<(job: J) => R>): Promise<R[]> {
  if (jobs.length === 0) return [];
  const perThread = options.minJobsPerThread ?? MIN_JOBS_PER_THREAD[task];
  const count = Math.max(1, Math.min(options.threads, Math.floor(jobs.length / perThread)));
  // The main thread takes the first share (with its head start) itself while the workers run the rest.
  const head = count > 1 ? Math.min(options.headStart ?? HEAD_START_JOBS[task], Math.floor(jobs.length / count)) : 0;
  const own = Math.ceil((jobs.length + head * (count - 1)) / count);
  const size = Math.ceil((jobs.length - own) / Math.max(1, count - 1));
  const shares = [jobs.slice(0, own), ...Array.from({ length: count - 1 }, (_, i) => jobs.slice(own + i * size, own + (i + 1) * size))];
  const workers = shares.slice(1).map((share) => runWorker<J, R>(task, share, site, cwd, scan));
  // Loaded lazily: a build whose posts all come from the cache never loads the parsers or renderers.
  const run = await local();
  const mine = shares[0]!.map(run);
  return [mine, ...(await Promise.all(workers))].flat();
}

function runWorker<J, R>(task: Task, jobs: J[], site: Site, cwd: string, scan: ScanOptions): Promise<R[]> {
  const workerData = { task, site, cwd, jobs, scan };
  // Under the test runner this file is TypeScript: the worker registers tsx before loading it.
  const worker = import.meta.url.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); });`, { eval: true, workerData })
    : new Worker(new URL("./worker.js", import.meta.url), { workerData });
  return new Promise((resolve, reject) => {
    worker.once("message", (results: R[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${task} worker stopped with exit code ${code}`));
    });
  });
}
