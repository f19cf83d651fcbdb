import path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { checkFeed, type CheckResult } from "../check/check.js";
import type { ThreadOptions } from "./pool.js";

/**
 * The self-check's seam (src/check/): when a build's feeds are large together, a worker thread
 * checks each feed it is free for while the main thread encodes and writes the next outputs, and
 * the main thread checks the others; so with every item in the feeds (or in archive pages) the
 * check costs the build about half of its own time (docs/performance.md, "The self-check"). Small
 * feeds, or fewer than MIN_CHECK_THREADS threads: checked where they are.
 * The findings are the same either way (the same pure checkFeed).
 */
export interface FeedChecks {
  /** The check of one feed; the chunks may be reused by the caller as soon as this returns. */
  check(chunks: readonly Uint8Array[], file: string): CheckResult | Promise<CheckResult>;
  /** Stops the worker, if one was started. */
  close(): Promise<void>;
  /** Milliseconds the checks took, on whichever thread they ran (the benchmark's figure of what the check costs in CPU). */
  readonly spentMs: number;
}

/** The feeds of a build together at least this large (about): a worker is started, and pays for its start. */
export const START_CHECK_WORKER_BYTES = 4 << 20;
/**
 * Threads a build must have for the worker: on 2 vCPUs it doubled the checks' CPU (a second cold
 * JIT, two threads on one core's share) and made no build shorter (docs/performance.md).
 */
export const MIN_CHECK_THREADS = 3;
/** A feed at least this large goes to the started worker when it is free; a smaller one costs less to check than to post. */
export const CHECK_IN_WORKER_BYTES = 128 << 10;

/**
 * `expectedBytes`: about how large the build's feeds (archive pages and term feeds included) will
 * be together; the worker is started at once when it reaches START_CHECK_WORKER_BYTES, so it has
 * loaded by the time the first feed is encoded, and never otherwise.
 */
export function feedChecks(threads: Pick<ThreadOptions, "threads" | "startWorker">, expectedBytes: number): FeedChecks {
  const worker = threads.threads >= MIN_CHECK_THREADS && expectedBytes >= START_CHECK_WORKER_BYTES ? new CheckWorker(threads.startWorker) : undefined;
  let spentMs = 0;
  return {
    check(chunks, file) {
      const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      // The worker takes a large feed when it is free; else this thread checks it, so neither waits on the other.
      if (worker && bytes >= CHECK_IN_WORKER_BYTES && worker.pending === 0) {
        return worker.check(chunks, file).then(({ result, ms }) => ((spentMs += ms), result));
      }
      const begun = performance.now();
      const result = checkFeed(chunks, file);
      spentMs += performance.now() - begun;
      return result;
    },
    close: async () => {
      await worker?.close();
    },
    get spentMs() {
      return spentMs;
    },
  };
}

/** What the worker sends back for each feed (src/parallel/worker.ts). */
export interface CheckAnswer {
  result: CheckResult;
  ms: number;
}

const WORKER = new URL(`./worker${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/** One long-lived worker answering checks in the order they were asked. */
class CheckWorker {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (answer: CheckAnswer) => void; reject: (cause: Error) => void }[] = [];
  private failure: Error | undefined;

  get pending(): number {
    return this.waiting.length;
  }

  constructor(startWorker = (module: URL, options: WorkerOptions) => new Worker(module, options)) {
    this.worker = startWorker(WORKER, { workerData: { task: "check" } });
    this.worker.on("message", (answer: CheckAnswer) => this.waiting.shift()?.resolve(answer));
    const fail = (cause: Error) => {
      this.failure = cause;
      for (const waiting of this.waiting.splice(0)) waiting.reject(cause);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`check worker stopped with exit code ${code}`)));
  }

  check(chunks: readonly Uint8Array[], file: string): Promise<CheckAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    // postMessage copies the bytes now, so the caller may reuse its chunks at once.
    this.worker.postMessage({ chunks, file });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}
