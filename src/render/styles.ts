/**
 * The two stylesheets feedwright writes: one for its pages, one that a browser applies to the RSS
 * and Atom feeds (`<?xml-stylesheet type="text/css"?>`), so a visitor who opens a feed reads what
 * it is and how to subscribe instead of an XML tree. Plain CSS, no script, light and dark schemes.
 */

/** The feeds' stylesheet, at the root of the output beside the feeds. */
export const FEED_STYLESHEET = "feed.css";

/** Colours shared by both sheets; each pair keeps a contrast of at least 4.5:1 (WCAG AA) on its background. */
const COLOURS = `:root {
  color-scheme: light dark;
  --bg: #fbfaf7;
  --fg: #1d1f23;
  --muted: #565c66;
  --accent: #0b57d0;
  --rule: #d9d6cf;
  --panel: #f0ede6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171b;
    --fg: #e7e5e1;
    --muted: #a4abb6;
    --accent: #8ab4f8;
    --rule: #343840;
    --panel: #1f2228;
  }
}`;

export const SITE_CSS = `/* feedwright: the site's pages. Readable without it; no web fonts, no script. */
${COLOURS}
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto;
  max-width: 42rem;
  padding: 1.5rem 1.25rem 3rem;
  font: 1.0625rem/1.65 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, serif;
  overflow-wrap: break-word;
}
header.site, footer.site, .meta, .tags, figcaption, .feeds, code {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
header.site { padding-bottom: 0.75rem; border-bottom: 1px solid var(--rule); margin-bottom: 2rem; }
.site-title { font-weight: 700; text-decoration: none; color: var(--fg); }
h1, h2, h3 { line-height: 1.25; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.3rem); margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin: 0 0 0.25rem; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0; }
.lede { font-size: 1.15rem; color: var(--muted); }
.tags { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4rem; margin: 0.75rem 0 1.25rem; font-size: 0.8rem; color: var(--muted); }
.tags ul { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; padding: 0; margin: 0; }
.tags li { color: var(--fg); background: var(--panel); border: 1px solid var(--rule); border-radius: 999px; padding: 0.1rem 0.65rem; }
img, video { max-width: 100%; height: auto; }
img.lead { display: block; margin: 1rem 0 1.5rem; border-radius: 0.4rem; }
audio { width: 100%; }
figure { margin: 1.5rem 0; }
figcaption { color: var(--muted); font-size: 0.85rem; }
blockquote { margin: 1.5rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
pre { overflow-x: auto; background: var(--panel); padding: 0.75rem; border-radius: 0.3rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
.posts { list-style: none; padding: 0; }
.posts > li { padding: 1rem 0; border-top: 1px solid var(--rule); }
.posts p { margin: 0.25rem 0; }
.subscribe { background: var(--panel); border: 1px solid var(--rule); border-radius: 0.5rem; padding: 0.25rem 1.25rem 0.75rem; margin: 1.5rem 0; }
.feeds { padding-left: 1.1rem; }
.feeds code { overflow-wrap: anywhere; color: var(--muted); }
footer.site { margin-top: 3rem; padding-top: 0.75rem; border-top: 1px solid var(--rule); font-size: 0.9rem; }
footer.site h2 { font-size: 1rem; margin: 0.5rem 0; }
footer.site .feeds { display: flex; gap: 1.25rem; list-style: none; padding: 0; margin: 0; }
`;

/** Texts the feed page shows around the feed's own elements, by the site's language. */
const FEED_WORDS: Record<string, { what: string; how: string; newest: string }> = {
  de: {
    what: "Dies ist ein Web-Feed: Ein Feedreader holt ihn regelmäßig ab und zeigt Ihnen jeden neuen Beitrag dieser Website, ohne dass Sie sie besuchen müssen.",
    how: "Abonnieren: Kopieren Sie die Adresse dieser Seite (hier noch einmal) in Ihren Feedreader und legen Sie dort damit ein neues Abonnement an.",
    newest: "Die neuesten Beiträge",
  },
  en: {
    what: "This is a web feed: a feed reader fetches it regularly and shows you every new post of this site, without you having to visit it.",
    how: "Subscribe: copy the address of this page (shown here again) into your feed reader and add it there as a new subscription.",
    newest: "The newest posts",
  },
};

