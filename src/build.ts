import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { MarkdownIt } from "markdown-it";
import { cacheKey, emptyCache, readCache, renderKey, writeCache, type CachedPost } from "./cache/cache.js";
import path from "node:path";
import { CONFIG_FILE, parseConfig, type Site } from "./config/parse.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { findPostFiles, readSource } from "./load/load.js";
import type { FileStamp, ScanJob } from "./scan/job.js";
import { defaultThreads, scanFiles } from "./scan/scan.js";
import { checkUnique, createPostParser, decodeSource, type SourceFile } from "./parse/post.js";
import { splitFrontmatter } from "./parse/frontmatter.js";
import type { Post } from "./post/model.js";
import { feedMeta, renderItem } from "./render/item.js";
import { createMarkdownRenderer } from "./render/markdown.js";
import { selectPosts, type Selection } from "./select/select.js";
import { serializeFeeds, type FeedItem, type Feeds } from "./serialize/index.js";
import { writeOutputs, type WriteHooks, type WriteResult } from "./write/write.js";

/**
 * The pipeline, end to end: load → parse → select → render → serialize → write.
 * `buildFeeds` is the pure middle (sources in, feed texts out); `runBuild` adds the I/O at both
 * ends. The clock is a parameter: nothing here reads the time.
 */
export interface BuildInput {
  site: Site;
  /** All post files, read. */
  sources: readonly SourceFile[];
  now: Date;
  configFile: string;
}

export interface BuiltFeeds {
  feeds?: Feeds;
  selection?: Selection;
  posts: Post[];
  diagnostics: Diagnostic[];
}

/** Pure: parses every source, selects, renders the selected posts and serializes. */
export function buildFeeds(input: BuildInput): BuiltFeeds {
  const parse = createPostParser(input.site);
  const diagnostics: Diagnostic[] = [];
  const posts: Post[] = [];
  const bodies = new Map<string, string>();
  for (const source of input.sources) {
    const parsed = parse(source);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.post) {
      posts.push(parsed.post);
      bodies.set(parsed.post.file, parsed.body ?? "");
    }
  }
  return finish(input, posts, diagnostics, (post) => bodies.get(post.file) ?? "");
}

/** `renderVia` lets the caller serve an item from its cache instead of rendering it. */
type RenderVia = (post: Post, render: () => FeedItem) => FeedItem;

function finish(input: BuildInput, posts: Post[], diagnostics: Diagnostic[], bodyOf: (post: Post) => string, renderVia: RenderVia = (_post, render) => render()): BuiltFeeds {
  diagnostics.push(...checkUnique(posts));
  if (hasErrors(diagnostics)) return { posts, diagnostics: sortDiagnostics(diagnostics) };
  const selection = selectPosts(posts, input.now, input.site.limit);
  let md: MarkdownIt | undefined;
  const items = selection.items.map((post) => renderVia(post, () => renderItem(post, bodyOf(post), input.site, (md ??= createMarkdownRenderer()))));
  const serialized = serializeFeeds(feedMeta(input.site, items), items, input.configFile);
  diagnostics.push(...serialized.diagnostics);
  return { feeds: serialized.feeds, selection, posts, diagnostics: sortDiagnostics(diagnostics) };
}

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
  /** Threads for parsing (default: the machine's cores); 1 keeps everything on the main thread. */
  threads?: number;
  writeHooks?: WriteHooks;
}

export interface RunResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  site?: Site;
  selection?: Selection;
  posts: Post[];
  write?: WriteResult;
  outDir?: string;
  /** How much the cache saved: posts parsed anew vs reused, items rendered vs reused. */
  work?: { parsed: number; reused: number; rendered: number; renderReused: number };
}

