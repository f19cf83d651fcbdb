import type { Diagnostic } from "../diagnostics.js";
import { writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { writeJson } from "./json/json.js";
import type { FeedItem, FeedMeta, Feeds } from "./model.js";
import { writeRss } from "./rss/rss.js";

/** The one entry to serialization: cleans every text once, then writes the three formats from it. */
export function serializeFeeds(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { feeds: Feeds; diagnostics: Diagnostic[] } {
  const clean = cleanFeed(meta, items, configFile);
  return {
    feeds: { rss: writeRss(clean.meta, clean.items), atom: writeAtom(clean.meta, clean.items), json: writeJson(clean.meta, clean.items) },
    diagnostics: clean.diagnostics,
  };
}

export type { FeedItem, FeedMeta, Feeds } from "./model.js";
