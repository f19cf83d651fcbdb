/**
 * `npx tsx scripts/bench/markdown.ts [rounds] [corpus folder]`: the Markdown renderers on the
 * real-shaped corpus (scripts/bench/corpus.ts, 1,000 posts; generated into .bench/real-1000 as
 * `npm run bench` does, when missing), in one process, each round rendering every post's body once
 * per renderer, the renderers' order rotating from round to round; prints each renderer's median
 * round and its megabytes per second. Only figures of one run compare: the machine may be busy.
 *
 *   markdown-it alone      markdown-it 14 with footnotes, linkify, html (feedwright's options), md.render
 *   feedwright markdown    feedwright's renderer (src/render/markdown.ts): its shortcuts, every
 *                          link resolved against the post's URL, the raw HTML pieces found
 *   feedwright + sanitize  the above and, as renderItem does for a post with raw HTML, finishHtml
 *   md4w                   md4c compiled to WebAssembly (`mdToHtml`, tables, strikethrough and
 *                          autolinks on), when installed: `npm install --no-save md4w`, or its
 *                          module's path in MD4W (it is not a dependency of feedwright)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type MarkdownItClass from "markdown-it";
import type MarkdownItFootnote from "markdown-it-footnote";
import { createMarkdownRenderer, renderMarkdown } from "../../src/render/markdown.js";
import { finishHtml } from "../../src/render/html.js";
import { writeRealCorpus } from "./corpus.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const rounds = Number(process.argv[2] ?? 7);
const dir = path.resolve(process.argv[3] ?? path.join(root, ".bench", "real-1000"));
if (!existsSync(path.join(dir, "posts"))) {
  process.stderr.write(`generating the real-shaped corpus in ${dir} …\n`);
  await writeRealCorpus(dir, { count: 1_000, now: new Date("2026-01-01T00:00:00Z") });
}

const files = (function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? walk(full) : entry.name.endsWith(".md") ? [full] : [];
  });
})(path.join(dir, "posts")).sort();
// The body after the frontmatter; the post's URL as the build makes it (its slug below the site).
const posts = files.map((file) => {
  const text = readFileSync(file, "utf8");
  const end = text.indexOf("\n---\n", 4);
  return { body: text.slice(end + 5), url: `https://bench.test/${path.basename(file, ".md")}/` };
});
const mb = posts.reduce((sum, post) => sum + Buffer.byteLength(post.body), 0) / 1_000_000;

const require = createRequire(import.meta.url);
const MarkdownIt = require("markdown-it") as typeof MarkdownItClass;
const alone = new MarkdownIt("default", { html: true, linkify: true, typographer: false });
// As in src/render/markdown.ts: the plugin's types come from the ES module build of @types/markdown-it.
alone.use(require("markdown-it-footnote") as typeof MarkdownItFootnote as unknown as Parameters<typeof alone.use>[0]);
const feedwright = createMarkdownRenderer();
const siteUrl = "https://bench.test/";

const renderers: [string, (post: { body: string; url: string }) => string][] = [
  ["markdown-it alone", (post) => alone.render(post.body)],
  ["feedwright markdown", (post) => renderMarkdown(feedwright, post.body, post.url, siteUrl).html],
  [
    "feedwright + sanitize",
    (post) => {
      const rendered = renderMarkdown(feedwright, post.body, post.url, siteUrl);
      return rendered.hasRawHtml ? finishHtml(rendered.html, { baseUrl: post.url, siteUrl, allowActiveContent: false, resolved: rendered.resolvedUrls }) : rendered.html;
    },
  ],
];
const md4wModule = process.env.MD4W ? pathToFileURL(process.env.MD4W).href : "md4w";
try {
  const md4w = (await import(md4wModule)) as { init(wasm?: string): Promise<void>; mdToHtml(input: string, options?: { parseFlags?: string[] }): string };
  await md4w.init("fast");
  const parseFlags = ["TABLES", "STRIKETHROUGH", "PERMISSIVE_URL_AUTO_LINKS", "PERMISSIVE_WWW_AUTO_LINKS", "PERMISSIVE_EMAIL_AUTO_LINKS"];
  renderers.push(["md4w", (post) => md4w.mdToHtml(post.body, { parseFlags })]);
} catch {
  process.stderr.write("md4w not installed (npm install --no-save md4w, or MD4W=<path to its js/index.js>): its row is skipped\n");
}

const times = new Map<string, number[]>(renderers.map(([name]) => [name, []]));
let sink = 0;
for (let round = 0; round <= rounds; round++) {
  for (let i = 0; i < renderers.length; i++) {
    const [name, render] = renderers[(round + i) % renderers.length]!;
    const started = performance.now();
    for (const post of posts) sink += render(post).length;
    // Round 0 warms every renderer up (its code compiled, its caches filled) and is not counted.
    if (round > 0) times.get(name)!.push(performance.now() - started);
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
console.log(`${posts.length} posts, ${mb.toFixed(1)} MB of Markdown, ${rounds} rounds (median; min–max), Node ${process.version} (output ${sink} chars)`);
for (const [name, list] of times) {
  const ms = median(list);
  console.log(`${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(5)} MB/s  (${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)})`);
}
