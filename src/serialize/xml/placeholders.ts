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

/** A piece of a document: text, or UTF-8 bytes ready to be written. */
export type Piece = string | Uint8Array;

/**
 * Each item's content, escaped and encoded once for both XML formats of a build: RSS and Atom
 * carry the same content, 60 MB with all items. Keyed by the item object (hashing 60 MB of text
 * for a lookup would cost what escaping it does).
 */
export class EscapedContents {
  private readonly bytes = new WeakMap<object, Uint8Array>();
  // Encoded into slabs of a few MB rather than one allocation per item (10,000 buffers cost more),
  // with Buffer#write: on 60 MB of contents 45 ms, TextEncoder#encodeInto 80 ms.
  private slab = Buffer.alloc(0);
  private used = 0;

  of(item: { contentHtml: string }): Uint8Array {
    let done = this.bytes.get(item);
    if (done === undefined) {
      const text = escapeXml(item.contentHtml);
      // Three bytes per UTF-16 unit at most: the text always fits whole.
      if (this.used + text.length * 3 > this.slab.length) {
        this.slab = Buffer.allocUnsafe(Math.max(4 << 20, text.length * 3));
        this.used = 0;
      }
      const written = this.slab.write(text, this.used, "utf8");
      done = this.slab.subarray(this.used, this.used + written);
      this.used += written;
      this.bytes.set(item, done);
    }
    return done;
  }
}

export class Placeholders {
  private readonly values: Piece[] = [];

  /** A text value (element content or attribute). */
  text(value: string): string {
    return this.token(value);
  }

  /** A value escaped and encoded already (EscapedContents). */
  escaped(bytes: Uint8Array): string {
    return this.token(bytes);
  }

  private token(value: Piece): string {
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
   * Replaces every token in `feed`'s output by its escaped value. The document comes out in
   * pieces, in order, made one at a time as they are taken: with all items it is 60 MB, and the
   * write stage encodes each piece as soon as it is made (src/write/write.ts), so the whole text
   * never exists at once. `xml` may be a part of the document the tokens were made for.
   */
  *fill(xml: string): Generator<Piece> {
    let last = 0;
    for (const match of xml.matchAll(TOKEN)) {
      const [, cdata, url, mime, plain] = match;
      const index = Number(cdata ?? url ?? mime ?? plain);
      const value = this.values[index];
      if (value === undefined) throw new Error(`serializer: unknown placeholder ${index}`);
      yield xml.slice(last, match.index);
      yield typeof value === "string" ? escapeXml(value) : value;
      last = match.index + match[0].length;
    }
    yield xml.slice(last);
  }
}

const NEEDS_ESCAPE = /[&<>"\r]/;

/**
 * Escapes for both element content and double-quoted attributes; a raw CR would reach readers as
 * LF (XML 1.0 section 2.11 normalizes line ends), so it goes as a reference. Most values (URLs,
 * names, dates, tags) need nothing, and a test is much cheaper than a replace. Five native passes
 * (`&` first) beat one pass calling a function per match: 60 MB of HTML contents hold millions
 * of `<` and `>` (140 ms against 175 ms).
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("\r", "&#13;");
}

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/**
 * The stylesheet's processing instruction, right after the XML declaration (`feed` can only name
 * XSLT). `href` is a token too (Placeholders#text), so that the text is escaped with the rest.
 */
export function withStylesheet(xml: string, href: string | undefined): string {
  if (href === undefined) return xml;
  if (!xml.startsWith(DECLARATION)) throw new Error("serializer: the document does not start with the XML declaration");
  return `${DECLARATION}<?xml-stylesheet type="text/css" href="${href}"?>\n${xml.slice(DECLARATION.length)}`;
}
