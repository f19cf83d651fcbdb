import type { Diagnostic } from "../diagnostics.js";
import { writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { writeJson } from "./json/json.js";
import type { FeedItem, FeedMeta, Feeds } from "./model.js";
import { writeRss } from "./rss/rss.js";
import { EscapeMemo } from "./xml/placeholders.js";

/** Writes one format when called; see `feedWriters`. */
export type FeedWriters = { [Format in keyof Feeds]: () => string };

/**
 * The one entry to serialization: cleans every text once, then hands out one writer per format.
 * Each format is written only when asked for, so a caller that writes each text out before asking
 * for the next (runBuild) never holds three feeds of 60 MB at once.
 */
export function feedWriters(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { writers: FeedWriters; diagnostics: Diagnostic[] } {
  const clean = cleanFeed(meta, items, configFile);
  const memo = new EscapeMemo();
  return {
    writers: {
      rss: () => writeRss(clean.meta, clean.items, memo),
      atom: () => writeAtom(clean.meta, clean.items, memo),
      json: () => writeJson(clean.meta, clean.items),
    },
    diagnostics: clean.diagnostics,
  };
}

/** All three formats as texts (the pure build and the tests). */
export function serializeFeeds(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { feeds: Feeds; diagnostics: Diagnostic[] } {
  const { writers, diagnostics } = feedWriters(meta, items, configFile);
  return { feeds: { rss: writers.rss(), atom: writers.atom(), json: writers.json() }, diagnostics };
}

export type { FeedItem, FeedMeta, Feeds } from "./model.js";
