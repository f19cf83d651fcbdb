import type MarkdownItClass from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";
import type MarkdownItFootnote from "markdown-it-footnote";
import { lazy } from "../common/lazy.js";
import { absoluteUrl } from "../common/url.js";

/**
 * CommonMark with the GitHub additions readers expect (tables, strikethrough, autolinks).
 * markdown-it escapes all text and refuses `javascript:`-like link targets itself, so its output
 * is safe as long as the post holds no raw HTML; raw HTML passes through here and is left to
 * src/render/html.ts, which decides what of it may leave the build.
 */
const markdownIt = lazy<typeof MarkdownItClass>("markdown-it");
/** Footnotes (`[^1]`), as Jekyll's kramdown, Hugo's goldmark and Eleventy's markdown-it setups render them. */
const footnotes = lazy<typeof MarkdownItFootnote>("markdown-it-footnote");

/**
 * What any text must contain for linkify-it to find a link in it: a scheme (all of its schemes,
 * `http:`, `https:`, `ftp:`, `mailto:` and `//`, hold a `:` or `//`), an `@` (e-mail), or one of
 * the host marks of its fuzzy test (`localhost`, `www.`, `.` before a digit or a top-level domain).
 * A paragraph without any of them is skipped before linkify-it's own pre-test, a regular
 * expression over Unicode classes that cost a quarter of all Markdown rendering; the links found
 * are the same (tests/render/markdown.test.ts compares both on random text).
 */
export const MAY_HOLD_LINK = /[:@]|\/\/|localhost|www\.|\.[\p{L}\p{N}]/iu;

/**
 * URLs that markdown-it's normalizeLink and normalizeLinkText return unchanged: mdurl's parse and
 * format give them back as they are, punycode leaves an ASCII host alone, and mdurl's encode keeps
 * ASCII letters, digits, `;/?:@&=+$,-_.!~*'()#` and `%` with two hex digits. Those functions
 * (mdurl's `Url.parse`, punycode's `mapDomain`) were a quarter of markdown-it's time on link-dense
 * posts; tests/render/markdown.test.ts holds the shortcut to them on random URLs.
 */
const ENCODE_KEEPS = /^(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*$/;
/** `http(s)://` and a host of 1–63 character labels of letters, digits and `-` (what mdurl keeps whole), an optional port, then the path. */
const PLAIN_HOST = /^https?:\/\/((?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63})(?::[0-9]+)?(?:[/?#]|$)/;
/** No scheme (no `:` before the first `/`, `?` or `#`) and no host (not `//`): a path, a query or a fragment. */
const PLAIN_RELATIVE = /^(?!\/\/)[^:/?#]*(?:[/?#]|$)/;

/** True when `url` is a plain URL: normalizeLink would return it unchanged. */
export function isPlainLink(url: string): boolean {
  if (!ENCODE_KEEPS.test(url)) return false;
  const host = PLAIN_HOST.exec(url);
  // mdurl drops a host longer than 255 characters.
  return host ? host[1]!.length <= 255 : PLAIN_RELATIVE.test(url);
}

/** True when normalizeLinkText would return `url` unchanged: a plain link with nothing to decode (`%`) and no punycode label. */
export function isPlainLinkText(url: string): boolean {
  return !url.includes("%") && !/xn--/i.test(url) && isPlainLink(url);
}

export function createMarkdownRenderer(): MarkdownIt {
  const MarkdownIt = markdownIt();
  const md = new MarkdownIt("default", { html: true, linkify: true, typographer: false });
  const pretest = md.linkify.pretest.bind(md.linkify);
  md.linkify.pretest = (text: string) => MAY_HOLD_LINK.test(text) && pretest(text);
  // Each text run of a paragraph that passed the pre-test (its links' targets alone pass it) is tested again.
  const test = md.linkify.test.bind(md.linkify);
  md.linkify.test = (text: string) => MAY_HOLD_LINK.test(text) && test(text);
  const normalizeLink = md.normalizeLink.bind(md);
  md.normalizeLink = (url: string) => (isPlainLink(url) ? url : normalizeLink(url));
  const normalizeLinkText = md.normalizeLinkText.bind(md);
  md.normalizeLinkText = (url: string) => (isPlainLinkText(url) ? url : normalizeLinkText(url));
  // The plugin's types come from the ES module build of @types/markdown-it, this renderer's from the CommonJS one.
  md.use(footnotes() as unknown as Parameters<MarkdownIt["use"]>[0]);
  // The plugin writes its links as `#fn1`: made absolute like every link (the post's URL + the anchor).
  for (const rule of ["footnote_ref", "footnote_anchor"] as const) {
    const own = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, idx, options, env: { postUrl?: string }, self) =>
      own(tokens, idx, options, env, self).replace(' href="#', ` href="${md.utils.escapeHtml(env.postUrl ?? "")}#`);
  }
  return md;
}

export interface RenderedMarkdown {
  html: string;
  tokens: Token[];
  /** True when the post contains raw HTML, which must go through the sanitizer. */
  hasRawHtml: boolean;
  /** Each piece of raw HTML with the body line (1-based) of its block, for warnings about it. */
  rawHtml: { line: number; html: string }[];
  /** The link and image URLs written, each already absoluteUrl's answer for itself (finishHtml need not resolve them again). */
  resolvedUrls: Set<string>;
}

/** Renders with every Markdown link and image URL resolved against the post's own URL (a root-relative one below `siteUrl`). */
export function renderMarkdown(md: MarkdownIt, body: string, baseUrl: string, siteUrl?: string): RenderedMarkdown {
  const env = { postUrl: baseUrl.split("#")[0] };
  const tokens = md.parse(body, env);
  const rawHtml: { line: number; html: string }[] = [];
  const resolvedUrls = new Set<string>();
  const visit = (list: readonly Token[], blockLine: number) => {
    for (const token of list) {
      const line = token.map ? token.map[0] + 1 : blockLine;
      if (token.type === "html_block" || token.type === "html_inline") rawHtml.push({ line, html: token.content });
      if (token.attrs) {
        for (const attr of token.attrs) {
          if (attr[0] === "href" || attr[0] === "src") resolvedUrls.add((attr[1] = absoluteUrl(String(attr[1]), baseUrl, siteUrl)));
        }
      }
      if (token.children) visit(token.children, line);
    }
  };
  visit(tokens, 1);
  return { html: md.renderer.render(tokens, md.options, env), tokens, hasRawHtml: rawHtml.length > 0, rawHtml, resolvedUrls };
}
