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

/** Resolves a reference against the base; a value that is not a URL at all is left for the sanitizer. */
export function absoluteUrl(value: string, base: string): string {
  const trimmed = value.trim();
  try {
    return new URL(trimmed, base).href;
  } catch {
    return value;
  }
}

/** `a.png 1x, b.png 2x` → each candidate URL resolved, descriptors kept. */
export function absoluteSrcset(value: string, base: string): string {
  return value
    .split(",")
    .map((candidate) => candidate.trim())
    .filter(Boolean)
    .map((candidate) => {
      const [url = "", ...descriptors] = candidate.split(/\s+/);
      return [absoluteUrl(url, base), ...descriptors].join(" ");
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
