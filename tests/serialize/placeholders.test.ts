/**
 * The escaping every RSS and Atom value goes through, and the contents' bytes shared by both.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EscapedContents, escapeXml } from "../../src/serialize/xml/placeholders.js";

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
});
