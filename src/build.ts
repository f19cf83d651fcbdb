import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { cacheKey, emptyCache, readCache, renderKey, writeCache, type CachedPost } from "./cache/cache.js";
import { CONFIG_FILE } from "./config/constants.js";
import { loadConfig } from "./config/memo.js";
import type { Site } from "./config/parse.js";
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from "./diagnostics.js";
import { guardIds, mergePreviousItems, type IdGuardReport } from "./guard/guard.js";
import { findPostFiles, type FileStamp } from "./load/load.js";
import { readPreviousFeeds } from "./load/previous.js";
import { readStaticSizes, withEnclosureSizes } from "./load/static.js";
import type { PostEntry } from "./post/model.js";
import { feedMeta } from "./render/item.js";
import { defaultThreads, renderInThreads, scanInThreads, type ThreadOptions } from "./parallel/pool.js";
import type { ScanJob } from "./parallel/scan.js";
import { checkAndSelect, type Selection } from "./select/select.js";
import { feedWriters, type FeedItem } from "./serialize/index.js";
import { writeOutputs, type WriteHooks, type WriteResult } from "./write/write.js";

/**
 * The pipeline with its I/O: reads the configuration and posts, builds and writes, with the build
 * cache and the parallel scan. The pure middle, sources in and feed texts out, is `buildFeeds`
 * (src/pipeline.ts); both share every stage. The clock is a parameter: nothing here reads it.
 *
 * What this module loads at start-up is kept small: the schema library (zod), the parsers and the
 * renderers load only when something must be parsed or rendered, so a build whose posts all come
 * from the cache does without them.
 */
export interface RunOptions {
  configPath: string;
  /** Overrides the configuration's postsDir / outDir (relative to the working directory). */
  postsDir?: string;
  outDir?: string;
  now: Date;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Use and update the build cache (default true). */
  cache?: boolean;
  /** Threads for parsing and rendering (default: the machine's cores); 1 keeps everything on the main thread. */
  threads?: number;
  /** Least work per thread before a worker is started (default: measured per stage, src/parallel/pool.ts). */
  minJobsPerThread?: number;
  writeHooks?: WriteHooks;
  /** The currently published feeds (a folder or one file), for the id guard; relative to cwd. */
  previous?: string;
}

export interface RunResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  site?: Site;
  selection?: Selection;
  /** Every parsed post, in file order (the fields selection and the id guard need). */
  posts: PostEntry[];
  write?: WriteResult;
  outDir?: string;
  /** Set when `previous` was given: what the id guard compared and found. */
  idGuard?: IdGuardReport;
  /** What the cache saved: posts parsed anew or reused, feed items rendered anew or reused. */
  work?: { parsed: number; reused: number; rendered: number; renderReused: number };
  /** Milliseconds spent in each stage (for the report and the benchmark; never in any output). */
  timings?: Record<string, number>;
}

