import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import type { Site } from "../config/parse.js";
import { error, type Diagnostic } from "../diagnostics.js";
import { MAX_POST_BYTES } from "../load/load.js";
import { createPostParser } from "../parse/post.js";
import type { Post } from "../post/model.js";

/**
 * One unit of the scan: read a post file and parse its frontmatter. Runs on the main thread or
 * in a worker (src/scan/worker.ts), with the same code, so results never depend on the split.
 */
export interface ScanJob {
  /** Absolute path. */
  path: string;
  /** Path shown in messages and stored in the post. */
  file: string;
  /** Hash the cache knows for this file: when the bytes still hash to it, parsing is skipped. */
  knownHash?: string;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export type ScanResult =
  | { file: string; kind: "parsed"; stamp: FileStamp; hash: string; post?: Post; diagnostics: Diagnostic[] }
  /** The bytes hash to `knownHash`: the cached parse stands (a checkout touched the mtime only). */
  | { file: string; kind: "same"; stamp: FileStamp; hash: string }
  | { file: string; kind: "unreadable"; diagnostics: Diagnostic[] };

export function createScanner(site: Site): (job: ScanJob) => ScanResult {
  const parse = createPostParser(site);
  return (job) => {
    let bytes: Buffer;
    let stamp: FileStamp;
    try {
      const info = statSync(job.path);
      if (info.size > MAX_POST_BYTES) {
        return { file: job.file, kind: "unreadable", diagnostics: [error(job.file, `is ${info.size} bytes; posts are limited to ${MAX_POST_BYTES} bytes`)] };
      }
      bytes = readFileSync(job.path);
      stamp = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
      return { file: job.file, kind: "unreadable", diagnostics: [error(job.file, `cannot be read (${code}); check that the file exists and is readable`)] };
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (job.knownHash === hash) return { file: job.file, kind: "same", stamp, hash };
    const parsed = parse({ file: job.file, bytes }, { keepBody: false });
    return { file: job.file, kind: "parsed", stamp, hash, post: parsed.post, diagnostics: parsed.diagnostics };
  };
}
