import { Feed } from "feed";
import type { Person } from "../../model/site.js";
import { imageType } from "../mime.js";
import { selfUrlOf, type FeedItem, type FeedMeta, type Piece } from "../../model/feed.js";
import { element, empty, EscapedContents, lines, start } from "../xml/escape.js";
import { feedFrame, type Tokens } from "../xml/frame.js";
import { atomArchiveElements, atomArchiveNamespace } from "./archive.js";

/**
 * Atom 1.0 (RFC 4287). The feed's own elements are written by `feed` from the site's metadata
 * (../xml/frame.ts says how), with `xml:lang` on the root; every entry is written here:
 *
 *   <entry xml:lang?>  title, id, link (alternate, enclosure?, image?), updated, summary?,
 *                      content, author+, category*, published
 *
 * Titles and summaries are plain text and say so (`type="text"`), so `Why <div> matters` keeps
 * its `<div>`; an entry names its language only where it differs from the feed's.
 */
export function* writeAtom(meta: FeedMeta, items: readonly FeedItem[], contents = new EscapedContents()): Generator<Piece> {
  const { head, tail } = atomFrame(meta);
  yield head;
  for (const item of items) yield* atomEntry(meta, item, contents);
  yield tail;
}

/** The document around the entries (it depends on them only through meta.updated); RFC 5005's links last. */
export function atomFrame(meta: FeedMeta): { head: string; tail: string } {
  return feedFrame(
    ({ text, url }) =>
      new Feed({
        id: text(meta.id),
        title: text(meta.title),
        description: meta.description === "" ? undefined : text(meta.description),
        link: url(meta.homeUrl),
        updated: meta.updated,
        generator: "feedwright",
        author: frameAuthor(meta.author, { text, url }),
        copyright: meta.copyright === undefined ? undefined : text(meta.copyright),
        image: meta.logo === undefined ? undefined : text(meta.logo),
        favicon: meta.icon === undefined ? undefined : text(meta.icon),
        feedLinks: { atom: url(selfUrlOf(meta, "atom")) },
      }).atom1(),
    { itemsBefore: "\n</feed>", rootAttributes: { "xml:lang": meta.language, ...atomArchiveNamespace(meta.archive) }, stylesheet: meta.stylesheet, more: atomHubLinks(meta.hubs) + atomArchiveElements(meta.archive) },
  );
}

/** The WebSub hubs as feed elements before the entries: `<link rel="hub">`. */
export function atomHubLinks(hubs: readonly string[] = []): string {
  return lines(1, hubs.map((href) => empty("link", { rel: "hub", href })));
}

/** One entry's pieces: the same whichever other entries the feed holds (maxBytes sizes each once). */
export function atomEntry(meta: FeedMeta, item: FeedItem, contents: EscapedContents): Piece[] {
  const lang = item.lang && item.lang !== meta.language ? item.lang : undefined;
  return [`\n    ${start("entry", { "xml:lang": lang })}${lines(2, entryHead(item))}\n        <content type="html">`, contents.of(item), `</content>${lines(2, entryTail(item))}\n    </entry>`];
}

function entryHead(item: FeedItem) {
  const imageMime = item.image ? imageType(item.image) : undefined;
  return [
    element("title", item.title, { type: "text" }),
    element("id", item.id),
    empty("link", { href: item.link }),
    item.enclosure && empty("link", { rel: "enclosure", href: item.enclosure.url, type: item.enclosure.type, length: item.enclosure.length }),
    // Readers show an image only with a type they know (../mime.ts).
    item.image && imageMime && empty("link", { rel: "enclosure", href: item.image, type: imageMime }),
    element("updated", item.modified.toISOString()),
    item.summary !== undefined && element("summary", item.summary, { type: "text" }),
  ];
}

function entryTail(item: FeedItem) {
  return [...item.authors.map(author), ...item.categories.map((term) => empty("category", { term })), element("published", item.published.toISOString())];
}

function author(person: Person): string {
  const parts = [element("name", person.name), person.email !== undefined && element("email", person.email), person.url !== undefined && element("uri", person.url)];
  return `<author>${lines(3, parts)}\n        </author>`;
}

function frameAuthor(person: Person, { text, url }: Tokens) {
  return { name: text(person.name), email: person.email === undefined ? undefined : text(person.email), link: person.url === undefined ? undefined : url(person.url) };
}
