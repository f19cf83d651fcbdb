import type { Diagnostic } from "../common/diagnostics.js";
import { writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { writeJson } from "./json/json.js";
import type { FeedItem, FeedMeta, Feeds, Piece } from "../model/feed.js";
import { writeRss } from "./rss/rss.js";
import { EscapedContents } from "./xml/escape.js";

/** Writes one format when called, as pieces in order, each made when it is taken (see `feedWriters`). */
export type FeedWriters = { [Format in keyof Feeds]: () => Iterable<Piece> };

/**
 * The one entry to serialization: cleans every text once, then hands out one writer per format.
 * Each format is written only when asked for, in pieces made as they are taken, so a caller that
 * encodes each piece at once (runBuild) never holds a whole feed (tens of megabytes with all items) as one text.
 */
export function feedWriters(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { writers: FeedWriters; diagnostics: Diagnostic[] } {
  const clean = cleanFeed(meta, items, configFile);
  // Shared by the two XML formats; let go once both are written (tens of megabytes with all items).
  let contents: EscapedContents | undefined = new EscapedContents();
  let xmlLeft = 2;
  const xml = (write: typeof writeRss) =>
    function* () {
      yield* write(clean.meta, clean.items, contents);
      if (--xmlLeft === 0) contents = undefined;
    };
  return {
    writers: { rss: xml(writeRss), atom: xml(writeAtom), json: () => writeJson(clean.meta, clean.items) },
    diagnostics: clean.diagnostics,
  };
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
