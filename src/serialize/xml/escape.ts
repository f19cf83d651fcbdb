import { textPieces } from "../../common/pieces.js";

/**
 * The escaping rules of RSS and Atom, in one place: every value of either document is written by
 * `element`, `empty` or `EscapedContents` below, or by `feed` under the rules of frame.ts. Texts
 * reach here cleaned of what XML cannot carry (../clean.ts), so escaping is all that is left.
 */

const NEEDS_ESCAPE = /[&<>"\r]/;

/**
 * For element content and double-quoted attributes alike; no CDATA anywhere, so `]]>` is plain
 * text. A raw CR would reach readers as LF (XML 1.0 section 2.11), so it goes as a reference.
 * Most values need nothing, and the test is much cheaper than the replaces; five native passes
 * beat one replace with a function on contents holding millions of `<`.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("\r", "&#13;");
}

type Attributes = Record<string, string | number | undefined>;

function attributes(values: Attributes): string {
  let written = "";
  for (const [name, value] of Object.entries(values)) if (value !== undefined) written += ` ${name}="${escapeXml(String(value))}"`;
  return written;
}

/** `<name a="…">text</name>`: a text element, its text and attributes escaped. */
export function element(name: string, text: string, attrs: Attributes = {}): string {
  return `<${name}${attributes(attrs)}>${escapeXml(text)}</${name}>`;
}

/** `<name a="…">`: a start tag (attributes left undefined are not written). */
export function start(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)}>`;
}

/** `<name a="…"/>`: an element of attributes only (attributes left undefined are not written). */
export function empty(name: string, attrs: Attributes): string {
  return `<${name}${attributes(attrs)}/>`;
}

/** Lines of one element's children, each on its own line at `depth` levels of four spaces (the layout `feed` gives the frame). */
export function lines(depth: number, children: readonly (string | false | undefined)[]): string {
  const indent = `\n${"    ".repeat(depth)}`;
  let written = "";
  for (const child of children) if (child) written += indent + child;
  return written;
}

/**
 * Each item's content, escaped and encoded to UTF-8 once for both XML formats of a build (they
 * carry the same content: tens of megabytes with all items). Keyed by the item object: hashing the text for
 * a lookup would cost what escaping it does. Encoded into slabs of a few MB, not one buffer per
 * item (a buffer per item costs more), with Buffer#write (faster here than TextEncoder).
 * A content too long for a slab gets a buffer of exactly its escaped size, escaped piece by piece
 * (escapedBytes): a slab of three bytes per character and the whole escaped text were 2.5 times
 * its bytes (a 60 MB post: 240 MB of slab and five texts of 80-110 MB from the replaces).
 */
export class EscapedContents {
  private static readonly SLAB = 4 << 20;
  private readonly bytes = new WeakMap<object, Uint8Array>();
  private slab = Buffer.alloc(0);
  private used = 0;

  of(item: { contentHtml: string }): Uint8Array {
    let done = this.bytes.get(item);
    if (done === undefined) {
      // Three bytes per UTF-16 unit at most: a text of up to a third of a slab always fits whole.
      if (item.contentHtml.length * 3 > EscapedContents.SLAB) done = escapedBytes(item.contentHtml);
      else {
        const text = escapeXml(item.contentHtml);
        if (this.used + text.length * 3 > this.slab.length) {
          this.slab = Buffer.allocUnsafe(Math.max(EscapedContents.SLAB, text.length * 3));
          this.used = 0;
        }
        const written = this.slab.write(text, this.used, "utf8");
        done = this.slab.subarray(this.used, this.used + written);
        this.used += written;
      }
      this.bytes.set(item, done);
    }
    return done;
  }
}

/** By character code below 63: how many more bytes escapeXml writes for it (`&amp;` 4, `&lt;` 3, `&gt;` 3, `&quot;` 5, `&#13;` 4). */
const ESCAPE_EXTRA = new Uint8Array(63);
for (const [code, extra] of [[38, 4], [60, 3], [62, 3], [34, 5], [13, 4]] as const) ESCAPE_EXTRA[code] = extra;

/** escapeXml(text) as UTF-8, the same bytes, in a buffer of exactly their size, without the escaped text ever being whole. */
export function escapedBytes(text: string): Buffer {
  let size = Buffer.byteLength(text, "utf8");
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 63) size += ESCAPE_EXTRA[code]!;
  }
  const out = Buffer.allocUnsafe(size);
  let written = 0;
  for (const piece of textPieces(text)) written += out.write(escapeXml(piece), written, "utf8");
  if (written !== size) throw new Error(`escapedBytes: wrote ${written} bytes of ${size}`);
  return out;
}
