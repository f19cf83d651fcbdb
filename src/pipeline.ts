import type { Site } from "./config/parse.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { withEnclosureSizes, type StaticSize } from "./load/static.js";
import { createPostParser, type SourceFile } from "./parse/post.js";
import type { Post } from "./post/model.js";
import { feedMeta, renderItem } from "./render/item.js";
import { createMarkdownRenderer } from "./render/markdown.js";
import { checkAndSelect, type Selection } from "./select/select.js";
import { serializeFeeds, type Feeds } from "./serialize/index.js";

/**
 * The pipeline, end to end, without I/O: parse → select → render → serialize, sources in and
 * feed texts out. `runBuild` (src/build.ts) adds the I/O at both ends (load, write), the build
 * cache and the parallel scan, with the same stage functions. The clock is a parameter.
 */
export interface BuildInput {
  site: Site;
  /** All post files, read. */
  sources: readonly SourceFile[];
  now: Date;
  configFile: string;
  /** Sizes of static files, by path below the site URL, for enclosures without length (runBuild reads them from staticDir). */
  staticSizes?: ReadonlyMap<string, StaticSize>;
}

export interface BuiltFeeds {
  feeds?: Feeds;
  selection?: Selection<Post>;
  posts: Post[];
  diagnostics: Diagnostic[];
}

/** Pure: parses every source, selects, renders the selected posts and serializes. */
export function buildFeeds(input: BuildInput): BuiltFeeds {
  const parse = createPostParser(input.site);
  const diagnostics: Diagnostic[] = [];
  const posts: Post[] = [];
  const bodies = new Map<string, { body: string; line?: number }>();
  for (const source of input.sources) {
    const parsed = parse(source);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.post) {
      posts.push(parsed.post);
      bodies.set(parsed.post.file, { body: parsed.body ?? "", line: parsed.bodyLine });
    }
  }
  const selection = checkAndSelect(posts, diagnostics, input.now, input.site.limit);
  if (!selection) return { posts, diagnostics: sortDiagnostics(diagnostics) };
  const md = createMarkdownRenderer();
  const rendered = selection.items.map((post) => renderItem(post, bodies.get(post.file)?.body ?? "", input.site, md, bodies.get(post.file)?.line));
  for (const item of rendered) diagnostics.push(...(item.warnings ?? []));
  const items = withEnclosureSizes(rendered, input.staticSizes ?? new Map(), input.site.staticDir);
  diagnostics.push(...items.diagnostics);
  if (hasErrors(diagnostics)) return { selection, posts, diagnostics: sortDiagnostics(diagnostics) };
  const serialized = serializeFeeds(feedMeta(input.site, items.items), items.items, input.configFile);
  diagnostics.push(...serialized.diagnostics);
  return { feeds: serialized.feeds, selection, posts, diagnostics: sortDiagnostics(diagnostics) };
}
