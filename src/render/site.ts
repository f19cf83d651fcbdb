import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import { FEED_FORMATS, selfUrlOf, type FeedItem, type FeedPlan } from "../model/feed.js";
import type { Site } from "../model/site.js";
import { TERM_KIND_NAMES } from "../model/constants.js";
import { discoveryLinks, renderHomePage, renderPostPage, SITE_STYLESHEET, type FeedLinks, type TermFeedLinks } from "./page.js";
import { FEED_STYLESHEET, feedCss, SITE_CSS } from "./styles.js";
import { pagePathOf } from "../common/url.js";
import { OPML_FILE, opmlUrl, renderOpml } from "./opml.js";

/**
 * The pages stage: what the site needs besides the feeds, as files of the output. Pure.
 * `publish: "site"`: a page per live post (`pages`: the feed items and those `limit` keeps out),
 * at the file its URL names; the home page, listing the feed items; the stylesheets. `publish: "beside"`: only the feeds' stylesheet and the discovery snippet, for the
 * other generator's `<head>`.
 */
export interface SiteFile {
  /** Path inside the output folder, `/`-separated. */
  name: string;
  content: string;
  /** The id of the post whose page this is: the page stays while the post is live, even past `limit`. */
  post?: string;
}

/** The term feeds' files as the pages link them: absolute for discovery, percent-encoded paths from the root for visible links. */
function termFeedLinks(site: Pick<Site, "siteUrl">, plans: readonly FeedPlan[]): TermFeedLinks[] {
  return plans.map((plan) => ({
    kind: plan.term!.kind,
    term: plan.term!.name,
    title: plan.meta.title,
    files: FEED_FORMATS.filter((format) => plan.files[format] !== undefined).map((format) => {
      const url = selfUrlOf(plan.meta, format);
      return { format, url, href: url.slice(site.siteUrl.length) };
    }),
  }));
}

/** The snippet written in "beside" mode: every feed's `<link rel="alternate">` and the OPML `<link rel="outline">` to paste into the other site's `<head>`. */
export const DISCOVERY_SNIPPET = "feedwright-links.html";

/** `plans`: every feed the build writes, the main feed first (src/render/plans.ts). */
export function renderSite(site: Site, plans: readonly FeedPlan[], items: readonly FeedItem[], pages: readonly FeedItem[] = items): { files: SiteFile[]; diagnostics: Diagnostic[] } {
  const main = plans[0]!.meta;
  const terms = termFeedLinks(site, plans.slice(1));
  const tagFeeds = new Map<string, TermFeedLinks["files"][number]>();
  // Tags after categories: a tag's feed wins when a name is both.
  for (const kind of ["categories", "tags"] as const) for (const feed of terms) if (feed.kind === kind && feed.files[0]) tagFeeds.set(feed.term, feed.files[0]);
  const feeds: FeedLinks = { rss: selfUrlOf(main, "rss"), atom: selfUrlOf(main, "atom"), json: selfUrlOf(main, "json"), opml: opmlUrl(site.siteUrl), terms, tagFeeds };
  const stylesheet: SiteFile = { name: FEED_STYLESHEET, content: feedCss(site.language) };
  const opml: SiteFile = { name: OPML_FILE, content: renderOpml(site, plans) };
  const diagnostics: Diagnostic[] = [];
  // Every file the build writes besides the pages, and what it is: a term feed at one of them is an error, a page a warning (below).
  const taken = new Map<string, string>([
    ...(site.publish === "beside" ? [[DISCOVERY_SNIPPET, "the discovery snippet"] as [string, string]] : [["index.html", "the home page"] as [string, string], [SITE_STYLESHEET, "the site's stylesheet"] as [string, string]]),
    [FEED_STYLESHEET, "the feeds' stylesheet"],
    [OPML_FILE, "the OPML list of the feeds"],
    ...(["rss", "atom", "json"] as const).map((format): [string, string] => [site.files[format], `the ${format} feed`]),
  ]);
  for (const plan of plans.slice(1)) {
    for (const format of FEED_FORMATS) {
      const name = plan.files[format];
      if (name === undefined) continue;
      const owner = taken.get(name);
      const what = `the ${format} feed of the ${TERM_KIND_NAMES[plan.term!.kind]} '${plan.term!.name}'`;
      if (owner === undefined) taken.set(name, what);
      else diagnostics.push(error(plan.items[0]!.file, `${what} would be written to ${name}, which is already ${owner}: give termFeeds.${plan.term!.kind}.files a pattern no other file of the site has`, { field: plan.term!.kind === "languages" ? "lang" : plan.term!.kind }));
    }
  }
  if (site.publish === "beside") {
    return { files: [stylesheet, opml, { name: DISCOVERY_SNIPPET, content: `${discoveryLinks(site, feeds, true)}\n` }], diagnostics };
  }
  const files: SiteFile[] = [];
  const pageOf = new Map<FeedItem, string>();
  for (const item of pages) {
    const pagePath = pagePathOf(item.url, site.siteUrl);
    if (pagePath === undefined) {
      diagnostics.push(warning(item.file, `its page URL ${item.url} is not under siteUrl ${site.siteUrl}, so no page is written for it; check postUrl`, { field: "slug" }));
      continue;
    }
    const owner = taken.get(pagePath);
    if (owner !== undefined) {
      diagnostics.push(warning(item.file, `its page would be written to ${pagePath}, which is already ${owner}; no page is written for it (give it another slug or permalink)`, { field: "slug" }));
      continue;
    }
    taken.set(pagePath, item.file);
    files.push({ name: pagePath, content: renderPostPage(item, site, feeds, pagePath), post: item.id });
    pageOf.set(item, pagePath);
  }
  const listed = items.flatMap((item) => {
    const pagePath = pageOf.get(item);
    return pagePath === undefined ? [] : [{ item, pagePath }];
  });
  files.push({ name: "index.html", content: renderHomePage(listed, site, feeds) }, { name: SITE_STYLESHEET, content: SITE_CSS }, stylesheet, opml);
  return { files, diagnostics };
}
