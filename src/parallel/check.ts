import path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { checkFeed, type CheckResult } from "../check/check.js";
import type { ThreadOptions } from "./pool.js";

/**
 * The self-check's seam (src/check/): a large feed is checked on a worker thread while the main
 * thread encodes and writes the next outputs, so with every item in the feeds the check costs
 * the build little more than the part of it the main thread takes (docs/performance.md, "The self-check"). A small feed,
 * or one thread, is checked where it is: a worker's start costs more than such a check.
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

/** Feeds of at least this many bytes go to the worker: below it, posting the bytes and waiting costs about what checking them does. */
export const CHECK_IN_WORKER_BYTES = 1 << 20;

/**
 * `expectedBytes`: about how large the feeds will be together; when it reaches the threshold the
 * worker is started at once, so it has loaded by the time the first feed is encoded.
 */
export function feedChecks(threads: Pick<ThreadOptions, "threads" | "startWorker">, expectedBytes: number): FeedChecks {
  let worker: CheckWorker | undefined;
  const start = () => (worker ??= new CheckWorker(threads.startWorker));
  const inWorker = threads.threads > 1;
  if (inWorker && expectedBytes >= CHECK_IN_WORKER_BYTES) start();
  let spentMs = 0;
  return {
    check(chunks, file) {
      const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      // The worker takes a large feed when it is free; else this thread checks it, so neither waits on the other.
      if (inWorker && bytes >= CHECK_IN_WORKER_BYTES && (worker === undefined || worker.pending === 0)) {
        return start()
          .check(chunks, file)
          .then(({ result, ms }) => ((spentMs += ms), result));
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
