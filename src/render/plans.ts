import { FEED_FORMATS, type FeedFormat, type FeedItem, type FeedPlan } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";
import type { Site } from "../model/site.js";
import type { TermFeedSelection } from "../select/terms.js";
import { archivePlan } from "./archive-plan.js";
import { feedMeta } from "./item.js";
import { FEED_STYLESHEET } from "./styles.js";

/**
 * The feeds a build writes, as plans the build loops over (src/build.ts): each is written through
 * the same writers, self-check and write path. Pure.
 */

/** The site's main feed: every format at the names of `files`, the site's title, maxBytes and archives (with them, `items` are every live item). */
export function mainFeedPlan(site: Site, items: readonly FeedItem[]): FeedPlan {
  return { key: "main", meta: feedMeta(site, items), items, files: { ...site.files }, limits: sizeLimits(site.maxBytes, "maxBytes"), archives: site.archives && archivePlan(site, site.archives, site.files) };
}

/**
 * The feed of each selected term, its items the build's rendered ones (`itemOf`: never rendered
 * again): title from the kind's pattern, home link the term's page or the site's home, self links
 * its own files, the site's maxBytes unless the kind sets its own.
 */
export function termFeedPlans(site: Site, selections: readonly TermFeedSelection[], itemOf: (post: PostEntry) => FeedItem): FeedPlan[] {
  return selections.map((selection) => {
    const config = site.termFeeds[selection.kind]!;
    const items = selection.posts.map(itemOf);
    const formats = FEED_FORMATS.filter((format) => selection.files[format] !== undefined);
    const selfUrls = Object.fromEntries(formats.map((format) => [format, new URL(selection.files[format]!, site.siteUrl).href]));
    const title = config.title.split("{site}").map((part) => part.split("{term}").join(selection.term)).join(site.title);
    const identity = {
      title,
      homeUrl: selection.homeUrl ?? site.siteUrl,
      selfUrls,
      ...(selection.kind === "languages" ? { language: selection.term } : {}),
      stylesheet: stylesheetFrom(site, [selection.files.rss, selection.files.atom]),
    };
    const limits = config.maxBytes === undefined ? sizeLimits(site.maxBytes, "maxBytes", formats) : sizeLimits(config.maxBytes, `termFeeds.${selection.kind}.maxBytes`, formats);
    return { key: `${selection.kind}/${selection.slug}`, term: { kind: selection.kind, name: selection.term }, meta: feedMeta(site, items, identity), items, files: selection.files, limits };
  });
}

/**
 * The feeds' stylesheet (at the site's root) as the XML files at these paths reach it: relative,
 * as the main feeds' (a preview on another host still finds it), when both are as deep; else the
 * one URL both can use.
 */
function stylesheetFrom(site: Pick<Site, "siteUrl">, files: readonly (string | undefined)[]): string {
  const depths = new Set(files.filter((file) => file !== undefined).map((file) => file.split("/").length - 1));
  if (depths.size > 1) return new URL(FEED_STYLESHEET, site.siteUrl).href;
  return "../".repeat([...depths][0] ?? 0) + FEED_STYLESHEET;
}

/** A maxBytes setting (one number, or per format) as a plan's limits; `field` is where it is set. */
export function sizeLimits(setting: Site["maxBytes"], field: string, formats: readonly FeedFormat[] = FEED_FORMATS): FeedPlan["limits"] {
  if (setting === undefined) return undefined;
  const one = typeof setting === "number";
  // Only the formats written: a limit on another would size a feed no one writes.
  return {
    maxBytes: Object.fromEntries(formats.flatMap((format) => { const bytes = one ? setting : setting[format]; return bytes === undefined ? [] : [[format, bytes]]; })),
    field: (format) => (one ? field : `${field}.${format}`),
  };
}
