import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { RenderedItem } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";
import type { Site } from "../model/site.js";
import type { Checked } from "../common/result.js";
import type { ScanJob, ScanOptions, ScanResult } from "./scan.js";

/**
 * Runs the two heavy stages, scanning (read + parse every post) and rendering (the posts that
 * reach a feed), on several threads when there is enough work to pay for a worker's start (a
 * worker loads its libraries anew). Results come back in job order whatever the split, so the
 * output never depends on the number of threads. Thresholds: docs/performance.md.
 */
export type Task = "scan" | "render";
export const MIN_JOBS_PER_THREAD: Record<Task, number> = { scan: 10_000, render: 1_000 };
/** Jobs the main thread takes beyond an even share, while the workers load their libraries. */
export const HEAD_START_JOBS: Record<Task, number> = { scan: 3_000, render: 700 };

/**
 * A share too small by count for a worker can still be slow (long real posts cost 5 ms each to
 * render, synthetic ones 0.3 ms): after this much work on one thread the pace is measured until it
 * settles, and when what is left would take well over a worker's start, a worker takes the back of it. The
 * start counts 1,000 ms: loading the renderers, its own cold JIT (the first thousand jobs at three
 * to five times the pace of later ones), and two threads slower than one alone.
 */
export const SPLIT: Split = { afterMs: 150, workerStartMs: 1000, settled: 0.8 };

export interface Split {
  /** Wall time on one thread before the pace is measured, and the CPU time of each measuring window. */
  afterMs: number;
  /** What a worker's start is counted as costing. */
  workerStartMs: number;
  /** A window's pace at least this share of the one before counts as settled (0: the first is taken). */
  settled: number;
}

/** How often the main thread's share tells its progress: a clock read per call is all it costs the CLI. */
const PROGRESS_EVERY = 50;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

export interface ThreadOptions {
  threads: number;
  /** Overrides MIN_JOBS_PER_THREAD (tests use it to exercise workers on a small corpus). */
  minJobsPerThread?: number;
  /** Overrides HEAD_START_JOBS. */
  headStart?: number;
  /** Overrides SPLIT (tests split a share of a few quick posts). */
  split?: Split;
  /** Starts a worker on the worker module (default `new Worker`; a test running the TypeScript sources starts it with a TypeScript loader). */
  startWorker?: (module: URL, options: WorkerOptions) => Worker;
}

/** The seam the scan and the render call: the same work on this thread or several. */
/** `done`: told how many jobs are finished so far, now and then (the build's progress; src/build.ts). */
export interface Threads {
  scan(jobs: readonly ScanJob[], done?: (count: number) => void): Promise<ScanResult[]>;
  render(entries: readonly PostEntry[], done?: (count: number) => void): Promise<Checked<RenderedItem>[]>;
}

export function threadPool(site: Site, cwd: string, threads: ThreadOptions, scan: ScanOptions): Threads {
  // A scan that also renders costs what a render costs per post, so it splits like one.
  const scanSplit =
    scan.renderLiveAt === undefined
      ? threads
      : { ...threads, minJobsPerThread: threads.minJobsPerThread ?? MIN_JOBS_PER_THREAD.render, headStart: threads.headStart ?? HEAD_START_JOBS.render };
  return {
    scan: (jobs, done) => inThreads("scan", jobs, site, cwd, scanSplit, scan, async () => (await import("./scan.js")).createScanner(site, scan), done),
    render: (entries, done) => inThreads("render", entries, site, cwd, threads, {}, async () => (await import("./render.js")).createRenderer(site, cwd), done),
  };
}

async function inThreads<J, R>(task: Task, jobs: readonly J[], site: Site, cwd: string, options: ThreadOptions, scan: ScanOptions, local: () => Promise<(job: J) => R>, done?: (count: number) => void): Promise<R[]> {
  if (jobs.length === 0) return [];
  const perThread = options.minJobsPerThread ?? MIN_JOBS_PER_THREAD[task];
  const count = Math.max(1, Math.min(options.threads, Math.floor(jobs.length / perThread)));
  // The main thread takes the first share (with its head start) itself while the workers run the rest.
  const head = count > 1 ? Math.min(options.headStart ?? HEAD_START_JOBS[task], Math.floor(jobs.length / count)) : 0;
  const own = Math.ceil((jobs.length + head * (count - 1)) / count);
  const size = Math.ceil((jobs.length - own) / Math.max(1, count - 1));
  const shares = [jobs.slice(0, own), ...Array.from({ length: count - 1 }, (_, i) => jobs.slice(own + i * size, own + (i + 1) * size))];
  let finished = 0;
  const workers = shares.slice(1).map(async (share) => {
    const results = await runWorker<J, R>(task, share, site, cwd, scan, options.startWorker);
    done?.((finished += share.length));
    return results;
  });
  // Loaded lazily: a build whose posts all come from the cache never loads the parsers or renderers.
  const run = await local();
  // The main thread's share runs without a pause: its progress is told every PROGRESS_EVERY jobs.
  // Alone on several cores, it measures its pace once and may hand the back of its share to a worker.
  const mine: R[] = [];
  let end = shares[0]!.length;
  let late: Promise<R[]> | undefined;
  let pace = count === 1 && options.threads > 1 ? { started: performance.now(), ...(options.split ?? SPLIT) } : undefined;
  // The pace is the process's CPU time per job over successive windows of afterMs (so the load of
  // other processes does not count), and the split waits until it has settled: the cold JIT makes
  // the first thousand synthetic posts cost 0.3–0.6 ms each against 0.07–0.14 ms later.
  let window: { cpu: number; index: number; perJob?: number } | undefined;
  for (let index = 0; index < end; index++) {
    mine.push(run(jobs[index]!));
    if (done && (index + 1) % PROGRESS_EVERY === 0) done((finished += PROGRESS_EVERY));
    if (pace && index % 8 === 0) {
      if (performance.now() - pace.started < pace.afterMs) continue;
      const cpu = cpuMs();
      if (!window) {
        window = { cpu, index };
        continue;
      }
      if (cpu - window.cpu < pace.afterMs || index === window.index) continue;
      const perJob = (cpu - window.cpu) / (index - window.index);
      // The worker's part: half of what is left once its start is paid for.
      const theirs = Math.floor((end - index - 1 - pace.workerStartMs / perJob) / 2);
      const settled = window.perJob !== undefined && perJob >= pace.settled * window.perJob;
      window = { cpu, index, perJob };
      // A part too small now stays too small: the pace only falls as the JIT warms.
      if (theirs * perJob <= pace.workerStartMs) pace = undefined;
      if (!pace || !settled) continue;
      const share = jobs.slice(end - theirs);
      end -= theirs;
      late = runWorker<J, R>(task, share, site, cwd, scan, options.startWorker).then((results) => (done?.((finished += share.length)), results));
      pace = undefined;
    }
  }
  done?.((finished += end % PROGRESS_EVERY));
  return [mine, ...(await Promise.all(late ? [...workers, late] : workers))].flat();
}

/** CPU time of this process so far (all its threads: before the split only this one and V8's helpers run). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The worker module beside this one, in the same form (worker.js beside the bundle or the compiled module, worker.ts beside the source). */
const WORKER = new URL(`./worker${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);

function runWorker<J, R>(task: Task, jobs: J[], site: Site, cwd: string, scan: ScanOptions, start = (module: URL, options: WorkerOptions) => new Worker(module, options)): Promise<R[]> {
  const worker = start(WORKER, { workerData: { task, site, cwd, jobs, scan } });
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
