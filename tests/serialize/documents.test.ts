/**
 * RSS and Atom are written from documents of a few items each (src/serialize/xml/documents.ts):
 * the bytes must be those of one document of all items, whatever the items (with or without
 * images, enclosures, authors with and without e-mail, entries in another language) and however
 * many documents they fill: none, one, several, the last one short.
 */
import fc from "fast-check";
import { Feed } from "feed";
import { describe, expect, it, vi } from "vitest";
import { writeAtom } from "../../src/serialize/atom/atom.js";
import { joined } from "../../src/serialize/index.js";
import type { FeedItem } from "../../src/model/feed.js";
import { feedMetaWith } from "../helpers/meta.js";
import { writeRss } from "../../src/serialize/rss/rss.js";
import { EscapedContents } from "../../src/serialize/xml/placeholders.js";

const META = feedMetaWith({ title: "Site & <Co>", description: "Über \"alles\"", author: { name: "Redaktion", email: "r@example.org" } });

const text = fc.string({ unit: fc.constantFrom("a", "ä", "\n", '"', "<", "&", "]]>", " ", "😀", "item", "<item>", "</entry>"), maxLength: 8 });
const url = fc.constantFrom("https://example.org/a", "https://example.org/b?x=1&y=2", "https://example.org/img/c.png", "https://example.org/media/e.mp3");
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true });
const item: fc.Arbitrary<FeedItem> = fc.record(
  {
    file: fc.constant("posts/x.md"),
    id: url,
    link: url,
    url,
    title: text,
    published: date,
    modified: date,
    authors: fc.array(fc.record({ name: text, email: fc.constant("a@example.org") }, { requiredKeys: ["name"] }), { minLength: 1, maxLength: 2 }),
    summary: text,
    contentHtml: text,
    categories: fc.array(text, { maxLength: 2 }),
    lang: fc.constantFrom("de", "en", "fr"),
    image: url,
    enclosure: fc.record({ url, type: fc.constant("audio/mpeg"), length: fc.nat() }),
  },
  { requiredKeys: ["file", "id", "link", "url", "title", "published", "modified", "authors", "contentHtml", "categories"] },
);

describe("RSS and Atom from documents of a few items", () => {
  it.each([
    ["RSS", writeRss],
    ["Atom", writeAtom],
  ])("%s: the same bytes as one document of all items", (_, write) => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 9 }), fc.integer({ min: 1, max: 4 }), (items, size) => {
        const whole = joined(write(META, items, new EscapedContents(), Number.POSITIVE_INFINITY));
        expect(joined(write(META, items, new EscapedContents(), size))).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it("writes several documents when the items fill several, and one head and tail", () => {
    const items = fc.sample(item, { numRuns: 7, seed: 1 });
    const rss2 = vi.spyOn(Feed.prototype, "rss2");
    const rss = joined(writeRss(META, items, new EscapedContents(), 3));
    expect(rss2).toHaveBeenCalledTimes(3);
    rss2.mockRestore();
    expect(rss.split("<item>")).toHaveLength(8);
    expect(rss.match(/<channel>/g)).toHaveLength(1);
    expect(rss.endsWith("</channel>\n</rss>\n")).toBe(true);
  });
});
