import type { RenderedItem } from "../model/feed.js";
import type { ScanJob, ScanResult } from "../parallel/scan.js";
import type { ScanOutcome, ScanPosts } from "../parse/parse.js";
import type { RenderPosts } from "../render/render.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { Checked } from "../common/result.js";
import { fileSystemStamps, type StampSource } from "./stamp.js";
import { CACHE_LIMIT, emptyCache, keepRecent, readCache, renderKey, writeCache, type CacheLimit, type NextCache } from "./cache.js";

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
  let next: NextCache = { files: [], posts: [], rendered: new Map(), stampedAt: -Infinity };
  // Items rendered while scanning (limit 0): the render takes them as it takes cached ones.
  const scanRendered = new Map<string, RenderedItem>();
  const counts = { parsed: 0, read: 0, rendered: 0 };
  let scanJobs = 0;

  const scan: CacheSeam["scan"] = (inner) => async (files) => {
    // Before any stamp of this build is taken: a stamp is trusted only when safely older (src/cache/stamp.ts).
    next = { files: [], posts: [], rendered: next.rendered, stampedAt: stamps.now() };
    // Each file's row in the cache read, -1 when it is read anew (a job).
    const rows = new Int32Array(files.length);
    const jobs: ScanJob[] = [];
    const jobRows: number[] = [];
    for (let index = 0; index < files.length; index++) {
      const { path, file } = files[index]!;
      const row = known.posts.row(file, index);
      if (row >= 0 && known.posts.holds(row, stamps.stat(path))) rows[index] = row;
      else {
        rows[index] = -1;
        jobs.push({ path, file, knownHash: row >= 0 ? known.posts.hash(row) : undefined });
        jobRows.push(row);
      }
    }
    known.posts.forgetFiles();
    scanJobs += jobs.length;
    counts.read += jobs.length;
    const results = await inner(jobs);
    let taken = 0;
    const outcomes: ScanOutcome[] = new Array(files.length);
    for (let index = 0; index < files.length; index++) {
      const { file } = files[index]!;
      const row = rows[index]!;
      if (row >= 0) {
        next.files.push(file);
        next.posts.push(row);
        outcomes[index] = { file, entry: known.posts.entry(row, file), diagnostics: known.posts.diagnostics(row) };
        continue;
      }
      const result = results[taken]!;
      const job = jobs[taken]!;
      const knownRow = jobRows[taken++]!;
      if (seam && result.kind !== "unreadable") result.stamp = seam.stat(job.path) ?? result.stamp;
      if (result.kind === "unreadable") {
        outcomes[index] = { file, diagnostics: result.diagnostics };
        continue;
      }
      if (result.kind === "same") {
        const entry = known.posts.entry(knownRow, file);
        const found = known.posts.diagnostics(knownRow);
        next.files.push(file);
        next.posts.push({ stamp: result.stamp, hash: known.posts.hash(knownRow), entry, diagnostics: found });
        outcomes[index] = { file, entry, diagnostics: found };
        continue;
      }
      counts.parsed++;
      next.files.push(file);
      next.posts.push({ stamp: result.stamp, hash: result.hash, entry: result.entry, diagnostics: result.diagnostics });
      if (result.item && result.entry) scanRendered.set(renderKey(result.entry), result.item);
      outcomes[index] = { file, entry: result.entry, diagnostics: result.diagnostics };
    }
    return outcomes;
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
    const changed = scanJobs > 0 || counts.rendered > 0 || next.posts.length !== known.posts.size;
    // A failed eviction leaves one entry too many: not worth a warning.
    const evict = () => keepRecent(dir, key, !changed, limit).catch(() => undefined);
    if (!changed) return evict().then(() => undefined);
    // writeCache encodes the cache before its first await: with all items its tens of megabytes are encoded
    // before the feeds take memory, and written while they are made.
    return writeCache(dir, key, next, known.posts).then(
      () => evict().then(() => undefined),
      (cause: NodeJS.ErrnoException) => warning(shownDir, `the build cache could not be written (${cause.code ?? cause.message}); the next build starts without it`),
    );
  };

  return { diagnostics: previous.diagnostics, scan, render, save, counts };
}
