/**
 * The Markdown renderer's link pre-filter (MAY_HOLD_LINK in src/render/markdown.ts) may skip
 * linkify-it only where linkify-it would find nothing: the HTML must equal what markdown-it
 * renders with linkify-it alone, for every text. Checked on the link forms linkify-it knows and on
 * random text built from the characters its patterns look for.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import type MarkdownItClass from "markdown-it";
import { describe, expect, it } from "vitest";
import { createMarkdownRenderer, MAY_HOLD_LINK } from "../../src/render/markdown.js";

const MarkdownIt = createRequire(import.meta.url)("markdown-it") as typeof MarkdownItClass;
const plain = new MarkdownIt("default", { html: true, linkify: true, typographer: false });
const filtered = createMarkdownRenderer();

const LINK_FORMS = [
  "Siehe https://example.org/a?b=c und http://x.de.",
  "ftp://files.example.com/x und mailto:a@b.de",
  "Protokoll-relativ: //cdn.example.com/x.js",
  "www.example.org ist eine Adresse",
  "WWW.EXAMPLE.ORG in Großbuchstaben",
  "example.com ohne Schema, auch example.org/pfad",
  "Mail an redaktion@example.de bitte",
  "Lokal: localhost:3000/x und LOCALHOST",
  "IP 192.168.0.1 und 10.0.0.1:8080/x",
  "Kyrillisch: пример.рф und xn--80ak6aa92e.com",
  "z.B. und d.h. sind Abkürzungen; u.a. auch",
  "Datei bild.jpg und archiv.tar.gz",
  "Ende eines Satzes. Nächster Satz. 3.5 Prozent",
  "Kelvin: ʟᴏᴄᴀʟʜᴏsᴛ, \u212Aelvin, ſ-long-s www\u2024example",
];

describe("the link pre-filter", () => {
  it.each(LINK_FORMS)("renders %j exactly as markdown-it with linkify-it alone", (text) => {
    expect(filtered.render(text)).toBe(plain.render(text));
  });

  it("lets every text through in which linkify-it finds a link", () => {
    for (const text of LINK_FORMS) if (plain.linkify.pretest(text)) expect(MAY_HOLD_LINK.test(text)).toBe(true);
  });

  it("skips plain prose (that is what it is for)", () => {
    expect(MAY_HOLD_LINK.test("Ein Satz. Noch einer, mit Komma; und [Link](../beitrag-1/).")).toBe(false);
  });

  it("random text over the characters linkify-it looks for: the same HTML, and never a skipped pre-test hit", () => {
    const piece = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:/@_-<>()[]! \n|~#%&?=+äöüßрф\u212A\u017F\u3002\uFF0E\uFF5C".split(""),
      "www.", "http://", "https://", "ftp://", "mailto:", "//", "localhost", ".com", ".de", ".org", ".рф", "xn--", "192.168.", ".1.", "**", "`",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        if (plain.linkify.pretest(text)) expect(MAY_HOLD_LINK.test(text)).toBe(true);
        expect(filtered.render(text)).toBe(plain.render(text));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});
