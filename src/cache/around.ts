import { statSync } from "node:fs";
import type { RenderedItem } from "../model/feed.js";
import type { FileStamp, PostFile } from "../model/post.js";
import type { ScanJob, ScanResult } from "../parallel/scan.js";
import type { ScanPosts } from "../parse/parse.js";
import type { RenderPosts } from "../render/render.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { Checked } from "../common/result.js";
import { emptyCache, readCache, renderKey, writeCache, type BuildCache, type CachedPost } from "./cache.js";

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
  /** Starts writing the next cache when anything changed; a cache that cannot be written is a warning. */
  save(shownDir: string): Promise<Diagnostic | undefined>;
  /** Posts parsed anew and items rendered anew, so far. */
  counts: { parsed: number; rendered: number };
}

/** `key` undefined: no cache is read or written. */
export async function openCache(dir: string, key: string | undefined): Promise<CacheSeam> {
  const previous = key === undefined ? { cache: emptyCache(), diagnostics: [] } : await readCache(dir, key);
  const known = previous.cache;
  const next: BuildCache = emptyCache();
  // Items rendered while scanning (limit 0): the render takes them as it takes cached ones.
  const scanRendered = new Map<string, RenderedItem>();
  const counts = { parsed: 0, rendered: 0 };
  let scanJobs = 0;

  const scan: CacheSeam["scan"] = (inner) => async (files) => {
    const found = new Map<string, CachedPost>();
    const jobs: ScanJob[] = [];
    for (const { path, file } of files) {
      const cached = known.posts.get(file);
      if (cached && hasStamp(path, cached.stamp)) found.set(file, cached);
      else jobs.push({ path, file, knownHash: cached?.hash });
    }
    scanJobs += jobs.length;
    const unreadable = new Map<string, Diagnostic[]>();
    for (const result of await inner(jobs)) {
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
    const changed = key !== undefined && (scanJobs > 0 || counts.rendered > 0 || next.posts.size !== known.posts.size);
    if (!changed) return Promise.resolve(undefined);
    // writeCache encodes the cache before its first await: with all items its 60 MB are encoded
    // before the feeds take memory, and written while they are made.
    return writeCache(dir, key, next).then(
      () => undefined,
      (cause: NodeJS.ErrnoException) => warning(shownDir, `the build cache could not be written (${cause.code ?? cause.message}); the next build starts without it`),
    );
  };

  return { diagnostics: previous.diagnostics, scan, render, save, counts };
}

/** Size, mtime and ctime still as the cache knows them? A file that cannot be stat'ed is read again, which reports why. */
function hasStamp(file: string, stamp: FileStamp): boolean {
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    return info !== undefined && info.size === stamp.size && info.mtimeMs === stamp.mtimeMs && info.ctimeMs === stamp.ctimeMs;
  } catch {
    return false;
  }
}
