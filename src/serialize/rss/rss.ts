import { Feed } from "feed";
import { escapeHtml } from "../../common/html.js";
import { imageType } from "../mime.js";
import { selfUrlOf, type FeedItem, type FeedMeta, type Piece } from "../../model/feed.js";
import { element, empty, EscapedContents, lines } from "../xml/escape.js";
import { feedFrame } from "../xml/frame.js";
import { rssArchiveElements, rssArchiveNamespace } from "./archive.js";

/**
 * RSS 2.0. The channel is written by `feed` from the site's metadata (../xml/frame.ts says how);
 * every item is written here, element by element, in the layout of the channel:
 *
 *   <item>  title, link, guid, pubDate, description?, content:encoded, author?, category*,
 *           enclosure?, dc:creator*, media:content?
 */
export function* writeRss(meta: FeedMeta, items: readonly FeedItem[], contents = new EscapedContents()): Generator<Piece> {
  const { head, tail } = rssFrame(meta, items);
  yield head;
  for (const item of items) yield* rssItem(item, contents);
  yield tail;
}

/** The document around the items: depends on the items only through the namespaces they use. */
export function rssFrame(meta: FeedMeta, items: readonly FeedItem[]): { head: string; tail: string } {
  return feedFrame(
    ({ text, url }) =>
      new Feed({
        title: text(meta.title),
        description: text(meta.description),
        link: url(meta.homeUrl),
        language: text(meta.language),
        copyright: meta.copyright === undefined ? undefined : text(meta.copyright),
        image: meta.logo === undefined ? undefined : url(meta.logo),
        updated: meta.updated,
        generator: "feedwright",
        feedLinks: { rss: url(selfUrlOf(meta, "rss")) },
      }).rss2(),
    { itemsBefore: "\n    </channel>", rootAttributes: { ...namespaces(items), ...rssArchiveNamespace(meta.archive) }, stylesheet: meta.stylesheet, more: rssHubLinks(meta.hubs) + rssArchiveElements(meta.archive) },
  );
}

/** The WebSub hubs as channel elements, after the self link: `<atom:link rel="hub">` (`feed` already declares atom:). */
export function rssHubLinks(hubs: readonly string[] = []): string {
  return lines(2, hubs.map((href) => empty("atom:link", { rel: "hub", href })));
}

/** One item's pieces: the same whichever other items the feed holds (maxBytes sizes each once). */
export function rssItem(item: FeedItem, contents: EscapedContents): Piece[] {
  return [`\n        <item>${lines(3, itemHead(item))}\n            <content:encoded>`, contents.of(item), `</content:encoded>${lines(3, itemTail(item))}\n        </item>`];
}

/** The namespaces the items use (`feed` declares only those of its own elements: atom: for the self link). */
function namespaces(items: readonly FeedItem[]): Record<string, string> {
  return {
    ...(items.some((item) => item.image) ? { "xmlns:media": "http://search.yahoo.com/mrss/" } : {}),
    ...(items.length > 0 ? { "xmlns:dc": "http://purl.org/dc/elements/1.1/", "xmlns:content": "http://purl.org/rss/1.0/modules/content/" } : {}),
  };
}

function itemHead(item: FeedItem) {
  return [
    element("title", item.title),
    element("link", item.link),
    // A guid is taken for the item's address unless isPermaLink says otherwise.
    element("guid", item.id, { isPermaLink: String(item.id === item.link) }),
    element("pubDate", item.published.toUTCString()),
    // Readers take description as HTML; the summary is plain text, so it is escaped as HTML first.
    item.summary !== undefined && element("description", escapeHtml(item.summary)),
  ];
}

function itemTail(item: FeedItem) {
  // RSS's <author> is one e-mail address: only a single author with one is written so. Every
  // other author is a dc:creator; never both in one item (the W3C validator warns on the mix).
  const [first, ...others] = item.authors;
  const byEmail = first?.email && others.length === 0 ? first : undefined;
  const imageMime = item.image ? imageType(item.image) : undefined;
  return [
    byEmail && element("author", `${byEmail.email} (${byEmail.name})`),
    ...item.categories.map((name) => element("category", name)),
    item.enclosure && empty("enclosure", { length: item.enclosure.length, type: item.enclosure.type, url: item.enclosure.url }),
    ...(byEmail ? [] : item.authors.map((author) => element("dc:creator", author.name))),
    // The lead image as media:content, so that the one <enclosure> stays free for the media.
    item.image && empty("media:content", { url: item.image, medium: "image", type: imageMime }),
  ];
}
