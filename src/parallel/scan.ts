import type { Site } from "../model/site.js";
import type { Diagnostic } from "../common/diagnostics.js";
import { readPostFile } from "../load/load.js";
import { createPostParser, sourceHashOf } from "../parse/post.js";
import { statusAt, toEntry, type FileStamp, type PostEntry } from "../model/post.js";
import { renderItem } from "../render/item.js";
import { createMarkdownRenderer } from "../render/markdown.js";
import type { RenderedItem } from "../model/feed.js";
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

export type ScanResult =
  | { file: string; kind: "parsed"; stamp: FileStamp; hash: string; entry?: PostEntry; diagnostics: Diagnostic[]; item?: RenderedItem }
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
  // Nothing keeps a file's bytes past its own read (the parse decodes what it needs).
  const scratch = Buffer.allocUnsafe(256 * 1024);
  // Read, hashed and parsed in a call of its own: the file's bytes are let go when it returns,
  // before a long body is rendered (a 60 MB post's bytes were alive through all its rendering).
  const readParsed = (job: ScanJob): Exclude<ScanResult, { kind: "parsed" }> | { kind: "parsed"; stamp: FileStamp; hash: string; parsed: ReturnType<typeof parse> } => {
    const read = readPostFile(job.path, job.file, scratch);
    if (!read.ok) return { file: job.file, kind: "unreadable", diagnostics: [read.why] };
    const { source, stamp } = read.value;
    const hash = sourceHashOf(source.bytes);
    if (job.knownHash === hash) return { file: job.file, kind: "same", stamp, hash };
    return { kind: "parsed", stamp, hash, parsed: parse({ ...source, hash }, { keepBody: at !== undefined }) };
  };
  return (job) => {
    const read = readParsed(job);
    if (read.kind !== "parsed") return read;
    const { parsed, stamp, hash } = read;
    const post = parsed.post;
    const live = post && at !== undefined && statusAt(post, at) === "live";
    const item = live ? renderItem(post, parsed.body ?? "", site, (md ??= createMarkdownRenderer()), parsed.bodyLine) : undefined;
    return { file: job.file, kind: "parsed", stamp, hash, entry: post && toEntry(post, parsed.staticFile, site.termFeeds), diagnostics: parsed.diagnostics, item };
  };
}
