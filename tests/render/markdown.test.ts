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
import { createMarkdownRenderer, isPlainLink, isPlainLinkText, MAY_HOLD_LINK } from "../../src/render/markdown.js";

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

/**
 * The plain-URL shortcut (isPlainLink in src/render/markdown.ts) may skip markdown-it's
 * normalizeLink and normalizeLinkText only where they would return the URL unchanged: the
 * renderer's answers must equal markdown-it's own for every URL, plain or not.
 */
describe("the plain-URL shortcut", () => {
  const URLS = [
    "https://example.org/a?b=c#d",
    "http://EXAMPLE.org:8080/x",
    "https://münchen.de/straße",
    "https://xn--mnchen-3ya.de/",
    "https://例え.jp/パス",
    "https://example.org/caf%C3%A9 and more",
    "https://example.org/100%",
    "https://example.org/%zz",
    "https://example.org/a b",
    "https://example.org/[x]|{y}^`z`\\",
    "https://user:pass@example.org/",
    "https://exa_mple.org/",
    "https://a$b.org/x",
    `https://${"a".repeat(64)}.org/`,
    `https://${"abcdefgh.".repeat(30)}org/`,
    "https://example.org:/x",
    "https://[::1]/x",
    "mailto:redaktion@example.de",
    "mailto:a@bücher.de",
    "//cdn.example.com/x.js",
    "../beitrag-000001/",
    "./bild.png",
    "/images/a.png?x=1#y",
    "#fn1",
    "?q=1",
    "",
    "post-1:x/y",
    "javascript:alert(1)",
    "skype:name",
    " https://example.org/ ",
    "https://example.org/\u00a0x",
    "HTTPS://EXAMPLE.ORG/",
  ];

  it.each(URLS)("normalizes %j exactly as markdown-it", (url) => {
    expect(filtered.normalizeLink(url)).toBe(plain.normalizeLink(url));
    expect(filtered.normalizeLinkText(url)).toBe(plain.normalizeLinkText(url));
  });

  it("takes the shortcut for the common shapes (that is what it is for)", () => {
    for (const url of ["https://example.org/a?b=c#d", "http://localhost:3000/x", "../beitrag-000001/", "/images/a%20b.png", "#fn1"]) expect(isPlainLink(url)).toBe(true);
    for (const url of ["https://münchen.de/", "https://example.org/a b", "https://example.org/100%", "mailto:a@b.de", "//cdn.example.com/"]) expect(isPlainLink(url)).toBe(false);
    expect(isPlainLinkText("https://example.org/caf%C3%A9")).toBe(false);
    expect(isPlainLinkText("https://xn--mnchen-3ya.de/")).toBe(false);
  });

  it("random URLs: the same normalized link and link text as markdown-it's", () => {
    const piece = fc.constantFrom(
      ..."abcXYZ019-_.:/?#@%&=+$,;!~*'()[]{}|\\^`\"<> \u00a0äöüß例".split(""),
      "https://", "http://", "HTTP://", "ftp://", "mailto:", "javascript:", "//", "../", "./", "xn--", "%41", "%c3%a4", "%zz", ":8080", "a".repeat(64), ".",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const url = pieces.join("");
        expect(filtered.normalizeLink(url)).toBe(plain.normalizeLink(url));
        expect(filtered.normalizeLinkText(url)).toBe(plain.normalizeLinkText(url));
      }),
      { numRuns: 20000, seed: 15 },
    );
  });

  it("random links in Markdown: the same HTML as markdown-it's", () => {
    const piece = fc.constantFrom(
      ..."abc019-_.:/?#@%&=+()[] <>\nä".split(""),
      "[x](", ")", "<", ">", "https://", "http://", "www.", ".com", "%41", "%zz", "münchen.de", "xn--mnchen-3ya", "mailto:", "a@b.de", " https://example.org/p?q=1 ",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join("");
        expect(filtered.render(text)).toBe(plain.render(text));
      }),
      { numRuns: 5000, seed: 16 },
    );
  });
});
