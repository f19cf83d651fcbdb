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

export interface HtmlOptions {
  /** The post's own URL: the base of relative and `#anchor` references. */
  baseUrl: string;
  /** Root-relative references (`/img/a.png`) resolve below the site URL's own path. */
  siteUrl?: string;
  allowActiveContent: boolean;
}

export function finishHtml(html: string, options: HtmlOptions): string {
  const absolutize = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const out: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      const key = name.toLowerCase();
      if (URL_ATTRIBUTES.has(key)) out[name] = absoluteUrl(value, options.baseUrl, options.siteUrl);
      else if (SRCSET_ATTRIBUTES.has(key)) out[name] = absoluteSrcset(value, options.baseUrl, options.siteUrl);
      else out[name] = value;
    }
    return { tagName, attribs: out };
  };
  const sanitizeHtml = sanitizer();
  if (options.allowActiveContent) {
    return sanitizeHtml(html, {
      allowedTags: false,
      allowedAttributes: false,
      allowVulnerableTags: true,
      allowedSchemes: ["http", "https", "mailto", "tel", "data", "javascript", "ftp"],
      transformTags: { "*": absolutize },
    });
  }
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, ...EXTRA_TAGS],
    allowedAttributes: SAFE_ATTRIBUTES,
    allowedSchemes: ["http", "https", "mailto", "tel", "ftp"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    // Markdown tables align cells with style="text-align: …"; no other style survives.
    allowedStyles: { "*": { "text-align": [/^(left|right|center|justify)$/] } },
    allowProtocolRelative: false,
    transformTags: { "*": absolutize },
  });
}
