import { FEED_FORMATS, selfUrlOf, type FeedPlan } from "../model/feed.js";
import type { Site } from "../model/site.js";

/**
 * `feeds.opml`: every feed the build writes, as an OPML 2.0 subscription list
 * (http://opml.org/spec2.opml, "subscriptionLists"), for readers that import subscriptions
 * (NetNewsWire, Feedly, FreshRSS, Thunderbird). One `<outline type="rss">` per feed file with `text`,
 * `title`, `xmlUrl` (the feed's own URL) and `htmlUrl` (its home page); readers treat every
 * feed format as type `rss` there. The main feed first, then the term feeds in plan order. Pure;
 * written in both publishing modes.
 */
export const OPML_FILE = "feeds.opml";

const FORMAT_NAMES = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const;

/** An XML attribute value: escaped, without the characters XML forbids, line breaks as spaces (a title is one line). */
function attribute(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/[\t\n\r]/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function renderOpml(site: Pick<Site, "title" | "language">, plans: readonly Pick<FeedPlan, "meta" | "files">[]): string {
  const outlines = plans.flatMap(({ meta, files }) =>
    FEED_FORMATS.filter((format) => files[format] !== undefined).map((format) => {
      const name = attribute(`${meta.title} (${FORMAT_NAMES[format]})`);
      return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${attribute(selfUrlOf(meta, format))}" htmlUrl="${attribute(meta.homeUrl)}"/>`;
    }),
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${attribute(site.title)}</title>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
${outlines.join("\n")}
  </body>
</opml>
`;
}

/** The OPML file's URL, beside the feeds at the root of the site. */
export function opmlUrl(siteUrl: string): string {
  return new URL(OPML_FILE, siteUrl).href;
}