/** Reads the configuration and posts, builds, and writes the feeds unless anything is wrong. */
export async function runBuild(options: RunOptions): Promise<RunResult> {
  const timings: Record<string, number> = {};
  let lap = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - lap);
    lap = now;
  };
  const cwdPrefix = options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep;
  // Called once per post: a prefix cut is much cheaper than path.relative on 100,000 files.
  const display = (absolute: string) => (absolute.startsWith(cwdPrefix) ? absolute.slice(cwdPrefix.length) : path.relative(options.cwd, absolute) || ".");
  const configPath = path.resolve(options.cwd, options.configPath);
  const configFile = display(configPath);
  let configText: string;
  try {
    configText = await readFile(configPath, "utf8");
  } catch (cause) {
    return { ok: false, posts: [], diagnostics: [error(configFile, configUnreadable(cause))] };
  }
  const root = path.dirname(configPath);
  const useCache = options.cache ?? true;
  const config = await loadConfig(configText, configFile, options.env, root, useCache);
  if (!config.site) return { ok: false, posts: [], diagnostics: sortDiagnostics(config.diagnostics) };
  const site = config.site;
  const postsDir = options.postsDir ? path.resolve(options.cwd, options.postsDir) : path.resolve(root, site.postsDir);
  const outDir = options.outDir ? path.resolve(options.cwd, options.outDir) : path.resolve(root, site.outDir);
  const cacheDir = path.resolve(root, site.cacheDir);

  // Load and parse: only what changed since the cached build is read and parsed again.
  stage("config");
  const found = await findPostFiles(postsDir, display);
  const key = useCache ? cacheKey(site, options.cwd) : "";
  const previous = useCache ? await readCache(cacheDir, key) : { cache: emptyCache(), diagnostics: [] };
  const diagnostics = [...config.diagnostics, ...found.diagnostics, ...previous.diagnostics];
  stage("load");
  const threads = { threads: options.threads ?? defaultThreads(), minJobsPerThread: options.minJobsPerThread };
  const scanned = await scanPosts(found.files, display, previous.cache.posts, site, options.now, options.cwd, threads);
  const next = emptyCache();
  const posts: PostEntry[] = [];
  for (const [file, cached] of scanned.posts) {
    next.posts.set(file, cached);
    diagnostics.push(...cached.diagnostics);
    if (cached.entry) posts.push(cached.entry);
  }
  diagnostics.push(...scanned.diagnostics);

  // Select, then render only the posts that reach the feed (from the cache when unchanged).
  stage("parse");
  const selection = checkAndSelect(posts, diagnostics, options.now, site.limit);
  if (!selection) return { ok: false, diagnostics: sortDiagnostics(diagnostics), site, posts, outDir };
  stage("select");
  // The id guard, before anything is rendered or written: a changed id stops the build.
  let idGuard: IdGuardReport | undefined;
  if (options.previous !== undefined) {
    const published = await readPreviousFeeds(path.resolve(options.cwd, options.previous), [site.files.rss, site.files.atom, site.files.json], display);
    const guarded = guardIds(mergePreviousItems(published.feeds), selection.items, posts, options.now);
    diagnostics.push(...published.diagnostics, ...guarded.diagnostics);
    idGuard = guarded.report;
    stage("guard");
    if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics), site, selection, posts, outDir, idGuard };
  }
  // Each item's key once (with all items, 10,000 keys looked up in three maps).
  const keys = selection.items.map(renderKey);
  const known = keys.map((key) => previous.cache.rendered.get(key) ?? scanned.items.get(key));
  const toRender = selection.items.filter((_, index) => !known[index]);
  const renderedNow = await renderInThreads(toRender, site, options.cwd, threads);
  let nextRendered = 0;
  const items: FeedItem[] = [];
  keys.forEach((key, index) => {
    const item = known[index] ?? renderedNow[nextRendered++]!;
    if ("severity" in item) diagnostics.push(item);
    else {
      items.push(item);
      // Kept with the item, so a build that takes it from the cache warns the same.
      if (item.warnings) diagnostics.push(...item.warnings);
      next.rendered.set(key, item);
    }
  });
  const rendered = keys.filter((key) => !previous.cache.rendered.has(key)).length;
  // Local enclosures without length: measured every build (the cached item keeps the path, not the size).
  const staticDir = path.resolve(root, site.staticDir);
  const sized = withEnclosureSizes(items, await readStaticSizes(staticDir, items.flatMap((item) => item.enclosure?.sitePath ?? [])), display(staticDir));
  diagnostics.push(...sized.diagnostics);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics), site, posts, outDir, idGuard };

  // The cache alongside the feeds: it holds what parsing and rendering gave for the current
  // sources, which stays true whatever becomes of the feeds' write. Started first, so that with all
  // items its 60 MB are encoded before the feeds take memory and written while they are made. A
  // cache that cannot be written costs the next build time, not this one its feeds: a warning.
  stage("render");
  const cacheChanged = useCache && (scanned.jobs > 0 || rendered > 0 || next.posts.size !== previous.cache.posts.size);
  const cacheWritten = Promise.all([cacheChanged ? writeCache(cacheDir, key, next) : undefined, config.remember?.()]).then(
    () => undefined,
    (cause: NodeJS.ErrnoException) => warning(display(cacheDir), `the build cache could not be written (${cause.code ?? cause.message}); the next build starts without it`),
  );

  // Serialize and write, one format at a time.
  const feeds = feedWriters(feedMeta(site, sized.items), sized.items, configFile);
  diagnostics.push(...feeds.diagnostics);
  let write: WriteResult;
  try {
    write = await writeOutputs(
      outDir,
      [
        { name: site.files.rss, content: feeds.writers.rss },
        { name: site.files.atom, content: feeds.writers.atom },
        { name: site.files.json, content: feeds.writers.json },
      ],
      options.writeHooks,
    );
  } catch (cause) {
    // A full disk or a read-only folder: a message, not a stack trace. writeOutputs leaves each file whole.
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    diagnostics.push(error(display(outDir), `the feeds could not be written (${reason}); every file there is as it was or wholly new. Check the folder's space and permissions, then build again`));
    await cacheWritten;
    return { ok: false, diagnostics: sortDiagnostics(diagnostics), site, selection, posts, outDir, idGuard };
  }
  stage("serialize+write");
  const cacheProblem = await cacheWritten;
  if (cacheProblem) diagnostics.push(cacheProblem);
  return {
    ok: true,
    diagnostics: sortDiagnostics(diagnostics),
    site,
    selection,
    posts,
    write,
    outDir,
    idGuard,
    work: { parsed: scanned.parsed, reused: posts.length - scanned.parsed, rendered, renderReused: selection.items.length - rendered },
    timings: (stage("cache"), timings),
  };
}

