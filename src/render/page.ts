import { OPML_FILE } from "./opml.js";
import { TZDate } from "@date-fns/tz";
import type { Locale } from "date-fns";
import { lazy } from "../common/lazy.js";
import { escapeHtml } from "../common/html.js";
import type { FeedItem } from "../model/feed.js";
import type { Person, Site, TermKind } from "../model/site.js";
import type { FeedFormat } from "../model/feed.js";

/**
 * The pages of a site that feedwright publishes itself: a page per post at the exact URL its feed
 * item links to, and a home page. Pure: items in, HTML text out. No script, no XSLT; every text
 * from a post is escaped, its content is the already sanitized HTML of the feeds.
 */

/** Where each feed lives, absolute (for discovery) and as the visitor's links show it. */
export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
  /** The OPML list of every feed (src/render/opml.ts). */
  opml: string;
  /** The term feeds, in plan order (src/render/plans.ts): listed on the home page and in the discovery snippet. */
  terms?: readonly TermFeedLinks[];
  /** By tag or category name, the first file of its feed (a tag's when both kinds have one): a post page links its tags to them. */
  tagFeeds?: ReadonlyMap<string, TermFeedLinks["files"][number]>;
}

/** One term feed's files, for the pages' links. */
export interface TermFeedLinks {
  kind: TermKind;
  /** The term as posts write it. */
  term: string;
  /** The feed's title. */
  title: string;
  /** Each format written: its URL, and its path below the site's root as a link (percent-encoded). */
  files: readonly { format: FeedFormat; url: string; href: string }[];
}

/** Words of the pages, by the site's language (first subtag); English when the language has none here. */
interface Words {
  home: string;
  by: string;
  updated: string;
  tags: string;
  feeds: string;
  newest: string;
  subscribe: string;
  subscribeHow: string;
  linkPost: string;
  download: string;
  /** Headings of the term feeds on the home page, by kind. */
  kinds: Record<TermKind, string>;
}

const WORDS: Record<string, Words> = {
  de: {
    home: "Startseite",
    by: "von",
    updated: "aktualisiert",
    tags: "Schlagwörter",
    feeds: "Feeds",
    newest: "Neueste Beiträge",
    subscribe: "Abonnieren",
    subscribeHow: "Neue Beiträge kommen von selbst in Ihren Feedreader: Kopieren Sie die Adresse eines dieser Feeds und fügen Sie sie dort als neues Abonnement ein.",
    linkPost: "Zum verlinkten Beitrag",
    download: "Herunterladen",
    kinds: { tags: "Feeds nach Schlagwort", categories: "Feeds nach Kategorie", authors: "Feeds nach Autor oder Autorin", languages: "Feeds nach Sprache" },
  },
  en: {
    home: "Home",
    by: "by",
    updated: "updated",
    tags: "Tags",
    feeds: "Feeds",
    newest: "Newest posts",
    subscribe: "Subscribe",
    subscribeHow: "New posts come to your feed reader by themselves: copy the address of one of these feeds and add it there as a new subscription.",
    linkPost: "Go to the linked page",
    download: "Download",
    kinds: { tags: "Feeds by tag", categories: "Feeds by category", authors: "Feeds by author", languages: "Feeds by language" },
  },
};

// Loaded with the first page: a build without pages (or whose pages are all written already) never loads date-fns' formatter and locales, a sixth of the bundle.
const dateFormat = lazy<typeof import("date-fns/format")>("date-fns/format");
const localeOf = (module: string, name: string) => {
  const load = lazy<Record<string, Locale>>(`date-fns/locale/${module}`);
  return () => load()[name]!;
};
const LOCALES: Record<string, () => Locale> = { de: localeOf("de", "de"), en: localeOf("en-US", "enUS"), es: localeOf("es", "es"), fr: localeOf("fr", "fr"), it: localeOf("it", "it"), nl: localeOf("nl", "nl") };

/** The most posts the home page lists (newest first); the feeds may carry more. */
export const HOME_POSTS = 50;

export function wordsFor(language: string): Words {
  return WORDS[primary(language)] ?? WORDS.en!;
}

function primary(language: string): string {
  return language.split("-")[0]!.toLowerCase();
}

/** `12. April 2024, 18:30` (de), `April 12th, 2024, 6:30 PM` (en): in the site's zone and language, never the host's. */
export function formatPageDate(date: Date, site: Pick<Site, "language" | "timezone">): string {
  const locale = (LOCALES[primary(site.language)] ?? LOCALES.en!)();
  return dateFormat().format(new TZDate(date.getTime(), site.timezone), "PPP, p", { locale });
}

/** `../../` from a page at `posts/x/index.html` back to the site's root (`./` at the root). */
function rootFrom(pagePath: string): string {
  const depth = pagePath.split("/").length - 1;
  return depth === 0 ? "./" : "../".repeat(depth);
}

/**
 * The three `<link rel="alternate">` and the OPML `<link rel="outline">` of every page; with
 * `withTerms` (the snippet for another generator's `<head>`) every term feed's too. A page's own
 * head keeps to the main feeds: the OPML list names the others.
 */
