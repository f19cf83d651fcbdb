import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { Site } from "../config/parse.js";
import { error, type Diagnostic } from "../diagnostics.js";
import { cannotRead, MAX_POST_BYTES, tooLarge } from "../load/load.js";
import { createPostParser } from "../parse/post.js";
import { toEntry, type PostEntry } from "../post/model.js";
import { renderItem } from "../render/item.js";
import { createMarkdownRenderer } from "../render/markdown.js";
import type { FeedItem } from "../serialize/model.js";
import type { MarkdownIt } from "markdown-it";

/**
 * One unit of the scan: read a post file and parse its frontmatter. Runs on the main thread or
 * in a worker (src/parallel/worker.ts), with the same code, so results never depend on the split.
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
  | { file: string; kind: "parsed"; stamp: FileStamp; hash: string; entry?: PostEntry; diagnostics: Diagnostic[]; item?: FeedItem }
  /** The bytes hash to `knownHash`: the cached parse stands (a checkout touched the mtime only). */
  | { file: string; kind: "same"; stamp: FileStamp; hash: string }
  | { file: string; kind: "unreadable"; diagnostics: Diagnostic[] };

export interface ScanOptions {
  /**
   * Set when every live post reaches the feed (limit 0): live posts are rendered right away, while
   * their bytes are in hand, instead of being read and parsed a second time after selection.
   * Milliseconds since the epoch of the build's clock.
   */
  renderLiveAt?: number;
}

export function createScanner(site: Site, options: ScanOptions = {}): (job: ScanJob) => ScanResult {
  const parse = createPostParser(site);
  let md: MarkdownIt | undefined;
  const at = options.renderLiveAt;
  return (job) => {
    let bytes: Buffer;
    let stamp: FileStamp;
    try {
      const read = readWithStamp(job.path);
      if ("tooLarge" in read) {
        return { file: job.file, kind: "unreadable", diagnostics: [error(job.file, tooLarge(read.tooLarge))] };
      }
      ({ bytes, stamp } = read);
    } catch (cause) {
      return { file: job.file, kind: "unreadable", diagnostics: [error(job.file, cannotRead(cause))] };
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (job.knownHash === hash) return { file: job.file, kind: "same", stamp, hash };
    const parsed = parse({ file: job.file, bytes }, { keepBody: at !== undefined });
    const post = parsed.post;
    const live = post && at !== undefined && !post.draft && post.date.getTime() <= at && !(post.expires && post.expires.getTime() <= at);
    const item = live ? renderItem(post, parsed.body ?? "", site, (md ??= createMarkdownRenderer())) : undefined;
    return { file: job.file, kind: "parsed", stamp, hash, entry: post && toEntry(post), diagnostics: parsed.diagnostics, item };
  };
}

/** One open, one fstat, one read: the stamp and the bytes of the same file, at the cost of one syscall less than stat + readFile. */
function readWithStamp(file: string): { bytes: Buffer; stamp: FileStamp } | { tooLarge: number } {
  const fd = openSync(file, "r");
  try {
    const info = fstatSync(fd);
    if (info.size > MAX_POST_BYTES) return { tooLarge: info.size };
    const bytes = Buffer.allocUnsafe(info.size);
    let filled = 0;
    while (filled < info.size) {
      const n = readSync(fd, bytes, filled, info.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: filled === info.size ? bytes : bytes.subarray(0, filled), stamp: { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs } };
  } finally {
    closeSync(fd);
  }
}
