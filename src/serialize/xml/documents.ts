import type { Piece, Placeholders } from "./placeholders.js";

/** A document as `feed` wrote it, holding tokens, with the placeholders the tokens belong to. */
export interface TokenDocument {
  xml: string;
  placeholders: Placeholders;
}

/**
 * Items per document `feed` is asked for. It builds a whole document as one tree of objects
 * before writing any of it; with 10,000 items that tree lives through many young-generation
 * collections and is copied at each. Trees of 100 items die young: RSS of 9,710 items took
 * 245 ms as one document, 155 ms as documents of 100.
 */
const ITEMS_PER_DOCUMENT = 100;

/**
 * One RSS or Atom document for all items, made from documents of a few items each: the first
 * gives the head and the tail, every one gives its items, cut from the first item's start tag to
 * the last one's end tag and joined by the line break and indentation that precede an item, as
 * in one document. So the head must not depend on which items a document holds (the writers
 * decide such things over all items). Every value is a token here (placeholders.ts), so a tag
 * found can only be `feed`'s own. tests/serialize/documents.test.ts: the bytes equal one document's.
 */
export function* inDocuments<T>(
  items: readonly T[],
  tag: "item" | "entry",
  document: (items: readonly T[]) => TokenDocument,
  size = ITEMS_PER_DOCUMENT,
): Generator<Piece> {
  if (items.length <= size) {
    const { xml, placeholders } = document(items);
    yield* placeholders.fill(xml);
    yield "\n";
    return;
  }
  const start = new RegExp(`<${tag}[ >]`);
  const end = `</${tag}>`;
  let tail: TokenDocument | undefined;
  let separator = "";
  for (let from = 0; from < items.length; from += size) {
    const { xml, placeholders } = document(items.slice(from, from + size));
    const open = xml.search(start);
    const close = xml.lastIndexOf(end) + end.length;
    if (open === -1 || close < open) throw new Error(`serializer: a document of items without <${tag}>`);
    if (from === 0) {
      separator = xml.slice(xml.lastIndexOf("\n", open), open);
      // Only indentation can stand between two items; anything else means `feed` writes differently now.
      if (!/^\n[ \t]*$/.test(separator)) throw new Error(`serializer: unexpected text before <${tag}>`);
      tail = { xml: xml.slice(close), placeholders };
      yield* placeholders.fill(xml.slice(0, close));
    } else {
      yield separator;
      yield* placeholders.fill(xml.slice(open, close));
    }
  }
  yield* tail!.placeholders.fill(tail!.xml);
  yield "\n";
}