export function discoveryLinks(site: Pick<Site, "title">, feeds: FeedLinks, withTerms = false): string {
  const title = escapeHtml(site.title);
  const alternate = (format: FeedFormat, name: string, href: string) => `<link rel="alternate" type="${FEED_TYPES[format]}" title="${escapeHtml(name)} (${FEED_NAMES[format]})" href="${escapeHtml(href)}">`;
  return [
    alternate("rss", site.title, feeds.rss),
    alternate("atom", site.title, feeds.atom),
    alternate("json", site.title, feeds.json),
    ...(withTerms ? (feeds.terms ?? []).flatMap((feed) => feed.files.map((file) => alternate(file.format, feed.title, file.url))) : []),
    // rel="outline": the OPML convention for a page's subscription list.
    `<link rel="outline" type="text/x-opml" title="${title} (OPML)" href="${escapeHtml(feeds.opml)}">`,
  ].join("\n");
}

interface Frame {
  site: Site;
  feeds: FeedLinks;
  /** The feeds' file names, for the visible links (relative, so a preview on another host works). */
  files: Site["files"];
  pagePath: string;
  lang: string;
  title: string;
  description?: string;
  canonical: string;
  main: string;
}

function page(frame: Frame): string {
  const root = rootFrom(frame.pagePath);
  const words = wordsFor(frame.site.language);
  const siteTitle = escapeHtml(frame.site.title);
  const feedList = (["rss", "atom", "json"] as const)
    .map((format) => `<li><a href="${root}${escapeHtml(frame.files[format])}" type="${FEED_TYPES[format]}">${FEED_NAMES[format]}</a></li>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="${escapeHtml(frame.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(frame.title)}</title>
${frame.description ? `<meta name="description" content="${escapeHtml(frame.description)}">\n` : ""}<link rel="canonical" href="${escapeHtml(frame.canonical)}">
<link rel="stylesheet" href="${root}${SITE_STYLESHEET}">
${discoveryLinks(frame.site, frame.feeds)}
</head>
<body>
<header class="site" lang="${escapeHtml(frame.site.language)}"><a href="${root}" class="site-title">${siteTitle}</a></header>
<main>
${frame.main}
</main>
<footer class="site" lang="${escapeHtml(frame.site.language)}">
<nav aria-label="${words.feeds}"><h2>${words.feeds}</h2><ul class="feeds">${feedList}</ul></nav>
</footer>
</body>
</html>
`;
}

const FEED_TYPES = { rss: "application/rss+xml", atom: "application/atom+xml", json: "application/feed+json" } as const;
const FEED_NAMES = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const;

/** The term feeds by kind, each a heading and a list of terms with a link per format (hrefs from the root: the home page's). */
function termFeedLists(terms: readonly TermFeedLinks[], words: Words): string {
  const kinds = [...new Set(terms.map((feed) => feed.kind))];
  return kinds
    .map((kind) => {
      const rows = terms
        .filter((feed) => feed.kind === kind)
        .map((feed) => `<li>${escapeHtml(feed.term)}: ${feed.files.map((file) => `<a href="${escapeHtml(file.href)}" type="${FEED_TYPES[file.format]}">${FEED_NAMES[file.format]}</a>`).join(", ")}</li>`);
      return `\n<h3>${words.kinds[kind]}</h3>\n<ul class="term-feeds">\n${rows.join("\n")}\n</ul>`;
    })
    .join("");
}

/** The site's stylesheet, at the root of the output (src/render/styles.ts). */
export const SITE_STYLESHEET = "style.css";

function time(date: Date, site: Site, pageLang: string): string {
  // The date is written in the site's language: marked as such when the page is in another one.
  const lang = primary(pageLang) === primary(site.language) ? "" : ` lang="${escapeHtml(site.language)}"`;
  return `<time datetime="${date.toISOString()}"${lang}>${escapeHtml(formatPageDate(date, site))}</time>`;
}

function people(authors: readonly Person[], language: string): string {
  const names = authors.map((a) => (a.url ? `<a href="${escapeHtml(a.url)}">${escapeHtml(a.name)}</a>` : escapeHtml(a.name)));
  // Intl.ListFormat puts "und" / "and" between the names; the names are already escaped HTML.
  return listFormat(language).format(names);
}

/** One formatter per language: making one for every page cost more than the page's other text. */
const listFormats = new Map<string, Intl.ListFormat>();
function listFormat(language: string): Intl.ListFormat {
  let found = listFormats.get(language);
  if (!found) listFormats.set(language, (found = new Intl.ListFormat(language, { type: "conjunction" })));
  return found;
}

/** The post's own headings sit under the page's one h1: an h1 in the content becomes an h2, and so on down. */
function underTitle(html: string): string {
  if (!/<h1[\s>]/i.test(html)) return html;
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/gi, (_, slash: string, level: string) => `<${slash}h${Math.min(Number(level) + 1, 6)}`);
}

