import type { RenderedItem } from "../model/feed.js";
import type { FileStamp, PostFile } from "../model/post.js";
import type { ScanJob, ScanResult } from "../parallel/scan.js";
import type { ScanPosts } from "../parse/parse.js";
import type { RenderPosts } from "../render/render.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { Checked } from "../common/result.js";
import { fileSystemStamps, stampHolds, type StampSource } from "./stamp.js";
import { CACHE_LIMIT, emptyCache, keepRecent, readCache, renderKey, writeCache, type BuildCache, type CacheLimit, type CachedPost } from "./cache.js";

/**
 * The build cache as a seam: it wraps the scan and the render, which then see only the posts and
 * items it does not already hold, and records what they give for the next build. The stages call
 * what it hands them without knowing whether a result was cached. Without a key (--no-cache)
 * nothing is read or written, but the posts rendered during the scan are still handed to the render.
 */
export interface CacheSeam {
  /** Problems reading the cache (a corrupt file is a warning: the build goes on without it). */
  diagnostics: Diagnostic[];
  scan(inner: (jobs: readonly ScanJob[]) => Promise<ScanResult[]>): ScanPosts;
  render(inner: RenderPosts): RenderPosts;
  /**
   * Starts writing the next cache when anything changed (else marks the entry used), then evicts
   * the least recently used entries of other configurations; a cache that cannot be written is a warning.
   */
  save(shownDir: string): Promise<Diagnostic | undefined>;
  /** Posts parsed anew, read from disk (parsed, or hashed to check a stamp) and items rendered anew, so far. */
  counts: { parsed: number; read: number; rendered: number };
}

/**
 * `key` undefined: no cache is read or written. `seam`: where file stamps and their clock come
 * from (tests; default the file system and the real clock, src/cache/stamp.ts). `limit`: how many
 * entries (one per key) the folder keeps, and their bytes together.
 */
export async function openCache(dir: string, key: string | undefined, display?: (absolute: string) => string, seam?: StampSource, limit: CacheLimit = CACHE_LIMIT): Promise<CacheSeam> {
  const previous = key === undefined ? { cache: emptyCache(), diagnostics: [] } : await readCache(dir, key, display);
  const known = previous.cache;
  const stamps = seam ?? fileSystemStamps;
  let next: BuildCache = emptyCache();
  // Items rendered while scanning (limit 0): the render takes them as it takes cached ones.
  const scanRendered = new Map<string, RenderedItem>();
  const counts = { parsed: 0, read: 0, rendered: 0 };
  let scanJobs = 0;

  const scan: CacheSeam["scan"] = (inner) => async (files) => {
    // Before any stamp of this build is taken: a stamp is trusted only when safely older (src/cache/stamp.ts).
    next = { ...next, stampedAt: stamps.now() };
    const found = new Map<string, CachedPost>();
    const jobs: ScanJob[] = [];
    for (const { path, file } of files) {
      const cached = known.posts.get(file);
      if (cached && stampHolds(cached.stamp, known.stampedAt, stamps.stat(path))) found.set(file, cached);
      else jobs.push({ path, file, knownHash: cached?.hash });
    }
    scanJobs += jobs.length;
    counts.read += jobs.length;
    const unreadable = new Map<string, Diagnostic[]>();
    for (const [index, result] of (await inner(jobs)).entries()) {
      if (seam && result.kind !== "unreadable") result.stamp = seam.stat(jobs[index]!.path) ?? result.stamp;
      if (result.kind === "unreadable") unreadable.set(result.file, result.diagnostics);
      else if (result.kind === "same") found.set(result.file, { ...known.posts.get(result.file)!, stamp: result.stamp });
      else {
        counts.parsed++;
        found.set(result.file, { stamp: result.stamp, hash: result.hash, entry: result.entry, diagnostics: result.diagnostics });
        if (result.item && result.entry) scanRendered.set(renderKey(result.entry), result.item);
      }
    }
    return files.map(({ file }) => {
      const cached = found.get(file);
      if (!cached) return { file, diagnostics: unreadable.get(file) ?? [] };
      next.posts.set(file, cached);
      return { file, entry: cached.entry, diagnostics: cached.diagnostics };
    });
  };

  const render: CacheSeam["render"] = (inner) => async (entries) => {
    const keys = entries.map(renderKey);
    const held = keys.map((key) => known.rendered.get(key) ?? scanRendered.get(key));
    const fresh = await inner(entries.filter((_, index) => !held[index]));
    let taken = 0;
    counts.rendered += keys.filter((key) => !known.rendered.has(key)).length;
    return keys.map((key, index): Checked<RenderedItem> => {
      const item = held[index];
      const outcome: Checked<RenderedItem> = item ? { ok: true, value: item } : fresh[taken++]!;
      if (outcome.ok) next.rendered.set(key, outcome.value);
      return outcome;
    });
  };

  const save: CacheSeam["save"] = (shownDir) => {
    if (key === undefined) return Promise.resolve(undefined);
    const changed = scanJobs > 0 || counts.rendered > 0 || next.posts.size !== known.posts.size;
    // A failed eviction leaves one entry too many: not worth a warning.
    const evict = () => keepRecent(dir, key, !changed, limit).catch(() => undefined);
    if (!changed) return evict().then(() => undefined);
    // writeCache encodes the cache before its first await: with all items its tens of megabytes are encoded
    // before the feeds take memory, and written while they are made.
    return writeCache(dir, key, next).then(
      () => evict().then(() => undefined),
      (cause: NodeJS.ErrnoException) => warning(shownDir, `the build cache could not be written (${cause.code ?? cause.message}); the next build starts without it`),
    );
  };

  return { diagnostics: previous.diagnostics, scan, render, save, counts };
}
