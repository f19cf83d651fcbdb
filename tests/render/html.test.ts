/**
 * Active content in posts: removed by default from what the feeds carry, kept only with
 * allowActiveContent. Checked on the real rendered item (Markdown with raw HTML through
 * markdown-it and sanitize-html), then by parsing the result as HTML, not by string search alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { absoluteUrl } from "../../src/common/url.js";
import { parseConfig } from "../../src/config/parse.js";
import type { Site } from "../../src/model/site.js";
import { createPostParser } from "../../src/parse/post.js";
import { finishHtml, frequentFirst } from "../../src/render/html.js";
import { renderItem } from "../../src/render/item.js";
import { createMarkdownRenderer, renderMarkdown } from "../../src/render/markdown.js";
import { parseDocument, DomUtils } from "htmlparser2";
import { siteOf } from "../helpers/site.js";

const HOSTILE = `---
title: Hostile
date: 2024-04-12
---
Hello <b onclick="steal()">world</b>.

<script>alert(document.cookie)</script>

<p><a href="javascript:alert(1)">click</a> <a href="JaVaScRiPt&colon;alert(2)">encoded</a> <img src="x.png" onerror="alert(3)"></p>

<iframe src="javascript:alert(4)"></iframe>

<svg><script>alert(5)</script></svg>

<a href="relative/page/">kept</a>
`;

function site(allowActiveContent: boolean): Site {
  return siteOf(parseConfig(JSON.stringify({ title: "T", siteUrl: "https://example.org/", allowActiveContent }), "feedwright.config.json", {}));
}

function contentOf(allowActiveContent: boolean): string {
  const s = site(allowActiveContent);
  const parsed = createPostParser(s)({ file: "posts/hostile.md", bytes: Buffer.from(HOSTILE) });
  return renderItem(parsed.post!, parsed.body!, s, createMarkdownRenderer()).item.contentHtml;
}

/** Every element, attribute and URL of the HTML, as a browser-grade parser sees it. */
function inspect(html: string) {
  const elements = DomUtils.findAll(() => true, parseDocument(html).children);
  const attributes = elements.flatMap((el) => Object.entries(el.attribs).map(([name, value]) => ({ tag: el.name, name, value })));
  return { tags: new Set(elements.map((el) => el.name)), attributes };
}

describe("active content", () => {
  it("is removed by default: no script element, no on* attribute, no javascript: URL", () => {
    const html = contentOf(false);
    const { tags, attributes } = inspect(html);
    expect(tags.has("script")).toBe(false);
    expect(attributes.filter((a) => a.name.toLowerCase().startsWith("on"))).toEqual([]);
    expect(attributes.filter((a) => /^\s*javascript\s*:/i.test(decodeEntities(a.value)))).toEqual([]);
    expect(html).not.toMatch(/alert\(/);
    // The harmless rest survives, with URLs made absolute.
    expect(html).toContain("<b>world</b>");
    expect(html).toContain('<a href="https://example.org/posts/hostile/relative/page/">kept</a>');
    expect(html).toContain('<img src="https://example.org/posts/hostile/x.png" />');
  });

  it("is kept with allowActiveContent: true", () => {
    const html = contentOf(true);
    const { tags, attributes } = inspect(html);
    expect(tags.has("script")).toBe(true);
    expect(attributes).toContainEqual({ tag: "b", name: "onclick", value: "steal()" });
    expect(attributes).toContainEqual({ tag: "a", name: "href", value: "javascript:alert(1)" });
    expect(html).toContain("<script>alert(document.cookie)</script>");
  });

  it("finishHtml alone strips what markdown-it lets through as raw HTML", () => {
    const out = finishHtml('<p style="color:red" onmouseover="x()">a</p><form action="javascript:y()"><button formaction="javascript:z()">b</button></form>', {
      baseUrl: "https://example.org/posts/a/",
      allowActiveContent: false,
    });
    expect(out).toBe("<p>a</p>b");
  });
});

function decodeEntities(text: string): string {
  return text.replace(/&colon;/gi, ":").replace(/&#(x?)([0-9a-f]+);?/gi, (_, hex: string, digits: string) => String.fromCodePoint(parseInt(digits, hex ? 16 : 10)));
}

describe("the sanitizer's tag list", () => {
  it("puts the tags Markdown writes first, and neither adds nor drops one", () => {
    const tags = ["address", "article", "a", "p", "kbd", "code", "iframe"];
    expect(frequentFirst(tags)).toEqual(["a", "p", "code", "address", "article", "kbd", "iframe"]);
    expect(frequentFirst(["address"])).toEqual(["address"]);
  });
});

/**
 * finishHtml keeps the URLs the Markdown renderer already resolved (its `resolved` set) instead of
 * resolving them again: exact only while resolving absoluteUrl's answer gives it back.
 */
describe("URLs resolved once", () => {
  const BASE = "https://example.org/blog/2024/post/";
  const SITE = "https://example.org/blog/";
  const urlPiece = fc.constantFrom(
    ..."abc019-_.:/?#@%&=+;,!~*'()[]{}|\\^`\" <>\tä例".split(""),
    "https://", "http://", "HTTP://", "mailto:", "javascript:", "data:", "//", "/", "../", "./", "xn--", "%41", "%zz", ":8080", "web+demo:/.//", "[::1]", "münchen.de", "\u0000", "\u00a0",
  );

  it("resolving absoluteUrl's answer again gives it back, for random references", () => {
    fc.assert(
      fc.property(fc.array(urlPiece, { maxLength: 20 }), (pieces) => {
        const once = absoluteUrl(pieces.join(""), BASE, SITE);
        expect(absoluteUrl(once, BASE, SITE)).toBe(once);
      }),
      { numRuns: 20000, seed: 15 },
    );
  });

  it("a post's HTML is the same with the renderer's resolved URLs kept as without", () => {
    const md = createMarkdownRenderer();
    const piece = fc.oneof(
      fc.array(urlPiece, { maxLength: 8 }).map((parts) => `[link](${parts.join("")}) `),
      fc.array(urlPiece, { maxLength: 8 }).map((parts) => `![img](<${parts.join("")}>) `),
      fc.array(urlPiece, { maxLength: 8 }).map((parts) => `<a href="${parts.join("")}">raw</a> `),
      fc.constantFrom("text ", "\n\n", "<div>\n", "</div>\n", "<kbd>x</kbd> ", "https://example.org/bare ", "[^1]\n\n[^1]: note\n"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const rendered = renderMarkdown(md, pieces.join("") + "<b>raw</b>\n", BASE, SITE);
        const options = { baseUrl: BASE, siteUrl: SITE, allowActiveContent: false };
        expect(finishHtml(rendered.html, { ...options, resolved: rendered.resolvedUrls })).toBe(finishHtml(rendered.html, options));
      }),
      { numRuns: 2000, seed: 16 },
    );
  });
});
