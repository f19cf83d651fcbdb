/**
 * Strict, namespace-aware XML 1.0 reading for the test-support layer
 * (tests/support/feed-readers.ts), built on saxes (the XML parser behind
 * jsdom). It turns saxes events into a small namespace-resolved tree so the
 * validators can walk it, and collects every well-formedness / namespace
 * problem saxes reports, with line, column and the text around it.
 *
 * saxes rejects what lenient parsers let through: undefined entities,
 * character references to characters XML 1.0 forbids, several root elements,
 * '<' in attribute values, ']]>' in text, malformed comments, unbound or
 * misbound namespace prefixes. It does not flag an unpaired high surrogate,
 * and its "disallowed character." does not say which one, so
 * findIllegalXmlChars (a plain scan for the XML 1.0 `Char` production) stays
 * as a companion.
 *
 * saxes does not read DTDs; general entities declared in an internal subset
 * are handed to it so references to them are not reported as undefined.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlAttribute {
  /** Qualified name as written, e.g. `xml:lang`. */
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI ('' for unprefixed attributes). */
  ns: string;
  /** Value after entity/char-reference decoding and attribute-value normalisation. */
  value: string;
}

export interface XmlText {
  type: 'text';
  /** Decoded text (CDATA sections are kept verbatim). */
  value: string;
  cdata: boolean;
}

export interface XmlElement {
  type: 'element';
  /** Qualified name as written, e.g. `atom:link`. */
  name: string;
  prefix: string;
  local: string;
  /** Namespace URI ('' when the element is in no namespace). */
  ns: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** 1-based line of the start tag. */
  line: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlParseResult {
  /** Root element, when one was found (even if there were problems). */
  root: XmlElement | undefined;
  /** Well-formedness and namespace-well-formedness problems, with line numbers. */
  problems: string[];
}

const MAX_PROBLEMS = 50;

/**
 * Scans a string for characters that XML 1.0 forbids literally: C0 controls
 * other than tab/LF/CR, U+FFFE, U+FFFF and unpaired surrogates.
 * Returns human-readable problems (at most `limit`).
 */
export function findIllegalXmlChars(text: string, limit = 10): string[] {
  const problems: string[] = [];
  let line = 1;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    col++;
    let bad: string | undefined;
    if (c === 0xa) {
      line++;
      col = 0;
      continue;
    }
    if (c < 0x20 && c !== 0x9 && c !== 0xd) {
      bad = `control character U+${hex4(c)}`;
    } else if (c === 0xfffe || c === 0xffff) {
      bad = `non-character U+${hex4(c)}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // valid pair
      } else {
        bad = `unpaired high surrogate U+${hex4(c)}`;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad = `unpaired low surrogate U+${hex4(c)}`;
    }
    if (bad) {
      problems.push(`line ${line}, column ${col}: ${bad} is not allowed in XML 1.0`);
      if (problems.length >= limit) {
        problems.push('(further illegal characters not listed)');
        break;
      }
    }
  }
  return problems;
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/** General entities declared in a DOCTYPE's internal subset (`<!ENTITY name "value">`). */
function internalEntities(doctype: string): Record<string, string> {
  const entities: Record<string, string> = {};
  for (const m of doctype.matchAll(/<!ENTITY\s+([^\s%][^\s]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    if (m[1]) entities[m[1]] = m[2] ?? m[3] ?? '';
  }
  return entities;
}

/** The source text just before (and a little after) `position`, on the same line. */
function excerptAt(src: string, position: number): string {
  const lineStart = src.lastIndexOf('\n', position - 1) + 1;
  const newline = src.indexOf('\n', position);
  const lineEnd = newline < 0 ? src.length : newline;
  const raw = src.slice(Math.max(lineStart, position - 30), Math.min(lineEnd, position + 10));
  // Show control characters as \uXXXX escapes, everything else as written.
  return raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/**
 * Parses `input` with saxes into a namespace-resolved tree and collects every
 * problem saxes reports (it keeps going after an error, so several are listed;
 * the tree is best-effort when there are problems).
 */
export function parseXml(input: string): XmlParseResult {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const problems: string[] = [];
  const stack: XmlElement[] = [];
  const elementOf = new WeakMap<SaxesTagNS, XmlElement>();
  let root: XmlElement | undefined;
  let startLine = 1;

  parser.on('error', (err) => {
    if (problems.length >= MAX_PROBLEMS) return;
    // saxes prefixes "line:column: " and ends with "."; re-state them readably.
    const message = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const near = excerptAt(input, parser.position);
    problems.push(`line ${parser.line}, column ${parser.column}: ${message}${near ? ` (near \`${near}\`)` : ''}`);
  });
  parser.on('doctype', (doctype) => {
    Object.assign(parser.ENTITIES, internalEntities(doctype));
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = {
      type: 'element',
      name: tag.name,
      prefix: tag.prefix,
      local: tag.local,
      ns: tag.uri,
      attributes: Object.values(tag.attributes).map((a) => ({ name: a.name, prefix: a.prefix, local: a.local, ns: a.uri, value: a.value })),
      children: [],
      line: startLine,
    };
    elementOf.set(tag, el);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root ??= el; // a second root is reported by saxes and left out of the tree
    stack.push(el);
  });
  parser.on('closetag', (tag) => {
    const el = elementOf.get(tag);
    if (el === undefined || !stack.includes(el)) return;
    while (stack.pop() !== el) {
      // unwind elements saxes closed implicitly after a mismatched end tag
    }
  });
  const appendText = (value: string, cdata: boolean): void => {
    stack[stack.length - 1]?.children.push({ type: 'text', value, cdata });
  };
  parser.on('text', (text) => appendText(text, false));
  parser.on('cdata', (text) => appendText(text, true));

  parser.write(input).close();
  return { root, problems };
}

// --- tree helpers -----------------------------------------------------------

export function childElements(el: XmlElement, local?: string, ns?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => c.type === 'element' && (local === undefined || c.local === local) && (ns === undefined || c.ns === ns),
  );
}

export function getAttr(el: XmlElement, local: string, ns = ''): string | undefined {
  return el.attributes.find((a) => a.local === local && a.ns === ns)?.value;
}

/** Concatenated descendant text (decoded, CDATA verbatim). */
export function textContent(node: XmlNode): string {
  if (node.type === 'text') return node.value;
  return node.children.map(textContent).join('');
}
