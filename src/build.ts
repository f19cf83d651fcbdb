import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILE, parseConfig, type Site } from "./config/parse.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { findPostFiles, readSource, readSources } from "./load/load.js";
import { checkUnique, createPostParser, decodeSource, type SourceFile } from "./parse/post.js";
import { splitFrontmatter } from "./parse/frontmatter.js";
import type { Post } from "./post/model.js";
import { feedMeta, renderItem } from "./render/item.js";
import { createMarkdownRenderer } from "./render/markdown.js";
import { selectPosts, type Selection } from "./select/select.js";
import { serializeFeeds, type Feeds } from "./serialize/index.js";
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

function finish(input: BuildInput, posts: Post[], diagnostics: Diagnostic[], bodyOf: (post: Post) => string): BuiltFeeds {
  diagnostics.push(...checkUnique(posts));
  if (hasErrors(diagnostics)) return { posts, diagnostics: sortDiagnostics(diagnostics) };
  const selection = selectPosts(posts, input.now, input.site.limit);
  const md = createMarkdownRenderer();
  const items = selection.items.map((post) => renderItem(post, bodyOf(post), input.site, md));
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

  const found = await findPostFiles(postsDir, display);
  const read = await readSources(found.files, display);
  const diagnostics = [...config.diagnostics, ...found.diagnostics, ...read.diagnostics];
  // Bodies are not kept while every post is parsed: only the few that reach a feed are read again.
  const parse = createPostParser(site);
  const posts: Post[] = [];
  for (const source of read.sources) {
    const parsed = parse(source, { keepBody: false });
    diagnostics.push(...parsed.diagnostics);
    if (parsed.post) posts.push(parsed.post);
  }
  const input = { site, sources: [], now: options.now, configFile };
  const selected = selectPosts(posts, options.now, site.limit).items;
  const bodies = new Map<string, string>();
  if (!hasErrors(diagnostics)) {
    for (const post of selected) {
      const body = await readBody(path.resolve(options.cwd, post.file), post, display);
      if (typeof body === "string") bodies.set(post.file, body);
      else diagnostics.push(body);
    }
  }
  const built = finish(input, posts, diagnostics, (post) => bodies.get(post.file) ?? "");
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
  return { ok: true, diagnostics: built.diagnostics, site, selection: built.selection, posts, write, outDir };
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
