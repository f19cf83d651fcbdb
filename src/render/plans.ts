import type { FeedItem, FeedPlan } from "../model/feed.js";
import type { Site } from "../model/site.js";
import { archivePlan } from "./archive-plan.js";
import { feedMeta } from "./item.js";

/**
 * The feeds a build writes, as plans the build loops over (src/build.ts): each is written through
 * the same writers, self-check and write path. Pure.
 */

/** The site's main feed: every format at the names of `files`, the site's title, maxBytes and archives (with them, `items` are every live item). */
export function mainFeedPlan(site: Site, items: readonly FeedItem[]): FeedPlan {
  return { key: "main", meta: feedMeta(site, items), items, files: { ...site.files }, limits: sizeLimits(site.maxBytes, "maxBytes"), archives: site.archives && archivePlan(site, site.archives, site.files) };
}

/** A maxBytes setting (one number, or per format) as a plan's limits; `field` is where it is set. */
export function sizeLimits(setting: Site["maxBytes"], field: string): FeedPlan["limits"] {
  if (setting === undefined) return undefined;
  const one = typeof setting === "number";
  return {
    maxBytes: one ? { rss: setting, atom: setting, json: setting } : setting,
    field: (format) => (one ? field : `${field}.${format}`),
  };
}
