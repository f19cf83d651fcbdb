import { escapeXml } from "./escape.js";

/**
 * How the `feed` package is used. It writes the frame of the RSS and Atom documents: the XML
 * declaration, the root element and the feed's own elements (title, links, dates, generator,
 * author, rights…) from the site's metadata, in its order and layout. The items are not given
 * to it: rss.ts and atom.ts write them, and they go where `itemsBefore` stands in the frame.
 *
 * `feed` mishandles values (docs/feed-package.md: `&amp;` collapsed, attributes unescaped, URLs
 * re-encoded per format), so it never sees one: each goes in as a token of letters and digits
 * (a URL as `https://feedwright.invalid/<token>`, which its `new URL()` keeps as it is), and
 * each token comes out replaced by its value, escaped here. Escaped values hold no `<`, so the
 * markup found afterwards can only be the frame's own.
 */
export interface Tokens {
  text(value: string): string;
  url(value: string): string;
}

export interface FrameShape {
  /** The text of the frame before which the items go (the root's or the channel's end tag). */
  itemsBefore: string;
  /** Attributes `feed` cannot write, placed after the root element's first attribute. */
  rootAttributes: Record<string, string>;
  /** A CSS stylesheet for browsers (`feed`'s `stylesheet` option can only name XSLT). */
  stylesheet: string | undefined;
  /** Elements `feed` cannot write (the WebSub hub links), already escaped: after its own, before the items. */
  more?: string;
}

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
const TOKEN = /https:\/\/feedwright\.invalid\/fwv(\d+)_|fwv(\d+)_/g;
const ROOT_FIRST_ATTRIBUTE = /^<[\w:]+ [\w:]+="[^"]*"/;

/** The document `feed` writes, cut where the items go: `head`, items, `tail`. */
export function feedFrame(write: (tokens: Tokens) => string, shape: FrameShape): { head: string; tail: string } {
  const values: string[] = [];
  const text = (value: string) => `fwv${values.push(value) - 1}_`;
  const written = write({ text, url: (value) => `https://feedwright.invalid/${text(value)}` });
  const filled = written.replace(TOKEN, (_, url: string | undefined, plain: string | undefined) => escapeXml(values[Number(url ?? plain)]!));
  if (!filled.startsWith(DECLARATION)) throw new Error("serializer: `feed` no longer starts with the XML declaration");
  const root = filled.slice(DECLARATION.length);
  const first = ROOT_FIRST_ATTRIBUTE.exec(root)?.[0];
  const cut = root.lastIndexOf(shape.itemsBefore);
  if (first === undefined || cut === -1) throw new Error("serializer: `feed` no longer writes the frame this module expects");
  let extra = "";
  for (const [name, value] of Object.entries(shape.rootAttributes)) extra += ` ${name}="${escapeXml(value)}"`;
  const stylesheet = shape.stylesheet === undefined ? "" : `<?xml-stylesheet type="text/css" href="${escapeXml(shape.stylesheet)}"?>\n`;
  return { head: DECLARATION + stylesheet + first + extra + root.slice(first.length, cut) + (shape.more ?? ""), tail: `${root.slice(cut)}\n` };
}
