/**
 * A long body is rendered block by block (src/render/markdown.ts renderBlockwise), so that only
 * one group of top-level blocks' tokens is alive at a time. What it gives must be what the
 * whole-document pass gives: the HTML, the raw HTML with its lines (for the warnings), the
 * resolved URLs and the first paragraph (the summary). Compared here with the smallest groups
 * (every top-level block its own), where a definition, a footnote or a list meets a group's edge
 * most often.
 */
import { createRequire } from "node:module";
import type { Token } from "markdown-it";
import { describe, expect, it } from "vitest";
import { generateRealPost, prng } from "../../scripts/bench/corpus.js";
import { BLOCKWISE_FROM, createMarkdownRenderer, renderBlockwise, renderMarkdown } from "../../src/render/markdown.js";
import { summaryOf } from "../../src/render/summary.js";

const md = createMarkdownRenderer();
const POST_URL = "https://example.org/blog/post/";
const SITE_URL = "https://example.org/blog/";
const WHOLE = { from: Infinity, groupTokens: 0 };

const examples = (createRequire(import.meta.url)("commonmark-spec") as { tests: { markdown: string }[] }).tests.map((example) => example.markdown.replace(/→/g, "\t"));

/** Everything renderMarkdown tells, as comparable data. */
function rendered(body: string, blockwise: { from: number; groupTokens: number }) {
  const out = renderMarkdown(md, body, POST_URL, SITE_URL, blockwise);
  return {
    html: out.html,
    rawHtml: out.rawHtml,
    hasRawHtml: out.hasRawHtml,
    resolvedUrls: [...out.resolvedUrls],
    firstParagraph: out.firstParagraph.map((token) => [token.type, token.content, token.map]),
    summary: summaryOf(md, body, undefined, "<!--more-->", out.firstParagraph),
  };
}

function expectSameBothWays(body: string, groups: readonly number[] = [1, 3, 1000]): void {
  const whole = rendered(body, WHOLE);
  for (const groupTokens of groups) expect(rendered(body, { from: 0, groupTokens }), `groups of ${groupTokens} tokens`).toEqual(whole);
}

/** A long post whose references, footnotes and raw HTML lie far from where they are used. */
function longPost(paragraphs: number): string {
  const random = prng(15);
  const parts: string[] = ["Opening with a note[^early], a [reference][far] and an inline note ^[with *emphasis* and [a link](/inline)]."];
  for (let i = 0; i < paragraphs; i++) {
    const kind = i % 9;
    if (kind === 0) parts.push(`Paragraph ${i} cites [far], [near ${i % 4}] and again[^early][^n${i % 5}].`);
    else if (kind === 1) parts.push(`- item ${i} [^n${i % 5}]\n- item with [near ${i % 4}]\n\n  loose part\n- last`);
    else if (kind === 2) parts.push(`> quoted ${i}, defining below\n>\n> [near ${i % 4}]: https://near.example/${i % 4} "Near"`);
    else if (kind === 3) parts.push(`[^n${i % 5}]: Note ${i % 5}, which refers to [^early] and https://bare.example/${i}\n\n    with a second paragraph`);
    else if (kind === 4) parts.push(`<div class="raw">\nraw block ${i}\n</div>`);
    else if (kind === 5) parts.push("```js\nconst fence = " + i + ";\n```");
    else if (kind === 6) parts.push(`| a | b |\n|---|---|\n| ${i} | <span>inline raw</span> |`);
    else if (kind === 7) parts.push(`Heading ${i}\n---\n\n1. one\n2. two [far]`);
    else parts.push(`Text ${random().toString(36).slice(2)} with \`code\` and a hard  \nbreak.`);
  }
  parts.push("[far]: https://far.example/end\n[far]: /not-the-first\n[^early]: The early note, defined last.\n[^unused]: Never cited.");
  return `${parts.join("\n\n")}\n`;
}

describe("block-by-block rendering gives what the whole document gives", () => {
  it("for each CommonMark example, every top-level block its own group", () => {
    for (const example of examples) expect(rendered(example, { from: 0, groupTokens: 1 })).toEqual(rendered(example, WHOLE));
  });

  it("for all CommonMark examples as one document (definitions of one example apply to the others)", () => {
    expectSameBothWays(examples.join("\n\n"));
  });

  it("for a long post with references, footnotes and raw HTML across blocks", () => {
    const body = longPost(400);
    const whole = rendered(body, WHOLE);
    // The post exercises what it is meant to: footnotes numbered and listed, links from late definitions, raw HTML.
    expect(whole.html).toContain('<a href="https://far.example/end">reference</a>');
    expect(whole.html).toContain('<section class="footnotes">');
    expect(whole.html).not.toContain("Never cited");
    expect(whole.rawHtml.length).toBeGreaterThan(40);
    expectSameBothWays(body);
  });

  it("for real-shaped posts of the bench corpus", () => {
    const random = prng(7);
    for (let index = 0; index < 20; index++) {
      const { text } = generateRealPost(index, { count: 20, now: new Date("2026-01-01T00:00:00Z") }, random);
      expectSameBothWays(text.slice(text.indexOf("\n---\n", 4) + 5), [1, 1000]);
    }
  });

  it("with CR LF line ends, NUL characters and an empty body", () => {
    expectSameBothWays("Line one[^1]\r\nline two\0\r\n\r\n[^1]: note\r\n");
    expectSameBothWays("");
    expectSameBothWays("\n\n\n");
  });
});

describe("renderBlockwise", () => {
  it("hands out the tokens in groups of about the size asked, not all at once", () => {
    const body = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} with [a link](https://example.org/${i}).`).join("\n\n");
    const groups: Token[][] = [];
    renderBlockwise(md, body, {}, 30, (tokens) => groups.push(tokens));
    // Each paragraph is three block tokens: groups close at the first top-level block at or past 30.
    expect(groups.length).toBe(Math.ceil(2000 / 10));
    for (const group of groups) expect(group.length).toBeLessThanOrEqual(30);
    expect(groups.flat().filter((token) => token.type === "paragraph_open")).toHaveLength(2000);
  });

  it("is what renderMarkdown does from BLOCKWISE_FROM characters on, with the same HTML", () => {
    const paragraph = "A paragraph with a [link][l], `code` and *emphasis*.[^f]\n\n";
    const body = `${paragraph.repeat(Math.ceil(BLOCKWISE_FROM / paragraph.length))}[l]: /linked\n[^f]: The note.\n`;
    expect(body.length).toBeGreaterThanOrEqual(BLOCKWISE_FROM);
    const byDefault = renderMarkdown(md, body, POST_URL, SITE_URL);
    expect(byDefault.html).toBe(renderMarkdown(md, body, POST_URL, SITE_URL, WHOLE).html);
    expect(byDefault.html).toContain('<a href="https://example.org/blog/linked">link</a>');
    expect([...byDefault.resolvedUrls]).toEqual(["https://example.org/blog/linked"]);
  });
});
