/**
 * The `feed` package decides the structure of RSS and Atom, but escapes text wrongly (see
 * ../../../README.md, "The feed package"): raw control characters, a `]]>` split only once,
 * attributes left unescaped, literal `&amp;` collapsed, URLs re-encoded per format, enclosure
 * types guessed from file names. So it never sees a user's text. Each value is handed to it as
 * an opaque token made of letters and digits, which it copies as it is; afterwards every token
 * is replaced by the value, escaped here, once, for the place it stands in. The output then
 * holds no CDATA and no character this module did not escape.
 */
const PREFIX = "fwv";
/** A URL token: a valid absolute URL, so `feed`'s `new URL()` accepts and keeps it. */
const URL_HOST = "https://feedwright.invalid/";

/**
 * Order matters: a CDATA section around a token goes with it; a URL token may carry a
 * `.fwvN_` suffix (Atom guesses the enclosure type from it); a guessed `kind/fwvN_` type is
 * replaced whole by the true MIME type.
 */
const TOKEN = /<!\[CDATA\[fwv(\d+)_\]\]>|https:\/\/feedwright\.invalid\/fwv(\d+)_(?:\.fwv\d+_)?|(?:image|audio|video)\/fwv(\d+)_|fwv(\d+)_/g;

/**
 * Escaped forms of long values, shared by the RSS and the Atom writer of one build: both carry
 * every item's content, and escaping 60 MB of HTML twice costs a tenth of a second. Short values
 * are escaped each time (cheaper than looking them up).
 */
export class EscapeMemo {
  private readonly escaped = new Map<string, string>();

  escape(value: string): string {
    if (value.length < 256) return escapeXml(value);
    let done = this.escaped.get(value);
    if (done === undefined) this.escaped.set(value, (done = escapeXml(value)));
    return done;
  }
}

export class Placeholders {
  private readonly values: string[] = [];

  constructor(private readonly memo: EscapeMemo = new EscapeMemo()) {}

  /** A text value (element content or attribute). */
  text(value: string): string {
    this.values.push(value);
    return `${PREFIX}${this.values.length - 1}_`;
  }

  /** A URL value, written exactly as given (callers pass one normalized string to every format). */
  url(value: string): string {
    return URL_HOST + this.text(value);
  }

  /** An enclosure for `feed`'s Atom writer, which derives `type` from the URL's extension. */
  enclosureUrl(url: string, type: string): string {
    return `${this.url(url)}.${this.text(type)}`;
  }

  /**
   * Replaces every token in `feed`'s output by its escaped value. The document comes back in
   * pieces, in order, not joined: with all items it is 60 MB, and the write stage encodes the
   * pieces straight into its buffer (src/write/write.ts), so the whole text never exists at once.
   */
  fill(xml: string): string[] {
    const pieces: string[] = [];
    let last = 0;
    for (const match of xml.matchAll(TOKEN)) {
      const [, cdata, url, mime, plain] = match;
      const index = Number(cdata ?? url ?? mime ?? plain);
      const value = this.values[index];
      if (value === undefined) throw new Error(`serializer: unknown placeholder ${index}`);
      pieces.push(xml.slice(last, match.index), this.memo.escape(value));
      last = match.index + match[0].length;
    }
    pieces.push(xml.slice(last));
    return pieces;
  }
}

/** A raw CR would reach readers as LF (XML 1.0 section 2.11 normalizes line ends): it goes as a reference. */
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;" };

/** Escapes for both element content and double-quoted attributes (one pass: contents are long). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (ch) => XML_ESCAPES[ch]!);
}
