/**
 * The URL rules of the build, in one place: what counts as an absolute http(s) URL (the
 * configuration's siteUrl and author URLs, a post's link and source URL), how references resolve
 * against a base, which site path a URL under the site names, a post's URL from its template, and
 * (below) the RFC 3986 form every URL the feeds write takes.
 */
import type { Checked } from "./result.js";

/**
 * Resolves a reference against the base; a value that is not a URL at all is left for the
 * sanitizer. With `siteUrl`, a root-relative path (`/img/a.png`) is below the site URL's own path,
 * as a site published under a path (`https://jane.github.io/blog/`) serves it: Jekyll's baseurl,
 * Hugo's baseURL and Astro's base all work this way.
 */
export function absoluteUrl(value: string, base: string, siteUrl?: string): string {
  const trimmed = value.trim();
  try {
    if (siteUrl !== undefined && /^\/(?![/\\])/.test(trimmed)) return new URL(`./${trimmed.slice(1)}`, siteUrl).href;
    return new URL(trimmed, base).href;
  } catch {
    return value;
  }
}

/** `a.png 1x, b.png 2x` → each candidate URL resolved, descriptors kept. */
export function absoluteSrcset(value: string, base: string, siteUrl?: string): string {
  return value
    .split(",")
    .map((candidate) => candidate.trim())
    .filter(Boolean)
    .map((candidate) => {
      const [url = "", ...descriptors] = candidate.split(/\s+/);
      return [absoluteUrl(url, base, siteUrl), ...descriptors].join(" ");
    })
    .join(", ");
}

/** The path of a URL below the site URL (`media/a.mp3`), decoded; undefined outside the site or for a folder. */
export function sitePathOf(url: URL, siteUrl: string): string | undefined {
  const site = new URL(siteUrl);
  if (url.origin !== site.origin || !url.pathname.startsWith(site.pathname)) return undefined;
  const segments: string[] = [];
  for (const raw of url.pathname.slice(site.pathname.length).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // URL parsing removed `.` and `..` already; decoding must not bring them (or separators) back.
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments.join("/");
}

/**
 * The file a page URL is served from, relative to the output folder: `…/slug/` is
 * `…/slug/index.html`, a URL naming a file (`…/slug.html`) is that file, and an extensionless
 * `…/slug` is `…/slug.html` (what GitHub Pages and most static hosts serve for it). Undefined for
 * a URL outside the site, or one whose path cannot be a file of the output.
 */
export function pagePathOf(url: string, siteUrl: string): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(siteUrl);
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined;
  let segments: string[];
  try {
    segments = target.pathname.slice(base.pathname.length).split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const last = segments.pop()!;
  // A decoded segment holding a separator (`%2F`) or NUL would name another file than the URL does.
  if (segments.some((s) => s === "" || s === "." || s === ".." || /[\\/\0]/.test(s)) || last === "." || last === ".." || /[\\/\0]/.test(last)) return undefined;
  const file = last === "" ? "index.html" : /\.[A-Za-z0-9]+$/.test(last) ? last : `${last}.html`;
  return [...segments, file].join("/");
}

/** Text written as an http(s) URL (a scheme and `//`), as opposed to a path: what an argument that may be either names. */
export function looksLikeHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/**
 * A post's URL from the `postUrl` template. Tokens: `{slug}`; `{filename}` (the slug the file name
 * gives, whatever `slug` says); `{year}`, `{month}`, `{day}` (the publication date in the site's
 * time zone, zero-padded); `{path}` (the folders below the posts folder); `{categories}` (the
 * post's categories, lower-cased, as Jekyll's `:categories`). `{path}` and `{categories}` may be
 * empty: the `/` after an empty one goes with it. Each value is percent-encoded (a folder or
 * category stays one path segment each); the result resolves against siteUrl, so a site under a
 * path (`https://jane.github.io/blog/`) keeps it.
 */
export const POST_URL_TOKENS = ["slug", "filename", "year", "month", "day", "path", "categories"] as const;
export type PostUrlToken = (typeof POST_URL_TOKENS)[number];
export type PostUrlValues = Record<"slug" | "filename" | "year" | "month" | "day", string> & { path: readonly string[]; categories: readonly string[] };

const TOKEN = /\{([a-z]+)\}(\/?)/g;

/** The tokens a template uses that feedwright does not know (for the configuration's check). */
export function unknownPostUrlTokens(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((m) => m[1]!).filter((name) => !(POST_URL_TOKENS as readonly string[]).includes(name));
}

function expand(template: string, values: PostUrlValues): string {
  return template.replace(TOKEN, (whole, name: string, slash: string) => {
    if (name === "path" || name === "categories") {
      const segments = name === "path" ? values.path : values.categories.map((category) => category.toLowerCase());
      return segments.length === 0 ? "" : segments.map(encodeURIComponent).join("/") + slash;
    }
    if (!(POST_URL_TOKENS as readonly string[]).includes(name)) return whole;
    return encodeURIComponent(values[name as Exclude<PostUrlToken, "path" | "categories">]) + slash;
  });
}

/** The post's URL, parsed once per post (`postUrlMaker` is the fast way to the same result). */
export function postUrlFrom(siteUrl: string, template: string, values: PostUrlValues): string {
  return new URL(expand(template, values).replace(/^\/+/, ""), siteUrl).href;
}

/**
 * postUrlFrom without parsing a URL per post (docs/performance.md): the template is resolved
 * once with a marker per token, and each post's values put where the markers landed. Slugs,
 * file names and dates, encoded, are left as they are by URL parsing in a path, query or
 * fragment; in a host they are not, and `{path}` and `{categories}` may vanish with their `/`, so
 * there, or when a marker does not survive once for each use, every URL is parsed.
 */
export function postUrlMaker(siteUrl: string, template: string): (values: PostUrlValues) => string {
  const slow = (values: PostUrlValues) => postUrlFrom(siteUrl, template, values);
  const used = [...template.matchAll(TOKEN)].map((m) => m[1]!);
  if (used.some((name) => name === "path" || name === "categories")) return slow;
  const marker = (name: string) => `feedwright${name}marker`;
  const markers = Object.fromEntries(POST_URL_TOKENS.map((name) => [name, marker(name)])) as unknown as PostUrlValues;
  let resolved: URL;
  try {
    resolved = new URL(postUrlFrom(siteUrl, template, { ...markers, path: [], categories: [] }));
  } catch {
    return slow;
  }
  if (`${resolved.username}:${resolved.password}@${resolved.host}`.includes("feedwright")) return slow;
  const pieces = resolved.href.split(/(feedwright(?:slug|filename|year|month|day)marker)/);
  const found = pieces.filter((_, index) => index % 2 === 1);
  const known = used.filter((name) => (POST_URL_TOKENS as readonly string[]).includes(name));
  if (found.length !== known.length || siteUrl.includes("feedwright")) return slow;
  return (values) => pieces.map((piece, index) => (index % 2 === 1 ? encodeURIComponent(values[piece.slice(10, -6) as "slug"]) : piece)).join("");
}

/**
 * The host of a URL when it is an example address that can never be the real site (RFC 2606:
 * example.com, example.net, example.org and their subdomains, the TLDs .example and .invalid),
 * as in the shipped configuration and the README; otherwise undefined.
 */
export function exampleHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return undefined;
  }
  return /(^|\.)example\.(com|net|org)$|\.(example|invalid)$|^(example|invalid)$/.test(host) ? host : undefined;
}

