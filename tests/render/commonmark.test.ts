/**
 * The CommonMark spec's own examples (the `commonmark-spec` package, spec 0.31.2: 652 examples)
 * through the Markdown renderer feedwright uses, at two levels:
 *
 * - the renderer (createMarkdownRenderer, `md.render`): the HTML must equal the spec's, but for
 *   `<br />` written `<br>` (markdown-it's default preset writes HTML, not XHTML, void elements);
 * - a feed item's content (renderMarkdown against a post URL, then finishHtml when the post has raw
 *   HTML, as renderItem does): compared as parsed HTML (attribute order, white space between
 *   blocks), with the spec's relative `href`/`src` resolved against the post URL, since feedwright
 *   makes every URL absolute for readers that show the content away from the site.
 *
 * Each level has its list of known deviations, each with its reason; every other example must
 * pass, so the pass counts (645 and 617 when this was written) can only rise.
 */
import { createRequire } from "node:module";
import { parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { absoluteUrl } from "../../src/common/url.js";
import { finishHtml } from "../../src/render/html.js";
import { createMarkdownRenderer, renderMarkdown } from "../../src/render/markdown.js";

interface Example {
  markdown: string;
  html: string;
  section: string;
  number: number;
}
// The spec writes tabs as → (its own test runner turns them back).
const examples = (createRequire(import.meta.url)("commonmark-spec") as { tests: Example[] }).tests.map((example) => ({
  ...example,
  markdown: example.markdown.replace(/→/g, "\t"),
  html: example.html.replace(/→/g, "\t"),
}));

/** linkify (GitHub's autolinks, on in feedwright): bare URLs and e-mail addresses become links. */
const LINKIFY = [602, 608, 611, 612];

const RENDERER_DEVIATIONS: Record<number, string> = {
  ...Object.fromEntries(LINKIFY.map((n) => [n, "linkify: a bare URL or e-mail address becomes a link"])),
  218: "markdown-it writes an empty block quote without the line break inside (`<blockquote></blockquote>`)",
  239: "markdown-it writes an empty block quote without the line break inside",
  240: "markdown-it writes an empty block quote without the line break inside",
};

/** Raw HTML that feedwright's sanitizer removes from the feeds (README, "Content"; src/render/html.ts). */
const SANITIZED: Record<number, string> = {
  ...Object.fromEntries([150, 163, 201, 491, 524, 536, 613, 614, 615, 617].map((n) => [n, "an element outside the allowed list (`<foo>`, `<Warning>`, `<bar>`, `<bab>`, `<responsive-image>`) is removed, its text kept"])),
  169: "an attribute outside the allowed list (`<pre language>`) is removed",
  616: "attributes outside the allowed list are removed",
  ...Object.fromEntries([170, 176, 178].map((n) => [n, "`<script>` and `<style>` are removed with their content (active content)"])),
  ...Object.fromEntries([171, 172, 173].map((n) => [n, "`<textarea>` and `<style>` are removed with their content"])),
  ...Object.fromEntries([177, 179, 183, 308, 309, 625, 626].map((n) => [n, "HTML comments are removed"])),
  ...Object.fromEntries([180, 181, 182, 627, 628, 629].map((n) => [n, "processing instructions, declarations and CDATA are removed"])),
};
const ITEM_DEVIATIONS: Record<number, string> = {
  ...Object.fromEntries(LINKIFY.map((n) => [n, "linkify: a bare URL or e-mail address becomes a link"])),
  ...SANITIZED,
};

const md = createMarkdownRenderer();
const POST_URL = "https://example.org/blog/post/";
const SITE_URL = "https://example.org/blog/";

function itemHtml(markdown: string): string {
  const rendered = renderMarkdown(md, markdown, POST_URL, SITE_URL);
  return rendered.hasRawHtml ? finishHtml(rendered.html, { baseUrl: POST_URL, siteUrl: SITE_URL, allowActiveContent: false }) : rendered.html;
}

const voidsAsHtml = (html: string) => html.replace(/<(br|hr|img)([^>]*?) ?\/>/g, "<$1$2>");

type Node = ReturnType<typeof parseDocument>["children"][number];
/** HTML as a parser reads it: attributes sorted, white space outside `<pre>` collapsed and dropped between tags; `href`/`src` resolved when asked. */
function canonical(html: string, resolveUrls: boolean): string {
  const walk = (nodes: readonly Node[], pre: boolean): string =>
    nodes
      .map((node) => {
        if (node.type === "text") return pre ? node.data : /^\s*$/.test(node.data) ? "" : node.data.replace(/\s+/g, " ");
        if (node.type === "comment") return `<!--${node.data}-->`;
        if (node.type === "tag" || node.type === "script" || node.type === "style") {
          const attributes = Object.entries(node.attribs)
            .map(([name, value]) => [name, resolveUrls && (name === "href" || name === "src") ? absoluteUrl(value, POST_URL, SITE_URL) : value] as const)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([name, value]) => ` ${name}="${value}"`)
            .join("");
          return `<${node.name}${attributes}>${walk(node.children, pre || node.name === "pre")}</${node.name}>`;
        }
        return `<?${node.type}>`;
      })
      .join("");
  return walk(parseDocument(html).children, false).trim();
}

function failures(passes: (example: Example) => boolean): number[] {
  return examples.filter((example) => !passes(example)).map((example) => example.number);
}

describe("the CommonMark spec's examples", () => {
  it("has the examples of spec 0.31.2", () => {
    expect(examples.length).toBe(652);
  });

  it("the renderer: every example renders the spec's HTML, but for the known deviations", () => {
    const failed = failures((example) => voidsAsHtml(md.render(example.markdown, {})) === voidsAsHtml(example.html));
    expect(failed.filter((n) => !(n in RENDERER_DEVIATIONS))).toEqual([]);
    expect(examples.length - failed.length).toBeGreaterThanOrEqual(645);
  });

  it("a feed item's content: every example gives the spec's HTML (URLs absolute), but for the known deviations", () => {
    const failed = failures((example) => canonical(itemHtml(example.markdown), false) === canonical(example.html, true));
    expect(failed.filter((n) => !(n in ITEM_DEVIATIONS))).toEqual([]);
    expect(examples.length - failed.length).toBeGreaterThanOrEqual(617);
  });

  it("the comparison can tell: a changed example fails it", () => {
    const example = examples.find((e) => e.number === 1)!;
    expect(voidsAsHtml(md.render(example.markdown + "*x*\n", {}))).not.toBe(voidsAsHtml(example.html));
    expect(canonical(itemHtml("[a](b)\n"), false)).toBe(canonical('<p><a href="b">a</a></p>', true));
    expect(canonical(itemHtml("[a](c)\n"), false)).not.toBe(canonical('<p><a href="b">a</a></p>', true));
  });
});
