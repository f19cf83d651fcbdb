/**
 * The URL rules of the build, in one place: what counts as an absolute http(s) URL (the
 * configuration's siteUrl and author URLs, a post's link and source URL), how references resolve
 * against a base, and which site path a URL under the site names.
 */

/**
 * Written with its scheme and `//` and a host right after (not `example.org`, not `https:/x`, no
 * leading space), and parsed by WHATWG URL as http or https with a host.
 */
export function isAbsoluteHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^/\s]/i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

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
 * postUrlFrom without parsing a URL per post (10,000 parses take 15 ms): the template is resolved
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
