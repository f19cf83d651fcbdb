import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import type { FeedItem, Piece } from "../model/feed.js";

/**
 * Size limits (`maxBytes`, README "Size limits"). A feed is its frame (head and tail) around its
 * items, and an item's bytes do not depend on the other items (the writers are cut per item), so
 * each item is sized once and the cut found by prefix sums: never a whole feed serialized per
 * dropped item. Only the frame depends on which items are kept (RSS namespaces, the feed's
 * updated date), and it never shrinks when an item is added, so the total grows with the count
 * and a binary search over it finds the exact cut.
 */
export interface FormatParts {
  /** The head and tail of the document holding `kept` (the newest items, newest first). */
  frame(kept: readonly FeedItem[]): { head: string; tail: string };
  /** The item's pieces at `index` in the document. */
  item(item: FeedItem, index: number): readonly Piece[];
}

/** Without maxBytes, a feed over this many bytes is warned about (the W3C Feed Validator refuses it). */
export const LARGE_FEED_BYTES = 5_000_000;

export function byteLength(pieces: Iterable<Piece>): number {
  let bytes = 0;
  for (const piece of pieces) bytes += typeof piece === "string" ? Buffer.byteLength(piece, "utf8") : piece.byteLength;
  return bytes;
}

export type Fit = { ok: true; kept: number; bytes: number; tooLarge: number[] } | { ok: false; emptyBytes: number };

/**
 * How many of the newest items fit in maxBytes (`kept`, and the file's exact size `bytes`), and
 * which items are over it on their own (`tooLarge`, indexes); not ok when even no item is over.
 */
export function fitItems(items: readonly FeedItem[], parts: FormatParts, maxBytes: number): Fit {
  const frameBytes = (count: number) => {
    const { head, tail } = parts.frame(items.slice(0, count));
    return Buffer.byteLength(head, "utf8") + Buffer.byteLength(tail, "utf8");
  };
  const empty = frameBytes(0);
  if (empty > maxBytes) return { ok: false, emptyBytes: empty };
  // prefix[k]: the bytes of the newest k items. Sizing stops at the first item that cannot fit
  // even with the smallest frame, so the cost follows what is kept, not the whole history.
  const prefix = [0];
  const tooLarge: number[] = [];
  for (const [index, item] of items.entries()) {
    const size = byteLength(parts.item(item, index));
    prefix.push(prefix[index]! + size);
    if (empty + prefix[index + 1]! > maxBytes) {
      if (empty + size > maxBytes && frameBytes1(parts, item) > maxBytes) tooLarge.push(index);
      break;
    }
  }
  // The largest k with total(k) ≤ maxBytes; total(0) fits (checked above).
  let low = 0;
  let high = prefix.length - 1;
  const total = (count: number) => frameBytes(count) + prefix[count]!;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (total(middle) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  return { ok: true, kept: low, bytes: total(low), tooLarge };
}

/** The bytes of a feed holding this item alone. */
function frameBytes1(parts: FormatParts, item: FeedItem): number {
  const { head, tail } = parts.frame([item]);
  return byteLength([head, ...parts.item(item, 0), tail]);
}

/** The diagnostics of a fit: an item over the limit on its own (a warning), a limit below the empty feed (an error). */
export function fitDiagnostics(fit: Fit, items: readonly FeedItem[], where: { configFile: string; field: string; maxBytes: number; shown: string; archived?: boolean }): Diagnostic[] {
  const { configFile, field, maxBytes, shown } = where;
  const left = where.archived ? "move to the archive pages (and its page is over the limit too)" : "are left out of that feed (their pages stay)";
  if (!fit.ok) {
    return [
      error(configFile, `is ${maxBytes} bytes, but ${shown} with no item at all is already ${fit.emptyBytes} bytes: raise ${field} to well above that (a few items are tens of kilobytes), or leave it out`, { field }),
    ];
  }
  return fit.tooLarge.map((index) =>
    warning(
      items[index]!.file,
      `its item alone makes ${shown} larger than ${field} (${maxBytes} bytes), so it and every older post ${left}: shorten the post, or raise ${field}`,
    ),
  );
}

/**
 * An archive page over maxBytes: its items cannot leave it (every item stays reachable, and a page
 * holds a fixed number of them so that it never changes), so it is written and warned about.
 */
export function archivePageWarning(shown: string, bytes: number, where: { field: string; maxBytes: number; itemsPerPage: number }): Diagnostic {
  return warning(
    shown,
    `is ${bytes} bytes, over ${where.field} (${where.maxBytes}): an archive page keeps its ${where.itemsPerPage} items (archives.itemsPerPage) whatever their size; lower archives.itemsPerPage, or raise ${where.field}`,
  );
}

/** Without maxBytes: a feed over `threshold` bytes, named with its size, the readers that fail on it and the fix. */
export function largeFeedWarning(
  shown: string,
  bytes: number,
  configFile: string,
  threshold = LARGE_FEED_BYTES,
  fix = `set maxBytes in ${configFile} (e.g. "maxBytes": 5000000, README "Size limits") or a lower limit`,
): Diagnostic | undefined {
  if (bytes <= threshold) return undefined;
  return warning(shown, `is ${bytes} bytes, over ${threshold}: the W3C Feed Validator refuses feeds from about 5 MB and SimplePie (FreshRSS's parser) fails from about 11 MB ("XML error: No memory"); ${fix}`);
}

/** The fix of a large archive page: fewer items per page (maxBytes cannot take items out of a page). */
export function archivePageFix(configFile: string, itemsPerPage: number): string {
  return `lower archives.itemsPerPage (${itemsPerPage}) in ${configFile}: an archive page keeps its items whatever their size`;
}
