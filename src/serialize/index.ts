import type { Diagnostic } from "../diagnostics.js";
import { writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { writeJson } from "./json/json.js";
import type { FeedItem, FeedMeta, Feeds } from "./model.js";
import { writeRss } from "./rss/rss.js";
import { EscapeMemo } from "./xml/placeholders.js";

/** Writes one format when called, as pieces of text in order (see `feedWriters`). */
export type FeedWriters = { [Format in keyof Feeds]: () => string[] };

/**
 * The one entry to serialization: cleans every text once, then hands out one writer per format.
 * Each format is written only when asked for, and in pieces, so a caller that encodes and writes
 * each one before asking for the next (runBuild) never holds a whole feed of 60 MB as one text.
 */
export function feedWriters(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { writers: FeedWriters; diagnostics: Diagnostic[] } {
  const clean = cleanFeed(meta, items, configFile);
  // Shared by the two XML formats; let go once both are written (60 MB with all items).
  let memo: EscapeMemo | undefined = new EscapeMemo();
  let xmlLeft = 2;
  const xml = (write: typeof writeRss) => () => {
    const pieces = write(clean.meta, clean.items, memo);
    if (--xmlLeft === 0) memo = undefined;
    return pieces;
  };
  return {
    writers: { rss: xml(writeRss), atom: xml(writeAtom), json: () => writeJson(clean.meta, clean.items) },
    diagnostics: clean.diagnostics,
  };
}

/** All three formats as texts (the pure build and the tests). */
export function serializeFeeds(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { feeds: Feeds; diagnostics: Diagnostic[] } {
  const { writers, diagnostics } = feedWriters(meta, items, configFile);
  return { feeds: { rss: writers.rss().join(""), atom: writers.atom().join(""), json: writers.json().join("") }, diagnostics };
}

export type { FeedItem, FeedMeta, Feeds } from "./model.js";
