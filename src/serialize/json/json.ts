import type { Person } from "../../model/site.js";
import { selfUrlOf, type FeedItem, type FeedMeta } from "../../model/feed.js";
import { jsonNextUrl } from "./archive.js";
import { textPieces } from "../../common/pieces.js";

/**
 * JSON Feed 1.1. Written from the model directly: `feed`'s JSON writer produces version 1
 * (one `author`, no `language`, no `attachments`), so every 1.1 field would have to be redone.
 * Key order is fixed by construction, so the bytes are stable.
 *
 * The text is `JSON.stringify(document, null, 2)` plus a newline, made in pieces as they are
 * taken (the head, then two pieces per item) so that all items are never one string of tens of megabytes;
 * tests/serialize/json.test.ts checks that the pieces join to exactly that text.
 */
export function* writeJson(meta: FeedMeta, items: readonly FeedItem[]): Generator<string> {
  const { head, tail } = jsonFrame(meta, items.length);
  yield head;
  for (const [index, item] of items.entries()) yield* jsonItem(item, index);
  if (tail !== "") yield tail;
}

/** The document around the items; with none it is the whole document (head) and tail is empty. */
export function jsonFrame(meta: FeedMeta, count: number): { head: string; tail: string } {
  const head = {
    version: "https://jsonfeed.org/version/1.1",
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: selfUrlOf(meta, "json"),
    ...(meta.description ? { description: meta.description } : {}),
    ...jsonNextUrl(meta.archive),
    ...(meta.logo ? { icon: meta.logo } : {}),
    ...(meta.icon ? { favicon: meta.icon } : {}),
    authors: [author(meta.author)],
    language: meta.language,
    ...jsonHubs(meta.hubs),
  };
  if (count === 0) return { head: `${JSON.stringify({ ...head, items: [] }, null, 2)}\n`, tail: "" };
  // `items` is the last key: the head without its closing brace, then the items.
  return { head: `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "items": [\n`, tail: "\n  ]\n}\n" };
}

/** The WebSub hubs as JSON Feed 1.1 writes them: `hubs: [{ type, url }]`; nothing without one. */
export function jsonHubs(hubs: readonly string[] = []): { hubs?: { type: "WebSub"; url: string }[] } {
  return hubs.length === 0 ? {} : { hubs: hubs.map((url) => ({ type: "WebSub", url })) };
}

const OPEN = '{\n  "items": [\n'.length;
const CLOSE = "\n  ]\n}".length;

/** From this many characters, content_html is written in pieces (jsonStringPieces), not inside the item's one text. */
const LONG_CONTENT = 1 << 20;
/** content_html's line in an item stringified as jsonItem does (a raw line break is in no JSON string): the content goes before its closing quote. */
const CONTENT_LINE = '\n      "content_html": "';

/** The item at `index`, after its separator: its size is the same whichever items come after it. */
export function jsonItem(item: FeedItem, index: number): string[] {
  const separator = index === 0 ? "" : ",\n";
  // Each item stringified inside the same nesting as in the document comes out indented as there;
  // only the wrapper's first and last lines are cut off.
  if (item.contentHtml.length < LONG_CONTENT) {
    const wrapped = JSON.stringify({ items: [jsonObject(item)] }, null, 2);
    return [separator, wrapped.slice(OPEN, wrapped.length - CLOSE)];
  }
  // A long content (a 60 MB post's: 81 MB as JSON) is not made one text with the rest.
  const wrapped = JSON.stringify({ items: [jsonObject({ ...item, contentHtml: "" })] }, null, 2);
  const at = wrapped.indexOf(CONTENT_LINE) + CONTENT_LINE.length;
  return [separator, wrapped.slice(OPEN, at), ...jsonStringPieces(item.contentHtml), wrapped.slice(at, wrapped.length - CLOSE)];
}

/** JSON.stringify(text) without its quotes, in pieces (textPieces: never inside a surrogate pair, each half of which would be escaped). */
function jsonStringPieces(text: string): string[] {
  return textPieces(text).map((piece) => JSON.stringify(piece).slice(1, -1));
}

function jsonObject(item: FeedItem) {
  return {
    id: item.id,
    url: item.url,
    ...(item.externalUrl ? { external_url: item.externalUrl } : {}),
    title: item.title,
    content_html: item.contentHtml,
    ...(item.summary !== undefined ? { summary: item.summary } : {}),
    ...(item.image ? { image: item.image } : {}),
    date_published: item.published.toISOString(),
    date_modified: item.modified.toISOString(),
    authors: item.authors.map(author),
    ...(item.categories.length > 0 ? { tags: item.categories } : {}),
    ...(item.lang ? { language: item.lang } : {}),
    ...(item.enclosure
      ? { attachments: [{ url: item.enclosure.url, mime_type: item.enclosure.type, ...(item.enclosure.length > 0 ? { size_in_bytes: item.enclosure.length } : {}) }] }
      : {}),
    // JSON Feed 1.1 extension: the source file lets the next build's id guard (src/guard/) find
    // this item again after a slug change, which changes both its id and its link.
    _feedwright: { file: (item.sourcePath ?? item.file).replaceAll("\\", "/") },
  };
}

/** JSON Feed authors have no e-mail field; a mailto: URL is the spec's way to give one. */
function author(person: Person): { name: string; url?: string } {
  const url = person.url ?? (person.email ? `mailto:${person.email}` : undefined);
  return url ? { name: person.name, url } : { name: person.name };
}
