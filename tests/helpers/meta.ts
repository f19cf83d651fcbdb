import type { FeedMeta } from "../../src/model/feed.js";

/** Feed-level data for the serializer tests; each test overrides what it is about. */
export function feedMetaWith(overrides: Partial<FeedMeta> = {}): FeedMeta {
  return {
    title: "Site",
    description: "About",
    homeUrl: "https://example.org/",
    id: "https://example.org/",
    language: "de",
    author: { name: "Site Author" },
    updated: new Date("2024-03-10T08:00:00Z"),
    selfUrls: { rss: "https://example.org/rss.xml", atom: "https://example.org/atom.xml", json: "https://example.org/feed.json" },
    ...overrides,
  };
}
