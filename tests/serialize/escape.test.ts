/**
 * The escaping every RSS and Atom value goes through, and the contents' bytes shared by both.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { element, empty, EscapedContents, escapedBytes, escapeXml, lines, start } from "../../src/serialize/xml/escape.js";

const text = fc.string({ unit: fc.constantFrom("a", "ä", "&", "<", ">", '"', "'", "\r", "\n", "&amp;", "]]>", "😀", "日", " ") });

describe("escapeXml", () => {
  it("escapes & < > \" and CR, each once, and nothing else", () => {
    const references: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;" };
    fc.assert(
      fc.property(text, (value) => {
        const escaped = escapeXml(value);
        expect(escaped).toBe([...value].map((ch) => references[ch] ?? ch).join(""));
        expect(escaped).not.toMatch(/[<>"\r]|&(?!amp;|lt;|gt;|quot;|#13;)/);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives back a text that needs nothing as it is", () => {
    const plain = "https://example.org/a?b=c";
    expect(escapeXml(plain)).toBe(plain);
  });
});

describe("element, empty, start and lines", () => {
  it("escape every text and attribute value and leave out attributes that are undefined", () => {
    fc.assert(
      fc.property(text, text, (value, attribute) => {
        expect(element("t", value, { a: attribute, b: undefined, n: 0 })).toBe(`<t a="${escapeXml(attribute)}" n="0">${escapeXml(value)}</t>`);
        expect(empty("e", { a: attribute, b: undefined })).toBe(`<e a="${escapeXml(attribute)}"/>`);
        expect(start("s", { a: attribute })).toBe(`<s a="${escapeXml(attribute)}">`);
      }),
    );
    expect(start("entry", { "xml:lang": undefined })).toBe("<entry>");
  });

  it("put each child present on its own line, four spaces a level", () => {
    expect(lines(2, ["<a/>", false, undefined, "<b/>"])).toBe("\n        <a/>\n        <b/>");
    expect(lines(1, [])).toBe("");
  });
});

describe("EscapedContents", () => {
  it("gives each item's escaped content as UTF-8, the same bytes for the same item, across slabs", () => {
    const contents = new EscapedContents();
    const items = Array.from({ length: 40 }, (_, i) => ({ contentHtml: `<p>Ärger & "Freude" ${i} 😀</p>`.repeat(i * 500 + 1) }));
    for (const item of items) expect(Buffer.from(contents.of(item)).toString("utf8")).toBe(escapeXml(item.contentHtml));
    // Asked again after later slabs were filled: the same bytes, still intact.
    for (const item of items) {
      expect(contents.of(item)).toBe(contents.of(item));
      expect(Buffer.from(contents.of(item)).toString("utf8")).toBe(escapeXml(item.contentHtml));
    }
  });

  it("a content too long for a slab: exactly escapeXml's bytes, in a buffer of their size, surrogate pairs across every piece's edge", () => {
    const contents = new EscapedContents();
    // 7 UTF-16 units a repeat: pairs and every escaped character fall on the 65,536-unit edges.
    const long = { contentHtml: `a😀<&>"\r`.repeat(300_000) };
    const bytes = contents.of(long);
    expect(Buffer.from(bytes).equals(Buffer.from(escapeXml(long.contentHtml), "utf8"))).toBe(true);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(contents.of(long)).toBe(bytes);
    expect(Buffer.from(escapedBytes("ü😀 plain")).toString("utf8")).toBe("ü😀 plain");
  });
});
