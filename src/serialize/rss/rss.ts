import { Feed, type Extension, type Item } from "feed";
import { escapeHtml } from "../../render/item.js";
import { imageType } from "../mime.js";
import type { FeedItem, FeedMeta } from "../model.js";
import { inDocuments, type TokenDocument } from "../xml/documents.js";
import { EscapedContents, Placeholders, withStylesheet, type Piece } from "../xml/placeholders.js";

const MEDIA_NS = "http://search.yahoo.com/mrss/";

/**
 * RSS 2.0. Beyond what `feed` writes: `dc:creator` for authors without an e-mail address (RSS's
 * `<author>` must hold one), `guid isPermaLink="false"` unless the id is the item's own link,
 * `media:content` for the lead image (the one `<enclosure>` stays free for media), and
 * `atom:link rel="self"`.
 */
export function writeRss(meta: FeedMeta, items: readonly FeedItem[], contents = new EscapedContents(), itemsPerDocument?: number): Iterable<Piece> {
  // Decided over all items: the head of every document must be the same.
  const usesMedia = items.some((item) => item.image);
  return inDocuments(items, "item", (some) => rssDocument(meta, some, contents, usesMedia), itemsPerDocument);
}

function rssDocument(meta: FeedMeta, items: readonly FeedItem[], contents: EscapedContents, usesMedia: boolean): TokenDocument {
  const p = new Placeholders();
  const feed = new Feed({
    title: p.text(meta.title),
    description: p.text(meta.description),
    link: p.url(meta.homeUrl),
    language: p.text(meta.language),
    copyright: meta.copyright === undefined ? undefined : p.text(meta.copyright),
    image: meta.logo === undefined ? undefined : p.url(meta.logo),
    updated: meta.updated,
    generator: "feedwright",
    feedLinks: { rss: p.url(meta.selfUrls.rss) },
  });
  for (const item of items) {
    const extensions: Extension[] = [];
    const named = item.authors.filter((a) => !a.email);
    if (named.length > 0) extensions.push({ name: "dc:creator", objects: named.map((a) => ({ _text: p.text(a.name) })) as unknown as Record<string, unknown> });
    const imageMime = item.image ? imageType(item.image) : undefined;
    if (item.image) {
      const attributes: Record<string, string> = { url: p.url(item.image), medium: "image" };
      if (imageMime) attributes.type = imageMime;
      extensions.push({ name: "media:content", objects: { _attributes: attributes } });
    }
    const entry: Item = {
      title: p.text(item.title),
      link: p.url(item.link),
      // Without an id `feed` writes the link as guid with isPermaLink="true": right only when they are one.
      id: item.id === item.link ? undefined : p.text(item.id),
      date: item.modified,
      published: item.published,
      // RSS readers treat description as HTML; the summary is plain text, so it is escaped as HTML once.
      description: item.summary === undefined ? undefined : p.text(escapeHtml(item.summary)),
      content: p.escaped(contents.of(item)),
      author: item.authors.filter((a) => a.email).map((a) => ({ name: p.text(a.name), email: p.text(a.email!) })),
      category: item.categories.map((name) => ({ name: p.text(name) })),
      enclosure: item.enclosure && { url: p.url(item.enclosure.url), type: p.text(item.enclosure.type), length: item.enclosure.length },
      extensions,
    };
    feed.addItem(entry);
  }
  let xml = feed.rss2();
  if (usesMedia) xml = xml.replace('<rss version="2.0"', `<rss version="2.0" xmlns:media="${MEDIA_NS}"`);
  return { xml: withStylesheet(xml, meta.stylesheet === undefined ? undefined : p.text(meta.stylesheet)), placeholders: p };
}