/**
 * URLs as feeds must write them: RFC 3986 URIs. WHATWG URL parsing (what `new URL` does) leaves
 * `|`, `^`, `{`, `}`, `` ` ``, `[`, `]`, a second `#` and a `%` that starts no escape raw in paths,
 * queries and fragments; RSS and Atom validators reject them and readers disagree on them. Every
 * URL the build writes goes through `toUri`; values a user pins (`id`) are checked with `isUri`
 * and refused rather than rewritten.
 */

const HEX = "0123456789ABCDEF";
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
/** Characters allowed raw, per component (RFC 3986 §3.2.1, §3.3, §3.4, §3.5), besides `%XX` escapes. */
const ALLOWED = {
  userinfo: new RegExp(`[${UNRESERVED}${SUB_DELIMS}:]`),
  path: new RegExp(`[${UNRESERVED}${SUB_DELIMS}:@/]`),
  query: new RegExp(`[${UNRESERVED}${SUB_DELIMS}:@/?]`),
} as const;

/** Percent-encodes, as UTF-8, every character `allowed` does not admit; a `%` stays only before two hex digits. */
function encodeComponent(text: string, allowed: RegExp): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) out += ch;
    else if (ch !== "%" && allowed.test(ch)) out += ch;
    else {
      const code = text.codePointAt(i)!;
      const char = String.fromCodePoint(code);
      if (char.length === 2) i++;
      for (const byte of Buffer.from(char, "utf8")) out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    }
  }
  return out;
}

/**
 * The RFC 3986 form of a parsed URL: WHATWG's serialization (lower-case scheme, punycode host,
 * dot segments resolved) with whatever RFC 3986 does not allow raw percent-encoded, component by
 * component. Existing `%XX` escapes are kept as they are.
 */
