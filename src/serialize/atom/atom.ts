import { Feed, type Item } from "feed";
import { imageType } from "../mime.js";
import type { FeedItem, FeedMeta } from "../model.js";
import { inDocuments, type TokenDocument } from "../xml/documents.js";
import { EscapedContents, escapeXml, Placeholders, withStylesheet, type Piece } from "../xml/placeholders.js";

const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/**
 * Atom 1.0 (RFC 4287). Beyond what `feed` writes: entry titles and summaries declared as what
 * they are, plain text (`feed` declares them `type="html"`, so `Why <div> matters` would lose
 * its `<div>`), `xml:lang` on the feed and on entries in another language, enclosures with their
 * true type, and an author on every entry.
 */
export function writeAtom(meta: FeedMeta, items: readonly FeedItem[], contents = new EscapedContents(), itemsPerDocument?: number): Iterable<Piece> {
  return inDocuments(items, "entry", (some) => atomDocument(meta, some, contents), itemsPerDocument);
}

function atomDocument(meta: FeedMeta, items: readonly FeedItem[], contents: EscapedContents): TokenDocument {
  const p = new Placeholders();
  const feed = new Feed({
    id: p.text(meta.id),
    title: p.text(meta.title),
    description: meta.description === "" ? undefined : p.text(meta.description),
    link: p.url(meta.homeUrl),
    updated: meta.updated,
    generator: "feedwright",
    author: person(p, meta.author),
    copyright: meta.copyright === undefined ? undefined : p.text(meta.copyright),
    image: meta.logo === undefined ? undefined : p.text(meta.logo),
    favicon: meta.icon === undefined ? undefined : p.text(meta.icon),
    feedLinks: { atom: p.url(meta.selfUrls.atom) },
  });
  for (const item of items) {
    const imageMime = item.image ? imageType(item.image) : undefined;
    const entry: Item = {
      title: p.text(item.title),
      id: p.url(item.id),
      link: p.url(item.link),
      date: item.modified,
      published: item.published,
      description: item.summary === undefined ? undefined : p.text(item.summary),
      content: p.escaped(contents.of(item)),
      author: item.authors.map((a) => person(p, a)),
      category: item.categories.map((term) => ({ term: p.text(term) })),
      enclosure: item.enclosure && { url: p.enclosureUrl(item.enclosure.url, item.enclosure.type), length: item.enclosure.length },
      image: item.image && imageMime ? p.enclosureUrl(item.image, imageMime) : undefined,
    };
    feed.addItem(entry);
  }
  // Before filling, the document holds no user text: these strings can only be `feed`'s own markup.
  let xml = feed.atom1().replaceAll('<title type="html">', '<title type="text">').replaceAll('<summary type="html">', '<summary type="text">');
  xml = xml.replace(ATOM_ROOT, `${ATOM_ROOT.slice(0, -1)} xml:lang="${escapeXml(meta.language)}">`);
  let index = 0;
  xml = xml.replace(/<entry>/g, () => {
    const lang = items[index++]?.lang;
    return lang && lang !== meta.language ? `<entry xml:lang="${escapeXml(lang)}">` : "<entry>";
  });
  return { xml: withStylesheet(xml, meta.stylesheet === undefined ? undefined : p.text(meta.stylesheet)), placeholders: p };
}

function person(p: Placeholders, a: FeedMeta["author"]) {
  return { name: p.text(a.name), email: a.email === undefined ? undefined : p.text(a.email), link: a.url === undefined ? undefined : p.url(a.url) };
}
