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
  if (!checked.ok) throw new Error(`unchecked URL '${value}': ${checked.message}`);
  return checked.url;
}

export type HttpUrlCheck = { ok: true; url: string } | { ok: false; message: string };

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
  if (text === "") return { ok: false, message: "must not be empty" };
  if (INVISIBLE.test(text)) return { ok: false, message: `must be ${example}, on one line without control characters` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return { ok: false, message: `must be ${example}; a '${scheme}:' URL is refused (only http and https URLs leave the build)` };
  }
  if (scheme === undefined && base === undefined) return { ok: false, message: `must be ${example}; the scheme https:// is missing` };
  // `https:example.com` and `https:/x` parse in WHATWG, but nobody means them.
  if (scheme !== undefined && !/^https?:\/\/[^/\\]/i.test(text)) return { ok: false, message: `must be ${example}; write the scheme as https://, followed by the host` };
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return { ok: false, message: `must be ${example}; it cannot be read as a URL (is the host right?)` };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return { ok: false, message: `must be ${example}; it resolves to '${url.href}', which is not an http(s) URL` };
  }
  const uri = toUri(url);
  // WHATWG admits host characters RFC 3986 does not (a backtick, braces): such a host cannot be written.
  // `{slug}` in a siteUrl's host is a template (tests/parse/post.test.ts): its braces are left to the template.
  if (!isUri(uri) && !/[{}]/.test(url.host)) return { ok: false, message: `must be ${example}; its host '${url.host}' is not a valid host name` };
  return { ok: true, url: uri };
}