export function toUri(url: URL): string {
  const href = url.href;
  const userinfo = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ""}@` : "";
  const authority = url.host || href.startsWith(`${url.protocol}//`) ? `//${userinfo}${url.host}` : "";
  const head = `${url.protocol}${authority}`;
  // WHATWG's serialization is canonical; anything else (never seen) is left as WHATWG wrote it.
  if (!href.startsWith(head)) return href;
  let rest = href.slice(head.length);
  // Path and query never hold a raw `#` in WHATWG's output: the first one starts the fragment.
  let fragment: string | undefined;
  const hash = rest.indexOf("#");
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query: string | undefined;
  const mark = rest.indexOf("?");
  if (mark >= 0) [rest, query] = [rest.slice(0, mark), rest.slice(mark + 1)];
  const encodedUserinfo = userinfo ? `${encodeComponent(userinfo.slice(0, -1), ALLOWED.userinfo)}@` : "";
  return (
    `${url.protocol}${authority ? `//${encodedUserinfo}${url.host}` : ""}` +
    encodeComponent(rest, ALLOWED.path) +
    (query === undefined ? "" : `?${encodeComponent(query, ALLOWED.query)}`) +
    (fragment === undefined ? "" : `#${encodeComponent(fragment, ALLOWED.query)}`)
  );
}

const PCT = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const IPV4 = `${DEC_OCTET}(?:\\.${DEC_OCTET}){3}`;
const H16 = "[0-9A-Fa-f]{1,4}";
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join("|");
const IP_LITERAL = `\\[(?:${IPV6}|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]`;
const REG_NAME = `(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?`;
const HIER_PART = `(?://${AUTHORITY}(?:/${PCHAR}*)*|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*|)`;
/** RFC 3986 §3: `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]`, the ABNF as written. */
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${HIER_PART}(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`);

/** True when `text` is an absolute URI by RFC 3986's grammar (what Atom requires of an id, and RSS validators of every URL). */
export function isUri(text: string): boolean {
  return URI.test(text);
}

/** `checkHttpUrl` for a value the schema has checked already: its resolved URL. */
export function resolveHttpUrl(value: string, base: string): string {
  const checked = checkHttpUrl(value, base);
  if (!checked.ok) throw new Error(`unchecked URL '${value}': ${checked.why}`);
  return checked.value;
}

/** The URL as a feed writes it, or why the value is none (a phrase after the field name). */
export type HttpUrlCheck = Checked<string, string>;

/** Characters WHATWG parsing silently drops or ignores: a URL holding them is not what it looks like. */
const INVISIBLE = /[\u0000-\u001F\u007F]/;

/**
 * An http(s) URL as a feed must write it: `value` (absolute, or relative to `base` when given)
 * resolved, and in RFC 3986 form. Anything whose scheme is not http or https after resolving
 * (`javascript:`, `data:`, `ftp:`, `mailto:`) is refused: only web addresses leave the build.
 * The scheme is case-insensitive (`HTTPS://` is `https://`), as RFC 3986 says.
 */
export function checkHttpUrl(value: string, base?: string): HttpUrlCheck {
  const text = value.trim();
  const example = base ? "a URL such as https://example.com/a.png or a path such as /images/a.png" : "an absolute http(s) URL such as https://example.com/";
  if (text === "") return { ok: false, why: "must not be empty" };
  if (INVISIBLE.test(text)) return { ok: false, why: `must be ${example}, on one line without control characters` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return { ok: false, why: `must be ${example}; a '${scheme}:' URL is refused (only http and https URLs leave the build)` };
  }
  if (scheme === undefined && base === undefined) return { ok: false, why: `must be ${example}; the scheme https:// is missing` };
  // `https:example.com` and `https:/x` parse in WHATWG, but nobody means them.
  if (scheme !== undefined && !/^https?:\/\/[^/\\]/i.test(text)) return { ok: false, why: `must be ${example}; write the scheme as https://, followed by the host` };
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return { ok: false, why: `must be ${example}; it cannot be read as a URL (is the host right?)` };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return { ok: false, why: `must be ${example}; it resolves to '${url.href}', which is not an http(s) URL` };
  }
  const uri = toUri(url);
  // WHATWG admits host characters RFC 3986 does not (a backtick, braces): such a host cannot be written.
  // `{slug}` in a siteUrl's host is a template (tests/parse/post.test.ts): its braces are left to the
  // template. Only in an absolute URL: a reference (`/\{`, which WHATWG reads as `//{`) names no template.
  if (!isUri(uri) && (base !== undefined || !/[{}]/.test(url.host))) return { ok: false, why: `must be ${example}; its host '${url.host}' is not a valid host name` };
  return { ok: true, value: uri };
}
