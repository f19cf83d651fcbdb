import type { MarkdownIt } from "markdown-it";
import type { Site } from "../model/site.js";
import type { Post } from "../model/post.js";
import type { FeedItem, FeedMeta, RenderedItem } from "../model/feed.js";
import { escapeHtml } from "../common/html.js";
import { absoluteUrl, resolveHttpUrl } from "../common/url.js";
import { finishHtml, rawHtmlWarnings } from "./html.js";
import { warning } from "../common/diagnostics.js";
import { flattened, renderMarkdown } from "./markdown.js";
import { FEED_STYLESHEET } from "./styles.js";
import { separatorLineNumbers, summaryOf, withoutSeparator } from "./summary.js";

/** "Source" in the post's language, for the attribution line under a sourced post. */
const SOURCE_LABEL: Record<string, string> = { de: "Quelle", en: "Source", fr: "Source", es: "Fuente", it: "Fonte", nl: "Bron" };

/** Post + Markdown body (starting on file line `bodyLine`) → the item the serializers write. Pure. */
export function renderItem(post: Post, body: string, site: Site, md: MarkdownIt, bodyLine = 1): RenderedItem {
  const shown = withoutSeparator(body, site.excerptSeparator);
  const rendered = renderMarkdown(md, shown, post.url, site.siteUrl);
  const warnings = rendered.hasRawHtml ? htmlWarnings(post.file, rendered.rawHtml, shown, body, site, bodyLine) : [];
  // Without raw HTML, markdown-it's output is already safe and its URLs absolute: the HTML
  // parser pass (the most expensive step of rendering) is needed only for raw HTML.
  const html = rendered.hasRawHtml ? finishHtml(rendered.html, { baseUrl: post.url, siteUrl: site.siteUrl, allowActiveContent: site.allowActiveContent, resolved: rendered.resolvedUrls }) : rendered.html;
  const lang = post.lang ?? site.language;
  const contentHtml = post.source ? html + sourceParagraph(post.source, lang) : html;
  const categories = [...new Set([...post.tags, ...post.categories])];
  const item: FeedItem = {
    file: post.file,
    sourcePath: post.sourcePath,
    id: post.id,
    link: post.link,
    url: post.url,
    externalUrl: post.externalUrl,
    title: post.title,
    published: post.date,
    modified: post.updated ?? post.date,
    authors: post.authors,
    summary: summaryOf(md, body, post.summary, site.excerptSeparator, rendered.firstParagraph),
    contentHtml: flattened(contentHtml),
    categories,
    lang: post.lang,
    image: post.image,
    enclosure: post.enclosure && { url: post.enclosure.url, type: post.enclosure.type, length: post.enclosure.length ?? 0 },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  return post.enclosure?.sitePath === undefined ? { item } : { item, sitePath: post.enclosure.sitePath };
}

/** rawHtmlWarnings as diagnostics, their lines mapped back past the removed separator lines to file lines. */
function htmlWarnings(file: string, pieces: { line: number; html: string }[], shown: string, body: string, site: Site, bodyLine: number) {
  const removed = separatorLineNumbers(body, site.excerptSeparator);
  const original = (line: number) => {
    let result = line;
    for (const r of removed) if (r <= result) result++;
    return result;
  };
  return rawHtmlWarnings(pieces, shown, site.allowActiveContent).map((w) => warning(file, w.message, { line: bodyLine - 1 + original(w.line) }));
}

/**
 * What sets one feed apart from the site's main feed (a term feed's, src/render/plans.ts): its
 * title, home page, own URLs (the formats it is written in) and language. The Atom id is its own
 * URL, stable as long as its path is.
 */
export interface FeedIdentity {
  title: string;
  homeUrl: string;
  selfUrls: FeedMeta["selfUrls"];
  language?: string;
  /** The feeds' stylesheet as its XML files reach it (`../../feed.css` from `tags/ki/index.xml`). */
  stylesheet: string;
}

/** The one place a feed's metadata is made: the main feed's without `identity`, else that feed's. */
export function feedMeta(site: Site, items: readonly FeedItem[], identity?: FeedIdentity): FeedMeta {
  const newest = items.reduce<Date | undefined>((max, item) => (!max || item.modified > max ? item.modified : max), undefined);
  const selfUrls = identity?.selfUrls ?? {
    rss: new URL(site.files.rss, site.siteUrl).href,
    atom: new URL(site.files.atom, site.siteUrl).href,
    json: new URL(site.files.json, site.siteUrl).href,
  };
  return {
    title: identity?.title ?? site.title,
    description: site.description,
    homeUrl: identity?.homeUrl ?? site.siteUrl,
    // A term feed's home may be the site's home: its id is its own URL, never the main feed's.
    id: identity ? (selfUrls.atom ?? Object.values(selfUrls)[0] ?? identity.homeUrl) : site.siteUrl,
    language: identity?.language ?? site.language,
    author: site.author ?? { name: site.title },
    copyright: site.copyright,
    icon: site.icon ? resolveHttpUrl(absoluteUrl(site.icon, site.siteUrl, site.siteUrl), site.siteUrl) : undefined,
    logo: site.logo ? resolveHttpUrl(absoluteUrl(site.logo, site.siteUrl, site.siteUrl), site.siteUrl) : undefined,
    ...(site.hub && site.hub.length > 0 ? { hubs: site.hub } : {}),
    // An empty feed gets a fixed date, not the clock, so it too is byte-identical build after build.
    updated: newest ?? new Date(0),
    selfUrls,
    // Written at the root in both publishing modes (src/render/site.ts); relative, so a feed
    // opened on a preview host or another domain of the site finds it on the same origin.
    stylesheet: identity?.stylesheet ?? FEED_STYLESHEET,
  };
}

function sourceParagraph(source: NonNullable<Post["source"]>, lang: string): string {
  const label = SOURCE_LABEL[lang.slice(0, 2).toLowerCase()] ?? "Source";
  const name = escapeHtml(source.name) + (source.author ? ` (${escapeHtml(source.author)})` : "");
  const linked = source.url ? `<a href="${escapeHtml(source.url)}">${name}</a>` : name;
  return `<p>${label}: ${linked}</p>\n`;
}
