/**
 * `FeedMeta.stylesheet`: RSS and Atom name a CSS stylesheet right after the XML declaration, so
 * that a feed opened in a browser reads as a page. Every validator and reader of tests/support
 * must read such a feed exactly as the same feed without it.
 */
import { describe, expect, it } from "vitest";
import { serializeFeeds } from "../../src/serialize/index.js";
import type { FeedItem, FeedMeta } from "../../src/model/feed.js";
import { feedMetaWith } from "../helpers/meta.js";
import {
  readWithFeedparser,
  readWithFeedsmith,
  readWithRowanmanning,
  readWithRssParser,
  validateAtom,
  validateJsonFeed,
  validateRss,
} from "../support/feed-readers.js";

const ITEMS: FeedItem[] = [
  {
    file: "posts/a.md",
    id: "https://example.org/posts/a/",
    link: "https://example.org/posts/a/",
    url: "https://example.org/posts/a/",
    title: "Erster & <letzter>",
    published: new Date("2024-03-10T08:00:00Z"),
    modified: new Date("2024-03-11T08:00:00Z"),
    authors: [{ name: "Jane", email: "jane@example.org" }],
    summary: "Kurz",
    contentHtml: "<p>Body</p>",
    categories: ["x"],
    image: "https://example.org/a.png",
    enclosure: { url: "https://example.org/a.mp3", type: "audio/mpeg", length: 12 },
  },
];

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

function feeds(meta: Partial<FeedMeta>) {
  return serializeFeeds(feedMetaWith(meta), ITEMS, "feedwright.config.json").feeds;
}

describe("a stylesheet for browsers", () => {
  const plain = feeds({});
  const styled = feeds({ stylesheet: "https://example.org/feed.css?v=1&theme=dark" });

  it("is written right after the XML declaration of RSS and Atom, escaped, and only when set", () => {
    const instruction = '<?xml-stylesheet type="text/css" href="https://example.org/feed.css?v=1&amp;theme=dark"?>\n';
    for (const format of ["rss", "atom"] as const) {
      expect(styled[format].startsWith(DECLARATION + instruction), format).toBe(true);
      expect(styled[format].slice(DECLARATION.length + instruction.length)).toBe(plain[format].slice(DECLARATION.length));
      expect(plain[format]).not.toContain("xml-stylesheet");
    }
    expect(styled.json).toBe(plain.json);
  });

  it("keeps an href that looks like the serializer's own markers as it is", () => {
    const odd = feeds({ stylesheet: "/fwv0_/style.css" });
    expect(odd.rss).toContain('<?xml-stylesheet type="text/css" href="/fwv0_/style.css"?>');
    expect(odd.atom).toContain('<?xml-stylesheet type="text/css" href="/fwv0_/style.css"?>');
  });

  it("leaves the feeds valid for every validator", async () => {
    expect(validateRss(styled.rss)).toEqual([]);
    expect(await validateAtom(styled.atom)).toEqual([]);
    expect(validateJsonFeed(styled.json)).toEqual([]);
  });

  it("is invisible to every reader: each reads the styled feed as the plain one", async () => {
    const readers = [
      ["rss-parser", readWithRssParser],
      ["@rowanmanning/feed-parser", readWithRowanmanning],
      ["feedparser", readWithFeedparser],
    ] as const;
    for (const format of ["rss", "atom"] as const) {
      for (const [name, read] of readers) {
        const read1 = await read(plain[format]);
        expect(read1.items, `${name} on ${format}`).toHaveLength(1);
        expect(await read(styled[format]), `${name} on ${format}`).toEqual(read1);
      }
      const bySmith = await readWithFeedsmith(plain[format], format);
      expect(bySmith.items[0]!.title).toBe("Erster & <letzter>");
      expect(await readWithFeedsmith(styled[format], format), `feedsmith on ${format}`).toEqual(bySmith);
    }
  });
});