/** Why the configuration file cannot be read, and what to do (the file is named by the message's place). */
function configUnreadable(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `cannot be read: there is no such file (ENOENT); create it (see README, Configuration), or pass --config with the path of yours (default: ${CONFIG_FILE})`;
  if (code === "EISDIR") return "cannot be read: it is a folder (EISDIR); pass --config with the configuration file inside it";
  if (code === "EACCES" || code === "EPERM") return `cannot be read: permission denied (${code}); make it readable by the user running the build`;
  return `cannot be read (${code ?? String(cause)})`;
}

/** Stats every post; unchanged ones come from the cache, the rest are read and parsed (in parallel). */
async function scanPosts(
  files: readonly string[],
  display: (absolute: string) => string,
  cached: ReadonlyMap<string, CachedPost>,
  site: Site,
  now: Date,
  cwd: string,
  threads: ThreadOptions,
) {
  const names = files.map(display);
  const found = new Map<string, CachedPost>();
  const jobs: ScanJob[] = [];
  names.forEach((file, index) => {
    const entry = cached.get(file);
    if (entry && hasStamp(files[index]!, entry.stamp)) found.set(file, entry);
    else jobs.push({ path: files[index]!, file, knownHash: entry?.hash });
  });
  const diagnostics: Diagnostic[] = [];
  let parsed = 0;
  // With no limit every live post reaches the feed: render it during the scan, while it is in hand.
  const renderLiveAt = site.limit === 0 ? now.getTime() : undefined;
  const items = new Map<string, FeedItem>();
  for (const result of await scanInThreads(jobs, site, cwd, threads, { renderLiveAt })) {
    if (result.kind === "unreadable") {
      diagnostics.push(...result.diagnostics);
    } else if (result.kind === "same") {
      found.set(result.file, { ...cached.get(result.file)!, stamp: result.stamp });
    } else {
      parsed++;
      found.set(result.file, { stamp: result.stamp, hash: result.hash, entry: result.entry, diagnostics: result.diagnostics });
      if (result.item && result.entry) items.set(renderKey(result.entry), result.item);
    }
  }
  // In file order, whatever came from the cache and whatever was parsed.
  const posts = names.flatMap((file): [string, CachedPost][] => {
    const entry = found.get(file);
    return entry ? [[file, entry]] : [];
  });
  return { posts, diagnostics, parsed, jobs: jobs.length, items };
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