/** A CSS string literal: the texts above are ours, but quotes and backslashes are escaped all the same. */
function cssString(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, "\\A ")}"`;
}

/**
 * The stylesheet for the RSS and Atom documents. It styles the XML elements themselves: the
 * channel's title and description, the self link's address as the URL to copy, and each item's
 * title, date, summary and link; the full content (escaped HTML) is hidden.
 */
export function feedCss(language: string): string {
  const words = FEED_WORDS[language.split("-")[0]!.toLowerCase()] ?? FEED_WORDS.en!;
  return `/* feedwright: how a browser shows the RSS and Atom feeds. Feed readers ignore it. */
@namespace atom url(http://www.w3.org/2005/Atom);
${COLOURS}
* { display: none; }
rss, channel, atom|feed, item, atom|entry { display: block; }
rss, atom|feed {
  background: var(--bg);
  color: var(--fg);
  margin: 0 auto;
  max-width: 42rem;
  padding: 1.5rem 1.25rem 3rem;
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  overflow-wrap: break-word;
}
/* The channel's title, description, address to copy, then the items, in whatever order the format writes them. */
channel, atom|feed { display: flex; flex-direction: column; }
channel > title, atom|feed > atom|title { order: 1; }
channel > description, atom|feed > atom|subtitle { order: 2; }
channel > atom|link[rel="self"], atom|feed > atom|link[rel="self"] { order: 3; }
item, atom|entry { order: 4; }
channel > title, atom|feed > atom|title {
  display: block;
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.25;
  margin: 0 0 0.5rem;
}
channel > title::after, atom|feed > atom|title::after {
  display: block;
  content: ${cssString(words.what)};
  font-size: 1rem;
  font-weight: 400;
  margin-top: 1rem;
  padding: 0.75rem 1rem;
  background: var(--panel);
  border: 1px solid var(--rule);
  border-radius: 0.5rem;
}
channel > description, atom|feed > atom|subtitle { display: block; color: var(--muted); font-size: 1.1rem; margin-bottom: 1rem; }
channel > atom|link[rel="self"], atom|feed > atom|link[rel="self"] {
  display: block;
  margin: 1rem 0 2rem;
  padding: 0.75rem 1rem;
  border: 2px solid var(--accent);
  border-radius: 0.5rem;
}
channel > atom|link[rel="self"]::before, atom|feed > atom|link[rel="self"]::before {
  display: block;
  content: ${cssString(words.how)};
  margin-bottom: 0.5rem;
}
channel > atom|link[rel="self"]::after, atom|feed > atom|link[rel="self"]::after {
  display: block;
  content: attr(href);
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 1.05rem;
  font-weight: 700;
  color: var(--accent);
}
item:first-of-type::before, atom|entry:first-of-type::before {
  display: block;
  content: ${cssString(words.newest)};
  font-size: 1.35rem;
  font-weight: 700;
  margin: 0 0 1rem;
  padding-bottom: 1rem;
  border-bottom: 1px solid var(--rule);
}
/* Title, date, summary, link: in that order, whatever order the format writes them in. */
item, atom|entry { display: flex; flex-direction: column; padding: 0 0 1rem; margin-bottom: 1rem; border-bottom: 1px solid var(--rule); }
item > title, atom|entry > atom|title { order: 1; }
item > pubDate, atom|entry > atom|published { order: 2; }
item > description, atom|entry > atom|summary { order: 3; }
item > link, atom|entry > atom|link { order: 4; }
item > title, atom|entry > atom|title { display: block; font-size: 1.15rem; font-weight: 700; line-height: 1.3; }
item > pubDate, atom|entry > atom|published { display: block; color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0; }
item > description, atom|entry > atom|summary { display: block; margin: 0.25rem 0; }
item > link, atom|entry > atom|link:not([rel]), atom|entry > atom|link[rel="alternate"] {
  display: block;
  color: var(--accent);
  font-size: 0.9rem;
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
}
atom|entry > atom|link:not([rel])::after, atom|entry > atom|link[rel="alternate"]::after { content: attr(href); }
`;
}