/** Reads the configuration and posts, builds, and writes the feeds unless anything is wrong. */
export async function runBuild(options: RunOptions): Promise<RunResult> {
  const display = (absolute: string) => path.relative(options.cwd, absolute) || ".";
  const configPath = path.resolve(options.cwd, options.configPath);
  const configFile = display(configPath);
  let configText: string;
  try {
    configText = await readFile(configPath, "utf8");
  } catch {
    return { ok: false, posts: [], diagnostics: [{ severity: "error", file: configFile, message: `cannot be read; create ${CONFIG_FILE} (see README, Configuration) or pass --config` }] };
  }
  const config = parseConfig(configText, configFile, options.env);
  if (!config.site) return { ok: false, posts: [], diagnostics: sortDiagnostics(config.diagnostics) };
  const site = config.site;
  const root = path.dirname(configPath);
  const postsDir = options.postsDir ? path.resolve(options.cwd, options.postsDir) : path.resolve(root, site.postsDir);
  const outDir = options.outDir ? path.resolve(options.cwd, options.outDir) : path.resolve(root, site.outDir);
  const cacheDir = path.resolve(root, site.cacheDir);
  const useCache = options.cache ?? true;

  const found = await findPostFiles(postsDir, display);
  const key = useCache ? cacheKey(site, options.cwd) : "";
  const previous = useCache ? await readCache(cacheDir, key) : { cache: emptyCache(), diagnostics: [] };
  const diagnostics = [...config.diagnostics, ...found.diagnostics, ...previous.diagnostics];

  // Parse only what changed since the cached build; everything else is taken as it was.
  const next = emptyCache();
  const jobs: ScanJob[] = [];
  const byFile = new Map<string, CachedPost>();
  for (const absolute of found.files) {
    const file = display(absolute);
    const cached = previous.cache.posts.get(file);
    const stamp = cached && stampOf(absolute);
    if (cached && stamp && sameStamp(stamp, cached.stamp)) byFile.set(file, cached);
    else jobs.push({ path: absolute, file, knownHash: cached?.hash });
  }
  let parsed = 0;
  for (const result of await scanFiles(jobs, site, options.threads ?? defaultThreads())) {
    if (result.kind === "unreadable") {
      diagnostics.push(...result.diagnostics);
    } else if (result.kind === "same") {
      byFile.set(result.file, { ...previous.cache.posts.get(result.file)!, stamp: result.stamp });
    } else {
      parsed++;
      byFile.set(result.file, { stamp: result.stamp, hash: result.hash, post: result.post, diagnostics: result.diagnostics });
    }
  }
  const posts: Post[] = [];
  for (const absolute of found.files) {
    const entry = byFile.get(display(absolute));
    if (!entry) continue;
    next.posts.set(display(absolute), entry);
    diagnostics.push(...entry.diagnostics);
    if (entry.post) posts.push(entry.post);
  }
  const input = { site, sources: [], now: options.now, configFile };
  const selected = selectPosts(posts, options.now, site.limit).items;

  // Bodies are read again only for posts that reach a feed and are not rendered in the cache.
  const items = new Map<string, FeedItem>();
  const bodies = new Map<string, string>();
  let rendered = 0;
  if (!hasErrors(diagnostics)) {
    for (const post of selected) {
      const cachedItem = previous.cache.rendered.get(renderKey(post));
      if (cachedItem) {
        items.set(post.file, cachedItem);
        continue;
      }
      const body = await readBody(path.resolve(options.cwd, post.file), post, display);
      if (typeof body === "string") bodies.set(post.file, body);
      else diagnostics.push(body);
    }
  }
  const built = finish(input, posts, diagnostics, (post) => bodies.get(post.file) ?? "", (post, render) => {
    const item = items.get(post.file) ?? (rendered++, render());
    next.rendered.set(renderKey(post), item);
    return item;
  });
  if (!built.feeds) return { ok: false, diagnostics: built.diagnostics, site, posts, outDir };
  const write = await writeOutputs(
    outDir,
    [
      { name: site.files.rss, content: built.feeds.rss },
      { name: site.files.atom, content: built.feeds.atom },
      { name: site.files.json, content: built.feeds.json },
    ],
    options.writeHooks,
  );
  if (useCache && (parsed > 0 || rendered > 0 || jobs.length > 0 || next.posts.size !== previous.cache.posts.size)) {
    await writeCache(cacheDir, key, next);
  }
  return {
    ok: true,
    diagnostics: built.diagnostics,
    site,
    selection: built.selection,
    posts,
    write,
    outDir,
    work: { parsed, reused: posts.length - parsed, rendered, renderReused: selected.length - rendered },
  };
}

function stampOf(file: string): FileStamp | undefined {
  try {
    const info = statSync(file);
    return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
  } catch {
    return undefined;
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Re-reads a selected post's body; the hash proves it is the file that was parsed. */
async function readBody(file: string, post: Post, display: (absolute: string) => string): Promise<string | Diagnostic> {
  const read = await readSource(file, display);
  if ("diagnostic" in read) return read.diagnostic;
  if (createHash("sha256").update(read.source.bytes).digest("hex") !== post.sourceHash) {
    return { severity: "error", file: post.file, message: "changed while the build was running; run the build again" };
  }
  const decoded = decodeSource(read.source);
  if (!decoded.ok) return decoded.diagnostic;
  const split = splitFrontmatter(decoded.text);
  return split.ok ? split.body : { severity: "error", file: post.file, message: split.message };
}
