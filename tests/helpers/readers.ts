/**
 * A built site's three feeds through the project's validators and every independent reader
 * (tests/support/feed-readers.ts): what own-posts.test.ts checks of the repository's posts, for
 * any fixture site. Returns the JSON Feed and what the readers read.
 */
import { expect } from "vitest";
import {
  readWithFeedparser,
  readWithFeedsmith,
  readWithRowanmanning,
  readWithRssParser,
  validateAtom,
  validateJsonFeed,
  validateRss,
  type ReadFeed,
} from "../support/feed-readers.js";

export interface JsonFeedItem {
  id: string;
  url: string;
  external_url?: string;
  title: string;
  date_published: string;
  date_modified?: string;
  summary?: string;
  image?: string;
  tags?: string[];
  content_html?: string;
  _feedwright: { file: string };
}

export async function expectValidAndAgreed(feeds: { rss: string; atom: string; json: string }): Promise<{ json: { title: string; items: JsonFeedItem[] }; readers: Record<string, ReadFeed> }> {
  expect(validateRss(feeds.rss)).toEqual([]);
  expect(await validateAtom(feeds.atom)).toEqual([]);
  const json = JSON.parse(feeds.json) as { title: string; items: JsonFeedItem[] };
  expect(validateJsonFeed(json)).toEqual([]);
  const readers: Record<string, ReadFeed> = {
    "rss-parser (RSS)": await readWithRssParser(feeds.rss),
    "feedparser (RSS)": await readWithFeedparser(feeds.rss),
    "feedsmith (RSS)": await readWithFeedsmith(feeds.rss, "rss"),
    "rss-parser (Atom)": await readWithRssParser(feeds.atom),
    "@rowanmanning/feed-parser (Atom)": await readWithRowanmanning(feeds.atom),
    "feedparser (Atom)": await readWithFeedparser(feeds.atom),
    "feedsmith (Atom)": await readWithFeedsmith(feeds.atom, "atom"),
    "feedsmith (JSON)": await readWithFeedsmith(feeds.json, "json"),
  };
  const ids = json.items.map((item) => item.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const [reader, feed] of Object.entries(readers)) {
    expect(feed.title, reader).toBe(json.title);
    expect(feed.items.map((item) => item.id), reader).toEqual(ids);
    // A link post's item links to where it points (JSON external_url).
    expect(feed.items.map((item) => item.link), reader).toEqual(json.items.map((item) => item.external_url ?? item.url));
    expect(feed.items.map((item) => item.date), reader).toEqual(json.items.map((item) => item.date_published));
    // feedparser strips what looks like markup from titles, a reader's choice (see own-posts.test.ts).
    if (!reader.startsWith("feedparser")) expect(feed.items.map((item) => item.title), reader).toEqual(json.items.map((item) => item.title));
  }
  return { json, readers };
}
