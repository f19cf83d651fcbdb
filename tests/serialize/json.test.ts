/**
 * writeJson returns JSON Feed 1.1 in pieces (so that a feed of all items is never one string);
 * joined, they must be exactly what `JSON.stringify(document, null, 2)` writes for the whole
 * document, for any items: random texts with line breaks, quotes, backslashes and Unicode in every
 * field, optional fields present or absent, no items, one, many.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeJson } from "../../src/serialize/json/json.js";
import type { FeedItem, FeedMeta } from "../../src/model/feed.js";
import { feedMetaWith } from "../helpers/meta.js";

const META = feedMetaWith({ title: "Site \"quoted\"\nnew line", description: "", author: { name: "Redaktion", email: "r@example.org" } });

const text = fc.string({ unit: fc.constantFrom("a", "ä", "\n", "\r", '"', "\\", "\t", "\u2028", "😀", "<", "&", " ", "{", "]", ",") });
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true });
const item: fc.Arbitrary<FeedItem> = fc.record(
  {
    file: text,
    id: text,
    link: text,
    url: text,
    externalUrl: text,
    title: text,
    published: date,
    modified: date,
    authors: fc.array(fc.record({ name: text, email: text, url: text }, { requiredKeys: ["name"] }), { maxLength: 2 }),
    summary: text,
    contentHtml: text,
    categories: fc.array(text, { maxLength: 3 }),
    lang: text,
    image: text,
    enclosure: fc.record({ url: text, type: text, length: fc.nat() }),
  },
  { requiredKeys: ["file", "id", "link", "url", "title", "published", "modified", "authors", "contentHtml", "categories"] },
);

/** What writeJson wrote before it wrote in pieces: the whole document at once. */
function whole(meta: FeedMeta, items: FeedItem[]): string {
  const pieces = [...writeJson(meta, items)];
  const document = JSON.parse(pieces.join("")) as Record<string, unknown>;
  return `${JSON.stringify(document, null, 2)}\n`;
}

describe("JSON Feed in pieces", () => {
  it("joins to exactly JSON.stringify(document, null, 2) for any items", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), text, (items, description) => {
        const meta = { ...META, description };
        const joined = [...writeJson(meta, items)].join("");
        expect(joined).toBe(whole(meta, items));
        const parsed = JSON.parse(joined) as { items: { id: string; content_html: string; title: string }[] };
        expect(parsed.items.map((i) => [i.id, i.title, i.content_html])).toEqual(items.map((i) => [i.id, i.title, i.contentHtml]));
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("a content of a million characters or more: in pieces of its own, joining to the same document, surrogate pairs and escapes across every edge", () => {
    const [first, second] = fc.sample(item, { numRuns: 2, seed: 5 });
    // 9 units a repeat, so pairs and escapes fall on the 65,536-unit edges; a lone surrogate too.
    const long = { ...first!, contentHtml: `a😀"\\\n\u0001</\ud800`.repeat(120_000) };
    const items = [second!, long];
    const pieces = [...writeJson(META, items)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(1 << 18);
    const joined = pieces.join("");
    expect(joined).toBe(whole(META, items));
    expect((JSON.parse(joined) as { items: { content_html: string }[] }).items[1]!.content_html).toBe(long.contentHtml);
  });

  it("gives a piece for the head, two per item and one for the end, and an empty list without items", () => {
    expect([...writeJson(META, [])]).toHaveLength(1);
    expect(JSON.parse([...writeJson(META, [])][0]!)).toMatchObject({ items: [] });
    const two = [...writeJson(META, fc.sample(item, { numRuns: 2, seed: 3 }))];
    expect(two).toHaveLength(1 + 2 * 2 + 1);
  });
});
