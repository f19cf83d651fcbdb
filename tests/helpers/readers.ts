/**
 * Independent feed parsers from npm, each mapped to one small shape, so tests can ask "did every
 * value survive?" of several readers at once. Only mapping happens here: no decoding or fixing.
 */
import { parseFeed as rowanmanning } from "@rowanmanning/feed-parser";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import RssParser from "rss-parser";

export interface ReadItem {
  id?: string;
  title?: string;
  link?: string;
  published?: string;
  content?: string;
  authors: string[];
  categories: string[];
  enclosures: { url?: string; type?: string; length?: number }[];
}
export interface ReadFeed {
  reader: string;
  title?: string;
  language?: string;
  items: ReadItem[];
}

/** feedsmith gives Atom text constructs either as a string or as { value, type }. */
const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : (value as { value?: string } | undefined)?.value);
const iso = (value: unknown) => (value ? new Date(String(value)).toISOString() : undefined);

const rssParser = new RssParser({
  customFields: { item: [["dc:creator", "creators", { keepArray: true }], ["category", "categoryList", { keepArray: true }]] },
});

export async function readWithRssParser(xml: string): Promise<ReadFeed> {
  const feed = await rssParser.parseString(xml);
  return {
    reader: "rss-parser",
    title: feed.title,
    language: (feed as { language?: string }).language,
    items: feed.items.map((raw) => {
      const item = raw as typeof raw & { creators?: string[]; author?: string; id?: string; summary?: string; "content:encoded"?: string };
      const atomAuthor = item.author ? [item.author] : [];
      return {
        id: item.guid ?? item.id,
        title: item.title,
        link: item.link,
        published: iso(item.isoDate),
        content: item["content:encoded"] ?? item.content,
        authors: [...atomAuthor, ...(item.creators ?? [])],
        categories: (item.categories ?? []).map((c: unknown) => (typeof c === "string" ? c : String((c as { $?: { term?: string }; _?: string }).$?.term ?? (c as { _?: string })._))),
        enclosures: item.enclosure ? [{ url: item.enclosure.url, type: item.enclosure.type, length: Number(item.enclosure.length) }] : [],
      };
    }),
  };
}

export function readWithRowanmanning(xml: string): ReadFeed {
  const feed = rowanmanning(xml);
  return {
    reader: "@rowanmanning/feed-parser",
    title: feed.title ?? undefined,
    language: feed.language ?? undefined,
    items: feed.items.map((item) => ({
      id: item.id ?? undefined,
      title: item.title ?? undefined,
      link: item.url ?? undefined,
      published: iso(item.published),
      content: item.content ?? undefined,
      authors: item.authors.map((a) => a.name ?? "").filter(Boolean),
      categories: item.categories.map((c) => c.term ?? c.label ?? ""),
      enclosures: item.media.filter((m) => m.type !== "image").map((m) => ({ url: m.url ?? undefined, type: m.mimeType ?? undefined, length: m.length ?? undefined })),
    })),
  };
}

export function readWithFeedsmith(text: string, format: "rss" | "atom" | "json"): ReadFeed {
  if (format === "json") {
    const feed = parseJsonFeed(JSON.parse(text));
    return {
      reader: "feedsmith",
      title: feed.title,
      language: feed.language,
      items: (feed.items ?? []).map((item) => ({
        id: item.id,
        title: item.title,
        link: item.external_url ?? item.url,
        published: iso(item.date_published),
        content: item.content_html,
        authors: (item.authors ?? []).map((a) => a.name ?? ""),
        categories: item.tags ?? [],
        enclosures: (item.attachments ?? []).map((a) => ({ url: a.url, type: a.mime_type, length: a.size_in_bytes })),
      })),
    };
  }
  if (format === "atom") {
    const feed = parseAtomFeed(text);
    return {
      reader: "feedsmith",
      title: textOf(feed.title),
      items: (feed.entries ?? []).map((entry) => ({
        id: entry.id,
        title: textOf(entry.title),
        link: entry.links?.find((l) => !l.rel || l.rel === "alternate")?.href,
        published: iso(entry.published),
        content: textOf(entry.content),
        authors: (entry.authors ?? []).map((a) => a.name ?? ""),
        categories: (entry.categories ?? []).map((c) => c.term ?? ""),
        enclosures: (entry.links ?? []).filter((l) => l.rel === "enclosure" && !l.type?.startsWith("image/")).map((l) => ({ url: l.href, type: l.type, length: l.length })),
      })),
    };
  }
  const feed = parseRssFeed(text);
  return {
    reader: "feedsmith",
    title: feed.title,
    language: feed.language,
    items: (feed.items ?? []).map((item) => ({
      id: item.guid?.value,
      title: item.title,
      link: item.link,
      published: iso(item.pubDate),
      content: item.content?.encoded,
      authors: [...(item.authors ?? []).map((a) => (typeof a === "string" ? a : (a.name ?? ""))), ...(item.dc?.creators ?? [])],
      categories: (item.categories ?? []).map((c) => c.name ?? ""),
      enclosures: (item.enclosures ?? []).map((e) => ({ url: e.url, type: e.type, length: e.length })),
    })),
  };
}
