import { warning, type Diagnostic } from "../common/diagnostics.js";
import { selfUrlOf, type FeedItem, type FeedPlan } from "../model/feed.js";
import type { Site } from "../model/site.js";
import { discoveryLinks, renderHomePage, renderPostPage, SITE_STYLESHEET, type FeedLinks } from "./page.js";
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

/** The snippet written in "beside" mode: three `<link rel="alternate">` and the OPML `<link rel="outline">` to paste into the other site's `<head>`. */
export const DISCOVERY_SNIPPET = "feedwright-links.html";

/** `plans`: every feed the build writes, the main feed first (src/render/plans.ts). */
export function renderSite(site: Site, plans: readonly FeedPlan[], items: readonly FeedItem[], pages: readonly FeedItem[] = items): { files: SiteFile[]; diagnostics: Diagnostic[] } {
  const main = plans[0]!.meta;
  const feeds: FeedLinks = { rss: selfUrlOf(main, "rss"), atom: selfUrlOf(main, "atom"), json: selfUrlOf(main, "json"), opml: opmlUrl(site.siteUrl) };
  const stylesheet: SiteFile = { name: FEED_STYLESHEET, content: feedCss(site.language) };
  const opml: SiteFile = { name: OPML_FILE, content: renderOpml(site, plans) };
  if (site.publish === "beside") {
    return { files: [stylesheet, opml, { name: DISCOVERY_SNIPPET, content: `${discoveryLinks(site, feeds)}\n` }], diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const files: SiteFile[] = [];
  const pageOf = new Map<FeedItem, string>();
  const taken = new Map<string, string>([
    ["index.html", "the home page"],
    [SITE_STYLESHEET, "the site's stylesheet"],
    [FEED_STYLESHEET, "the feeds' stylesheet"],
    [OPML_FILE, "the OPML list of the feeds"],
    ...(["rss", "atom", "json"] as const).map((format): [string, string] => [site.files[format], `the ${format} feed`]),
  ]);
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
