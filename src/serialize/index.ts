import type { Diagnostic } from "../common/diagnostics.js";
import { atomEntry, atomFrame, writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { fitDiagnostics, fitItems, type FormatParts } from "./fit.js";
import { jsonFrame, jsonItem, writeJson } from "./json/json.js";
import type { FeedItem, FeedMeta, Feeds, Piece } from "../model/feed.js";
import { rssFrame, rssItem, writeRss } from "./rss/rss.js";
import { EscapedContents } from "./xml/escape.js";

/** Writes one format when called, as pieces in order, each made when it is taken (see `feedWriters`). */
export type FeedWriters = { [Format in keyof Feeds]: () => Iterable<Piece> };

/**
 * The one entry to serialization: cleans every text once, then hands out one writer per format.
 * Each format is written only when asked for, in pieces made as they are taken, so a caller that
 * encodes each piece at once (runBuild) never holds a whole feed (tens of megabytes with all items) as one text.
 */
export function feedWriters(
  meta: FeedMeta,
  items: readonly FeedItem[],
  configFile: string,
  limits?: SizeLimits,
): { writers: FeedWriters; diagnostics: Diagnostic[]; kept: Record<keyof Feeds, number> } {
  const clean = cleanFeed(meta, items, configFile);
  // Shared by the two XML formats; let go once both are written (tens of megabytes with all items).
  let contents: EscapedContents | undefined = new EscapedContents();
  let xmlLeft = 2;
  const diagnostics = [...clean.diagnostics];
  // The items each format keeps under its maxBytes (all without one), and the feed's date from them,
  // so the file is byte for byte the one `limit` set to that count would give.
  const cut = (format: keyof Feeds, parts: (meta: FeedMeta) => FormatParts): { meta: FeedMeta; items: readonly FeedItem[] } => {
    const maxBytes = limits?.maxBytes[format];
    if (maxBytes === undefined || limits === undefined) return clean;
    const fit = fitItems(clean.items, { frame: (kept) => parts(metaOf(clean.meta, kept)).frame(kept), item: (item, index) => parts(clean.meta).item(item, index) }, maxBytes);
    diagnostics.push(...fitDiagnostics(fit, clean.items, { configFile, field: limits.field(format), maxBytes, shown: limits.shown[format] }));
    const kept = fit.ok ? clean.items.slice(0, fit.kept) : clean.items;
    return kept.length === clean.items.length ? clean : { meta: metaOf(clean.meta, kept), items: kept };
  };
  const rss = cut("rss", (m) => ({ frame: (kept) => rssFrame(m, kept), item: (item) => rssItem(item, contents!) }));
  const atom = cut("atom", (m) => ({ frame: () => atomFrame(m), item: (item) => atomEntry(m, item, contents!) }));
  const json = cut("json", (m) => ({ frame: (kept) => jsonFrame(m, kept.length), item: (item, index) => jsonItem(item, index) }));
  const xml = (write: typeof writeRss, feed: { meta: FeedMeta; items: readonly FeedItem[] }) =>
    function* () {
      yield* write(feed.meta, feed.items, contents);
      if (--xmlLeft === 0) contents = undefined;
    };
  return {
    writers: { rss: xml(writeRss, rss), atom: xml(writeAtom, atom), json: () => writeJson(json.meta, json.items) },
    diagnostics,
    kept: { rss: rss.items.length, atom: atom.items.length, json: json.items.length },
  };
}

/** The size limits of a build (the site's maxBytes) and how its messages name the setting and the files. */
export interface SizeLimits {
  maxBytes: { rss?: number; atom?: number; json?: number };
  /** The setting as the user wrote it: `maxBytes`, or `maxBytes.rss` for a per-format one. */
  field: (format: keyof Feeds) => string;
  /** Each feed's path as messages show it. */
  shown: Record<keyof Feeds, string>;
}

/** The feed's metadata for the items it keeps: its date is theirs (src/render/item.ts feedMeta). */
function metaOf(meta: FeedMeta, kept: readonly FeedItem[]): FeedMeta {
  const newest = kept.reduce<Date | undefined>((max, item) => (!max || item.modified > max ? item.modified : max), undefined);
  return { ...meta, updated: newest ?? new Date(0) };
}

/** All three formats as texts (the pure build and the tests). */
export function serializeFeeds(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { feeds: Feeds; diagnostics: Diagnostic[] } {
  const { writers, diagnostics } = feedWriters(meta, items, configFile);
  return { feeds: { rss: joined(writers.rss()), atom: joined(writers.atom()), json: joined(writers.json()) }, diagnostics };
}

/** A document's pieces as one text. */
export function joined(pieces: Iterable<Piece>): string {
  return Buffer.concat([...pieces].map((piece) => (typeof piece === "string" ? Buffer.from(piece, "utf8") : piece))).toString("utf8");
}

export type { FeedItem, FeedMeta, Feeds, Piece } from "../model/feed.js";