function enclosureHtml(enclosure: NonNullable<FeedItem["enclosure"]>, words: Words): string {
  const url = escapeHtml(enclosure.url);
  const type = escapeHtml(enclosure.type);
  const kind = enclosure.type.split("/")[0];
  const player =
    kind === "audio"
      ? `<audio controls preload="none"><source src="${url}" type="${type}"></audio>\n`
      : kind === "video"
        ? `<video controls preload="none"><source src="${url}" type="${type}"></video>\n`
        : "";
  const size = enclosure.length > 0 ? `, ${(enclosure.length / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB` : "";
  return `<figure class="enclosure">\n${player}<figcaption><a href="${url}" type="${type}" download>${words.download}</a> (${type}${size})</figcaption>\n</figure>`;
}

/** The page of one post, written at `pagePath` (from `pagePathOf(item.url)`, src/common/url.ts). */
export function renderPostPage(item: FeedItem, site: Site, feeds: FeedLinks, pagePath: string): string {
  const words = wordsFor(site.language);
  const lang = item.lang ?? site.language;
  const meta = [time(item.published, site, lang)];
  if (item.authors.length > 0) meta.push(`${words.by} ${people(item.authors, lang)}`);
  const parts = [`<article>`, `<h1>${escapeHtml(item.title)}</h1>`, `<p class="meta">${meta.join(" · ")}</p>`];
  if (item.modified.getTime() !== item.published.getTime()) parts.push(`<p class="meta">${words.updated} ${time(item.modified, site, lang)}</p>`);
  if (item.categories.length > 0) {
    // A tag or category with a feed links to it (the tags' feed when both kinds have one).
    const root = rootFrom(pagePath);
    const tag = (name: string) => {
      const file = feeds.tagFeeds?.get(name);
      return file ? `<a href="${root}${escapeHtml(file.href)}" type="${FEED_TYPES[file.format]}">${escapeHtml(name)}</a>` : escapeHtml(name);
    };
    parts.push(`<div class="tags"><span class="label">${words.tags}:</span> <ul>${item.categories.map((name) => `<li>${tag(name)}</li>`).join("")}</ul></div>`);
  }
  // A lead image the content shows itself (a hero repeated in the body, as many blogs do) is shown once, with the content's alt text.
  if (item.image && !item.contentHtml.includes(`src="${escapeHtml(item.image)}"`)) parts.push(`<img class="lead" src="${escapeHtml(item.image)}" alt="">`);
  if (item.externalUrl) parts.push(`<p class="link-post"><a href="${escapeHtml(item.externalUrl)}">${words.linkPost}</a></p>`);
  if (item.enclosure) parts.push(enclosureHtml(item.enclosure, words));
  parts.push(`<div class="content">\n${underTitle(item.contentHtml)}</div>`, `</article>`);
  return page({
    site,
    feeds,
    files: site.files,
    pagePath,
    lang,
    title: `${item.title} – ${site.title}`,
    description: item.summary,
    canonical: item.url,
    main: parts.join("\n"),
  });
}

/** The home page: what the site is, its three feeds, and the newest posts with their summaries. */
export function renderHomePage(items: readonly { item: FeedItem; pagePath: string }[], site: Site, feeds: FeedLinks): string {
  const words = wordsFor(site.language);
  const feedLinks = (["rss", "atom", "json"] as const)
    .map((format) => `<li><a href="${escapeHtml(site.files[format])}" type="${FEED_TYPES[format]}">${FEED_NAMES[format]}</a> <code>${escapeHtml(feeds[format])}</code></li>`)
    .concat(`<li><a href="${OPML_FILE}" type="text/x-opml">OPML</a> <code>${escapeHtml(feeds.opml)}</code></li>`)
    .join("\n");
  const termLists = termFeedLists(feeds.terms ?? [], words);
  const posts = items.slice(0, HOME_POSTS).map(({ item, pagePath }) => {
    const lang = item.lang ?? site.language;
    const langAttribute = primary(lang) === primary(site.language) ? "" : ` lang="${escapeHtml(lang)}"`;
    const href = escapeHtml(pagePath.replace(/(^|\/)index\.html$/, "$1") || "./");
    const summary = item.summary ? `\n<p>${escapeHtml(item.summary)}</p>` : "";
    return `<li${langAttribute}><article>\n<h3><a href="${href}">${escapeHtml(item.title)}</a></h3>\n<p class="meta">${time(item.published, site, lang)}</p>${summary}\n</article></li>`;
  });
  const main = [
    `<h1>${escapeHtml(site.title)}</h1>`,
    site.description ? `<p class="lede">${escapeHtml(site.description)}</p>` : "",
    `<section class="subscribe" aria-labelledby="subscribe">\n<h2 id="subscribe">${words.subscribe}</h2>\n<p>${words.subscribeHow}</p>\n<ul class="feeds">\n${feedLinks}\n</ul>${termLists}\n</section>`,
    `<section aria-labelledby="newest">\n<h2 id="newest">${words.newest}</h2>\n<ol class="posts">\n${posts.join("\n")}\n</ol>\n</section>`,
  ]
    .filter((part) => part !== "")
    .join("\n");
  return page({ site, feeds, files: site.files, pagePath: "index.html", lang: site.language, title: site.title, description: site.description || undefined, canonical: site.siteUrl, main });
}
