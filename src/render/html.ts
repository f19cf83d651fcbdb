import type sanitizeHtml from "sanitize-html";
import { lazy } from "../common/lazy.js";
import { absoluteSrcset, absoluteUrl } from "../common/url.js";

const sanitizer = lazy<typeof sanitizeHtml>("sanitize-html");

/**
 * One pass over the rendered HTML with a real HTML parser (sanitize-html, on htmlparser2):
 * every URL attribute is made absolute against the post's own URL, because a feed reader shows
 * the content away from the site; and, unless the site allows it, active content (`<script>`,
 * event handlers, `javascript:` URLs) is removed, because readers display it next to their own UI.
 */
const URL_ATTRIBUTES = new Set(["href", "src", "poster", "cite", "action", "formaction", "data", "background", "longdesc"]);
const SRCSET_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);

const EXTRA_TAGS = [
  "img", "picture", "source", "video", "audio", "track", "figure", "figcaption",
  "del", "ins", "details", "summary", "input", "iframe",
];
/**
 * The tags Markdown writes, most frequent first: sanitize-html looks a tag up in its list with
 * indexOf, several times per element, and its default list starts with `address`, `article` …
 * (`a` is its 30th). The same tags in another order; the lookup was 5 % of sanitizing a link-dense post.
 */
const MARKDOWN_TAGS = ["a", "p", "code", "li", "strong", "em", "ul", "ol", "td", "tr", "pre", "h2", "h3", "blockquote", "th", "table", "thead", "tbody", "img", "br", "hr", "h1", "h4", "h5", "h6", "s", "del", "sup", "section"];
const SAFE_ATTRIBUTES: sanitizeHtml.IOptions["allowedAttributes"] = {
  "*": ["id", "class", "title", "lang", "dir"],
  a: ["href", "name", "target", "rel", "hreflang", "type"],
  img: ["src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"],
  source: ["src", "srcset", "sizes", "type", "media"],
  video: ["src", "poster", "controls", "width", "height", "loop", "muted", "playsinline", "preload"],
  audio: ["src", "controls", "loop", "muted", "preload"],
  track: ["src", "kind", "srclang", "label", "default"],
  iframe: ["src", "width", "height", "title", "allow", "allowfullscreen", "loading", "referrerpolicy"],
  input: ["type", "checked", "disabled"],
  blockquote: ["cite"],
  q: ["cite"],
  del: ["cite", "datetime"],
  ins: ["cite", "datetime"],
  ol: ["start", "reversed", "type"],
  li: ["value"],
  td: ["colspan", "rowspan", "align", "style"],
  th: ["colspan", "rowspan", "align", "scope", "style"],
  time: ["datetime"],
  code: ["class"],
  pre: ["class"],
};

/** The same tags, those of MARKDOWN_TAGS first: reordered, never one added. */
export function frequentFirst(tags: readonly string[]): string[] {
  return [...MARKDOWN_TAGS.filter((tag) => tags.includes(tag)), ...tags.filter((tag) => !MARKDOWN_TAGS.includes(tag))];
}

export interface HtmlOptions {
  /** The post's own URL: the base of relative and `#anchor` references. */
  baseUrl: string;
  /** Root-relative references (`/img/a.png`) resolve below the site URL's own path. */
  siteUrl?: string;
  allowActiveContent: boolean;
  /**
   * URLs that are already absoluteUrl's answer against this base (the Markdown renderer's links):
   * resolving one again gives it back (tests/render/html.test.ts), so it is kept as it is.
   */
  resolved?: ReadonlySet<string>;
}

export function finishHtml(html: string, options: HtmlOptions): string {
  const absolutize = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const out: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      const key = name.toLowerCase();
      if (URL_ATTRIBUTES.has(key)) out[name] = options.resolved?.has(value) ? value : absoluteUrl(value, options.baseUrl, options.siteUrl);
      else if (SRCSET_ATTRIBUTES.has(key)) out[name] = absoluteSrcset(value, options.baseUrl, options.siteUrl);
      else out[name] = value;
    }
    return { tagName, attribs: out };
  };
  const sanitizeHtml = sanitizer();
  if (options.allowActiveContent) {
    return withIframeLinks(sanitizeHtml(html, {
      allowedTags: false,
      allowedAttributes: false,
      allowVulnerableTags: true,
      allowedSchemes: ["http", "https", "mailto", "tel", "data", "javascript", "ftp"],
      transformTags: { "*": absolutize },
    }));
  }
  return withIframeLinks(sanitizeHtml(html, {
    allowedTags: frequentFirst([...sanitizeHtml.defaults.allowedTags, ...EXTRA_TAGS]),
    allowedAttributes: SAFE_ATTRIBUTES,
    allowedSchemes: ["http", "https", "mailto", "tel", "ftp"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    // Markdown tables align cells with style="text-align: …"; no other style survives.
    allowedStyles: { "*": { "text-align": [/^(left|right|center|justify)$/] } },
    allowProtocolRelative: false,
    transformTags: { "*": absolutize },
  }));
}

/**
 * Many readers drop iframes: a plain link to the iframe's source follows each one. The HTML is the
 * sanitizer's own serialization (attributes double-quoted and escaped), so the value is reused as is.
 */
function withIframeLinks(html: string): string {
  if (!html.includes("<iframe")) return html;
  return html.replace(/<iframe\b[^>]*?\ssrc="([^"]+)"[^>]*>[\s\S]*?<\/iframe>/g, (element, src: string) => `${element} <a href="${src}">${src}</a>`);
}

const SWALLOWING = ["script", "style", "textarea"];

/**
 * Warnings about a post's raw HTML, each with its body line: an element whose content is raw text
 * (`<script>`, `<style>`, `<textarea>`) never closed, which swallows the rest of the post; and,
 * unless the site allows it, the active content the sanitizer removes.
 */
export function rawHtmlWarnings(pieces: readonly { line: number; html: string }[], body: string, allowActiveContent: boolean): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  const lower = body.toLowerCase();
  const seen = new Set<string>();
  const once = (line: number, message: string) => {
    if (!seen.has(message)) out.push({ line, message });
    seen.add(message);
  };
  for (const { line, html } of pieces) {
    for (const match of html.matchAll(/<(script|style|textarea)\b/gi)) {
      const tag = match[1]!.toLowerCase();
      // Closed anywhere after it (markdown-it may split the element into several pieces)?
      const start = lower.indexOf(html.toLowerCase());
      const rest = start >= 0 ? lower.slice(start + match.index!) : html.toLowerCase().slice(match.index!);
      if (SWALLOWING.includes(tag) && !new RegExp(`</${tag}\\s*>`).test(rest)) {
        out.push({ line, message: `an unclosed <${tag}> swallows the rest of the post: nothing after it reaches the feeds; close it with </${tag}>` });
      }
    }
    if (allowActiveContent) continue;
    if (/<script\b/i.test(html)) once(line, "a <script> was removed from the feeds (readers show content next to their own interface); set allowActiveContent in the configuration to keep it");
    for (const match of html.matchAll(/\s(on[a-z]+)\s*=/gi)) once(line, `the event handler ${match[1]!.toLowerCase()} was removed from the feeds; set allowActiveContent in the configuration to keep it`);
    if (/=\s*["']?\s*javascript:/i.test(html)) once(line, "a javascript: URL was removed from the feeds; set allowActiveContent in the configuration to keep it");
  }
  return out;
}
