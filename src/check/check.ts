import { isUtf8 } from "node:buffer";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { error, type Diagnostic } from "../common/diagnostics.js";
import { isUri } from "../common/url.js";
import { rfc3339Problem, rfc822Problem } from "./dates.js";
import { Findings, type Finding, type ItemRef } from "./findings.js";
import { checkJson, checkJsonByItem } from "./json.js";

export { MAX_FINDINGS } from "./findings.js";

/**
 * The self-check: a feed's bytes against the rules of its format that decide whether readers can
 * read it, as diagnostics (file, line, the rule as `field`, the item). Pure: bytes in, findings
 * out. The build runs it on every feed before the first rename (src/write/write.ts); `feedwright
 * check` runs it on any file or URL (src/check/cli.ts).
 *
 * XML goes through saxes, a strict, namespace-aware streaming parser (disallowed characters,
 * undefined entities, `]]>` in text, `<` or a bare `&` in attributes, unbound prefixes, one root):
 * one pass whose events also feed the structural rules, so no tree is built. JSON goes through
 * JSON.parse (./json.ts), item by item when the feed is clean.
 */
export type FeedFormat = "rss" | "atom" | "json";

export interface CheckResult {
  /** undefined when the bytes are no feed of a known format (and that is the finding). */
  format?: FeedFormat;
  items: number;
  /** How many violations were found, listed or not (see MAX_FINDINGS). */
  violations: number;
  diagnostics: Diagnostic[];
}

const ATOM = "http://www.w3.org/2005/Atom";
/** RFC 5005's relations between a feed and its archive documents. */
const ARCHIVE_RELATIONS = ["prev-archive", "next-archive", "current"] as const;
/** What a finding calls a WebSub hub link (README "WebSub"). */
const HUB_LINK = 'the WebSub hub link (rel="hub") href';

/**
 * Checks one feed; `file` is how diagnostics name it. The chunks are read in order and may be
 * reused by the caller afterwards.
 *
 * XML is read twice only when something is wrong: the first pass hands saxes each long run of
 * character data (the items' escaped HTML, most of the bytes) as one letter, once a regular
 * expression has found nothing in it that XML forbids in text; that cuts the parser's work by two
 * thirds. The shortcut can only add findings (a run it shortened was no text after all, or a
 * value the rules read became `x`), never hide one, so any finding sends the feed through the
 * plain pass, which gives the findings and their lines. JSON likewise: its first pass parses the
 * items one by one (checkJsonByItem) and answers only for a clean feed.
 */
export function checkFeed(chunks: readonly Uint8Array[], file: string): CheckResult {
  const first = firstByte(chunks);
  const fast = first === 0x7b ? (checkJsonPieces(chunks) ?? checkJsonShortened(chunks)) : first === 0x3c ? checkShortened(chunks) : undefined;
  const result = fast && fast.violations === 0 ? fast : checkOnce(chunks);
  return { format: result.format, items: result.items, violations: result.violations, diagnostics: toDiagnostics(result.findings, file) };
}

export type Pass = Omit<CheckResult, "diagnostics"> & { findings: Findings };

/** The first byte that is not whitespace (XML's and JSON's: space, tab, CR, LF), or undefined. */
function firstByte(chunks: readonly Uint8Array[]): number | undefined {
  for (const chunk of chunks) {
    for (const byte of chunk) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return undefined;
}

function checkJsonPieces(chunks: readonly Uint8Array[]): Pass | undefined {
  const items = checkJsonByItem(chunks);
  return items === undefined ? undefined : { format: "json", items, violations: 0, findings: new Findings() };
}

/**
 * The JSON pass for a feed checkJsonByItem leaves (an item too long to parse alone, or a
 * finding): the document with every long string (more than LONG_RUN bytes, some letter or digit
 * among them: never blank) written as `"x"`, parsed, and its rules checked. As with XML, a
 * shortened value can only add findings (two long ids become one, a long URL no URL), and any
 * finding, a raw control character or a bad escape sends the feed through the plain pass.
 */
function checkJsonShortened(chunks: readonly Uint8Array[]): Pass | undefined {
  if (!chunks.every((chunk) => isUtf8(chunk))) return undefined;
  const text = shortenedJson(chunks);
  if (text === undefined) return undefined;
  const findings = new Findings();
  const items = checkJson(text, findings);
  return { format: "json", items, violations: findings.list.length + findings.more, findings };
}

/** `"\\/bfnrtu` by byte: what may follow a backslash in a JSON string. */
const JSON_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74, 0x75]);
const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlphanumeric = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The JSON text of UTF-8 chunks with each long string's content as `x`; undefined when a string holds what JSON forbids in one, or never ends. */
function shortenedJson(chunks: readonly Uint8Array[]): string | undefined {
  const kept: Uint8Array[] = [];
  const x = Buffer.from("x");
  let inString = false;
  /** After a backslash: 1; hex digits of a \u escape still to come: 2-5 (minus one). */
  let escape = 0;
  let length = 0;
  let letter = false;
  // A string's bytes so far, from earlier chunks, while it may still be short.
  let pending: Uint8Array[] = [];
  for (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (!inString) {
        if (c === 0x22) {
          kept.push(chunk.subarray(from, i + 1));
          from = i + 1;
          inString = true;
          length = 0;
          letter = false;
          pending = [];
        }
        continue;
      }
      if (escape === 1) {
        if (!JSON_ESCAPES.has(c)) return undefined;
        escape = c === 0x75 ? 5 : 0;
      } else if (escape > 1) {
        if (!isHexDigit(c)) return undefined;
        escape = escape === 2 ? 0 : escape - 1;
      } else if (c === 0x5c) escape = 1;
      else if (c === 0x22) {
        if (length > LONG_RUN && letter) kept.push(x);
        else kept.push(...pending, chunk.subarray(from, i));
        pending = [];
        from = i;
        inString = false;
        continue;
      } else if (c < 0x20) return undefined;
      else if (!letter && isAlphanumeric(c)) letter = true;
      length++;
    }
    if (!inString) kept.push(chunk.subarray(from));
    // A string long already is written as `x`: its bytes need not be kept.
    else if (length <= LONG_RUN || !letter) pending.push(chunk.subarray(from));
  }
  if (inString) return undefined;
  return Buffer.concat(kept).toString("utf8");
}

/**
 * The first pass over XML whose every chunk is whole UTF-8: the regular expressions run on the
 * bytes read as Latin-1 (one byte a character, so no decoding; a multi-byte character is bytes
 * of 0x80 and above, none of which the expressions look for), and only what is left of the
 * document is decoded for the parser. undefined for a DTD, or chunks that are not UTF-8 each:
 * the plain pass reads those.
 */
export function checkShortened(chunks: readonly Uint8Array[]): Pass | undefined {
  if (!chunks.every((chunk) => isUtf8(chunk))) return undefined;
  const findings = new Findings();
  const xml = new XmlCheck(findings, false);
  const carry = new UpToLastTag();
  let started = false;
  for (let text of cutBeforeTags(chunks, carry)) {
    if (!started) {
      const first = /\S/.exec(text);
      if (!first) continue;
      if (first[0] !== "<" || /<!DOCTYPE/i.test(text)) return undefined;
      started = true;
      if (text.startsWith("\xEF\xBB\xBF")) text = text.slice(3);
    }
    xml.write(Buffer.from(shortenRuns(text), "latin1").toString("utf8"));
  }
  if (!started || carry.notPlain) return undefined;
  xml.write(Buffer.from(carry.rest(), "latin1").toString("utf8"));
  const done = xml.close();
  return { format: done.format, items: done.items, violations: findings.list.length + findings.more, findings };
}

/** The plain pass: every character through the parser; JSON parsed. */
function checkOnce(chunks: readonly Uint8Array[]): Pass {
  const findings = new Findings();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let format: FeedFormat | "xml" | undefined;
  let xml: XmlCheck | undefined;
  const json: string[] = [];
  let items = 0;
  // XML text after the last `<` of what was decoded: a run of text may go on in the next chunk.
  const carry = new UpToLastTag();
  try {
    for (const chunk of pieces(chunks)) {
      const text = decoder.decode(chunk, { stream: true });
      if (format === undefined) {
        const first = /\S/.exec(text)?.[0];
        if (first === undefined) continue;
        format = first === "{" || first === "[" ? "json" : "xml";
        if (format === "xml") xml = new XmlCheck(findings);
      }
      if (!xml) {
        json.push(text);
        continue;
      }
      const head = carry.take(text);
      if (head !== undefined) xml.write(head);
    }
    const rest = decoder.decode();
    if (xml) xml.write(carry.rest() + rest);
    else json.push(rest);
  } catch {
    findings.add({ rule: "utf-8", message: "is not valid UTF-8: readers refuse or garble it. Write the file as UTF-8" });
    return { items: 0, violations: 1, findings };
  }
  let detected: FeedFormat | undefined;
  if (xml) {
    const done = xml.close();
    detected = done.format;
    items = done.items;
  } else if (format === "json") {
    detected = "json";
    items = checkJson(json.join(""), findings);
  } else {
    findings.add({ rule: "feed-format", message: "is empty: no RSS, Atom or JSON feed" });
  }
  return { format: detected, items, violations: findings.list.length + findings.more, findings };
}

/**
 * 64 KB: V8 puts a string of more than about 128 KB in its large-object space, where making one
 * costs many times the copy (a feed of 140 KB decoded whole: 15-20 ns a byte; in pieces: under 1 ns).
 */
const PIECE = 64 << 10;

/** The chunks in pieces of at most PIECE bytes, each decoded on its own. */
function* pieces(chunks: readonly Uint8Array[]): Generator<Uint8Array> {
  for (const chunk of chunks) {
    if (chunk.byteLength <= PIECE) yield chunk;
    else for (let at = 0; at < chunk.byteLength; at += PIECE) yield chunk.subarray(at, at + PIECE);
  }
}

/**
 * The chunks as Latin-1 text in pieces of about PIECE bytes, each cut on the bytes just
 * before its last `<`, so a run of character data reaches shortenRuns whole and a piece is one
 * string as decoded, not a join of the last piece's tail and this one (a copy of the whole
 * feed, and garbage for the collector, which on two loaded vCPUs is slow). What has no `<` yet
 * (a run longer than a piece, a chunk's end) waits in `carry`; what is left at the end is
 * `carry.rest()`.
 */
function* cutBeforeTags(chunks: readonly Uint8Array[], carry: UpToLastTag): Generator<string> {
  // A run longer than LONG_KEPT is not kept whole: it is checked as it goes (PlainRun) and given as `x`.
  let skipping: PlainRun | undefined;
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at < bytes.length; ) {
      const end = Math.min(at + PIECE, bytes.length);
      if (skipping) {
        const lt = bytes.indexOf(0x3c, at);
        const stop = lt === -1 || lt >= end ? end : lt;
        if (!skipping.add(bytes.toString("latin1", at, stop), stop === lt)) return void (carry.notPlain = true);
        if (stop === lt) skipping = undefined;
        at = stop;
        continue;
      }
      // The last `<` in the window, after its first byte: cut there; none, the window waits whole.
      // (Searched in the window alone: from the chunk's end back, a long run would be read again for every window.)
      const inWindow = bytes.subarray(at, end).lastIndexOf(0x3c);
      const lt = inWindow > 0 ? at + inWindow : -1;
      const cut = lt === -1 ? end : lt;
      const head = carry.take(bytes.toString("latin1", at, cut), cut === lt);
      if (head !== undefined) yield head;
      else if (carry.length > LONG_KEPT) {
        const opened = carry.openRun();
        if (opened) {
          skipping = new PlainRun();
          if (!/\S/.test(opened.run) || !skipping.add(opened.run, false)) return void (carry.notPlain = true);
          yield `${opened.head}x`;
        }
      }
      at = cut;
    }
  }
  // A run open at the end is text after the root: the plain pass says so.
  if (skipping) carry.notPlain = true;
}

/**
 * Text handed on up to its last `<`, the rest kept for the next piece: a run of character data
 * that goes on over several chunks reaches the parser (and shortenRuns) whole. The kept pieces
 * are joined once, when a `<` comes: a 100 MB item is not copied again for every chunk.
 */
class UpToLastTag {
  private kept: string[] = [];
  /** Characters kept. */
  length = 0;
  /** The kept text was found no tag and run (openRun): not looked at again until the next `<`. */
  private noRun = false;
  /** A run too long to keep was no plain text after all (cutBeforeTags): the plain pass must read the feed. */
  notPlain = false;

  /**
   * What may be written now (everything before the piece's last `<`), or undefined: keep reading.
   * `endsBeforeTag`: the piece was cut just before a `<` (cutBeforeTags), so all of it may go.
   */
  take(piece: string, endsBeforeTag = false): string | undefined {
    if (endsBeforeTag) {
      const head = this.kept.length === 0 ? piece : this.kept.join("") + piece;
      this.kept = [];
      this.length = 0;
      this.noRun = false;
      return head === "" ? undefined : head;
    }
    const cut = piece.lastIndexOf("<");
    if (cut === -1) {
      this.kept.push(piece);
      this.length += piece.length;
      return undefined;
    }
    const head = this.kept.join("") + piece.slice(0, cut);
    this.kept = [piece.slice(cut)];
    this.length = piece.length - cut;
    this.noRun = false;
    return head === "" ? undefined : head;
  }

  /**
   * The kept text as a tag (up to its first `>`) and the run of text after it, which is let go;
   * undefined when it is not (no `>` yet). For shortenRuns' runs too long to be kept whole.
   */
  openRun(): { head: string; run: string } | undefined {
    if (this.noRun) return undefined;
    const kept = this.kept.join("");
    const gt = kept.indexOf(">");
    if (!kept.startsWith("<") || gt === -1) {
      this.kept = [kept];
      this.noRun = true;
      return undefined;
    }
    this.kept = [];
    this.length = 0;
    return { head: kept.slice(0, gt + 1), run: kept.slice(gt + 1) };
  }

  rest(): string {
    return this.kept.join("");
  }
}

/**
 * Character data between a `>` and the next `<` that holds nothing XML forbids in text nor what
 * would make it other than text (a comment's `--`, a PI's `?>`, `]]>`): no disallowed character,
 * no reference but the five predefined entities. Such a run becomes `x` when it is longer than
 * LONG_RUN, or than PROSE_RUN in a prose element (whose text no rule reads: a summary), unless
 * it is only spaces (an empty element must stay empty); a run of only spaces (the indentation
 * between tags) is left out. Either way what the rules read keeps its emptiness, and what the
 * parser sees stays well-formed exactly when the document is (the bytes either side of a run
 * are `>` and `<`, so taking it out joins nothing into `--`, `?>` or `]]>`); saxes works per
 * character and per text event, and these runs are half of what is left of a feed after its
 * content.
 */
const LONG_RUN = 512;
const PROSE_RUN = 32;
/** The elements whose text no rule reads, as the document opens them: RSS's description and content:encoded, Atom's summary and content (with attributes). */
const PROSE = ["<description>", "<content:encoded>", "<summary", "<content>", "<content "];
/** What keeps a run from being plain text, in one pass (U+FFFE and U+FFFF are EF BF BE and EF BF BF in the Latin-1 reading of UTF-8; whole UTF-8 has no surrogates). */
const NOT_PLAIN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|&(?!lt;|gt;|amp;|quot;|apos;)|\]\]>|--|\?>|\xEF\xBF[\xBE\xBF]/;
const ONLY_SPACES = /^[ \t\r\n]*$/;

/** Nothing XML forbids in text, on Latin-1 text of UTF-8 bytes. */
function isPlainText(text: string): boolean {
  return !NOT_PLAIN.test(text);
}

/** The element opened by the tag that ends at `gt` is a prose element. */
function inProse(text: string, gt: number): boolean {
  const lt = text.lastIndexOf("<", gt);
  return lt !== -1 && PROSE.some((open) => text.startsWith(open, lt));
}

/**
 * From this many characters kept (a run of text, after the last `<`), the run is checked piece by
 * piece (PlainRun) instead of whole: a large item's escaped content is one run of its whole size
 * (a 60 MB post: 111 MB, kept and joined, twice that for a moment).
 */
const LONG_KEPT = 1 << 20;

/**
 * isPlainText over a run given in pieces, holding only its last characters: those a `]]>` or an
 * entity reference (`&quot;`, six characters) begun in one piece may end in the next with.
 */
class PlainRun {
  private tail = "";

  /** Whether the run is still plain text; `ends` when this is its last piece. */
  add(piece: string, ends: boolean): boolean {
    const text = this.tail + piece;
    if (ends) return isPlainText(text);
    // A `&` among the last six characters is looked at again with what follows it.
    const amp = text.indexOf("&", Math.max(0, text.length - 6));
    const checked = amp === -1 ? text.length : amp;
    if (!isPlainText(text.slice(0, checked))) return false;
    this.tail = text.slice(Math.min(checked, Math.max(0, text.length - 2)));
    return true;
  }
}

function shortenRuns(text: string): string {
  // Most pieces hold nothing of the kind anywhere: then no run needs its own test.
  const clean = isPlainText(text);
  const parts: string[] = [];
  let from = 0;
  for (let gt = text.indexOf(">"); gt !== -1; ) {
    const lt = text.indexOf("<", gt + 1);
    const end = lt === -1 ? text.length : lt;
    const length = end - gt - 1;
    if (length > 0) {
      const run = text.slice(gt + 1, end);
      if (ONLY_SPACES.test(run)) {
        parts.push(text.slice(from, gt + 1));
        from = end;
      } else if ((length > LONG_RUN || (length > PROSE_RUN && inProse(text, gt))) && (clean || isPlainText(run))) {
        parts.push(text.slice(from, gt + 1), "x");
        from = end;
      }
    }
    if (lt === -1) break;
    gt = text.indexOf(">", lt);
  }
  parts.push(text.slice(from));
  return parts.join("");
}

function toDiagnostics(findings: Findings, file: string): Diagnostic[] {
  const out = findings.list.map((f) =>
    error(file, `${f.item ? `${describeItem(f.item)}: ` : ""}${f.message}`, { field: f.rule, ...(f.line !== undefined ? { line: f.line } : {}), ...(f.column !== undefined ? { column: f.column } : {}) }),
  );
  if (findings.more > 0) out.push(error(file, `and ${findings.more} more violation(s) not listed`));
  return out;
}

function describeItem(item: ItemRef): string {
  return item.id === undefined ? `item ${item.position}` : `item ${item.position} (id '${item.id.length > 200 ? `${item.id.slice(0, 200)}…` : item.id}')`;
}

/** A URI or a relative reference (RFC 3986 §4.1), by the project's grammar: a reference is what follows a scheme. */
function isUriReference(text: string): boolean {
  if (isUri(text)) return true;
  // A relative path's first segment must not hold ':' (it would read as a scheme).
  return !/^[^/?#]*:/.test(text) && isUri(`x:${text}`);
}

// ---------------------------------------------------------------------------
// XML: RSS 2.0 and Atom (RFC 4287)
// ---------------------------------------------------------------------------

/** An open element the rules care about: its name, attributes, start, and text when the rule needs it. */
interface Open {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  line: number;
  column: number;
  /** Collected only for the children whose text a rule reads (TEXT_OF). */
  text: string | undefined;
  /** Any non-space text or child element inside (for "present and not empty"). */
  filled: boolean;
}

/** What a channel, feed, item or entry holds, by child name: counts and the first text and attributes. */
interface Scope {
  kind: "channel" | "item" | "feed" | "entry" | "author";
  line: number;
  column: number;
  position: number;
  counts: Map<string, number>;
  texts: Map<string, string>;
  filled: Set<string>;
  /** Elements with their attributes and text, for those checked one by one (links, authors, categories, enclosures). */
  elements: Open[];
  authorsWithoutName: number;
}

/** Children checked one by one (Scope.elements), with their attributes. */
const ONE_BY_ONE = new Set(["link", "category", "enclosure", "source", "content", "author", "guid"]);
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** The attributes without a namespace, by local name. */
function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const name in tag.attributes) {
    const attr = tag.attributes[name]!;
    if (attr.uri === "") attrs[attr.local] = attr.value;
  }
  return attrs;
}

/** Children whose text a rule reads (short values: titles, ids, dates, links). */
const TEXT_OF = new Set(["title", "link", "guid", "pubDate", "lastBuildDate", "author", "id", "updated", "published", "url", "name", "icon", "logo", "comments", "docs"]);

class XmlCheck {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: Open[] = [];
  private readonly scopes: Scope[] = [];
  private root?: { ns: string; local: string; attrs: Record<string, string> };
  private format?: "rss" | "atom";
  private items = 0;
  private channels = 0;
  private feedScope?: Scope;
  private readonly entryAuthors: { entry: ItemRef; line: number; has: boolean }[] = [];
  private readonly ids = new Map<string, number>();
  private wellFormed = true;
  private startLine = 1;
  private startColumn = 1;

  /** `lines`: where each element begins, for the findings' lines (the first pass, whose findings are never shown, goes without). */
  constructor(
    private readonly findings: Findings,
    lines = true,
  ) {
    this.parser.on("error", (cause) => {
      if (!this.wellFormed) return;
      // Only the first: after an error saxes goes on, but what follows is guesswork.
      this.wellFormed = false;
      this.findings.add({ rule: "xml-well-formed", message: `is not well-formed XML: ${cause.message.replace(/^\d+:\d+: /, "").replace(/\.$/, "")}; every reader rejects the whole file`, line: this.parser.line, column: this.parser.column });
    });
    if (lines) {
      this.parser.on("opentagstart", () => {
        this.startLine = this.parser.line;
        this.startColumn = this.parser.column;
      });
    }
    this.parser.on("opentag", (tag) => this.open(tag));
    this.parser.on("closetag", () => this.closeTag());
    this.parser.on("text", (text) => this.text(text));
    this.parser.on("cdata", (text) => this.text(text));
  }

  write(text: string): void {
    if (text !== "" && this.wellFormed) this.parser.write(text);
  }

  close(): { format?: FeedFormat; items: number } {
    if (this.wellFormed) this.parser.close();
    if (!this.wellFormed) return { format: this.format, items: this.items };
    if (!this.root) this.add({ rule: "feed-format", message: "has no root element" });
    else if (this.format === "rss" && this.channels !== 1) this.add({ rule: "rss-channel", message: `RSS 2.0 has exactly one <channel> in <rss>; this has ${this.channels}` });
    if (this.format === "atom" && this.feedScope) this.closeAtomFeed(this.feedScope);
    return { format: this.format, items: this.items };
  }

  private text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (top.text !== undefined) top.text += text;
    if (!top.filled && /\S/.test(text)) top.filled = true;
  }

  private open(tag: SaxesTagNS): void {
    const depth = this.stack.length;
    const parent = this.stack[depth - 1];
    if (parent) parent.filled = true;
    const scope = this.scopes[this.scopes.length - 1];
    // Direct children of a scope are what the rules read; deeper elements only fill their parent.
    const child = scope !== undefined && this.isScopeChild(depth);
    const local = tag.local;
    const kept = child && ONE_BY_ONE.has(local);
    // Attributes only where a rule reads them (the root, the elements checked one by one): most elements need no object of them.
    const attrs = depth === 0 || kept ? attributesOf(tag) : NO_ATTRIBUTES;
    const el: Open = { ns: tag.uri, local, attrs, line: this.startLine, column: this.startColumn, text: child && TEXT_OF.has(local) ? "" : undefined, filled: false };
    if (depth === 0) this.openRoot(tag, attrs);
    if (kept) scope.elements.push(el);
    this.stack.push(el);
    const kind = this.scopeKind(el, depth);
    if (kind) this.scopes.push(newScope(kind, el, kind === "item" || kind === "entry" ? ++this.items : 0));
  }

  /** The element at `depth` is a direct child of the innermost scope. */
  private isScopeChild(depth: number): boolean {
    return this.scopeDepths[this.scopes.length - 1] === depth - 1;
  }

  private readonly scopeDepths: number[] = [];

  private scopeKind(el: Open, depth: number): Scope["kind"] | undefined {
    let kind: Scope["kind"] | undefined;
    if (this.format === "rss") {
      if (depth === 1 && el.ns === "" && el.local === "channel") {
        this.channels++;
        kind = "channel";
      } else if (depth === 2 && el.ns === "" && el.local === "item" && this.scopes[0]?.kind === "channel") kind = "item";
    } else if (this.format === "atom") {
      if (depth === 0) kind = "feed";
      else if (depth === 1 && el.ns === ATOM && el.local === "entry") kind = "entry";
      else if (el.ns === ATOM && el.local === "author" && this.isScopeChild(depth)) kind = "author";
    }
    if (kind) this.scopeDepths.push(depth);
    return kind;
  }

  private openRoot(tag: SaxesTagNS, attrs: Record<string, string>): void {
    this.root = { ns: tag.uri, local: tag.local, attrs };
    if (tag.uri === "" && tag.local === "rss") {
      this.format = "rss";
      if (attrs.version !== "2.0") this.add({ rule: "rss-version", message: `<rss version="${attrs.version ?? ""}">: this checks RSS 2.0, whose root is <rss version="2.0">`, line: this.startLine });
    } else if (tag.uri === ATOM && tag.local === "feed") this.format = "atom";
    else this.add({ rule: "feed-format", message: `has the root element <${tag.name}>${tag.uri ? ` (namespace ${tag.uri})` : ""}: neither RSS 2.0 (<rss version="2.0">) nor Atom (<feed xmlns="${ATOM}">)`, line: this.startLine });
  }

  private closeTag(): void {
    const el = this.stack.pop();
    if (!el) return;
    const depth = this.stack.length;
    const scope = this.scopes[this.scopes.length - 1];
    if (scope && this.scopeDepths[this.scopes.length - 1] === depth) {
      this.scopes.pop();
      this.scopeDepths.pop();
      const outer = this.scopes[this.scopes.length - 1];
      if (scope.kind === "channel") this.closeChannel(scope);
      else if (scope.kind === "item") this.closeItem(scope);
      else if (scope.kind === "entry") this.closeEntry(scope);
      else if (scope.kind === "author" && outer && !scope.counts.has("name")) outer.authorsWithoutName++;
      else if (scope.kind === "feed") this.feedScope = scope;
    }
    // The element as a child of the scope around it: counted, its text and whether it is empty kept.
    const outer = this.scopes[this.scopes.length - 1];
    if (outer && this.scopeDepths[this.scopes.length - 1] === depth - 1) {
      const key = el.ns === ATOM && this.format === "rss" ? `atom:${el.local}` : el.ns === "" || el.ns === ATOM ? el.local : `{${el.ns}}${el.local}`;
      outer.counts.set(key, (outer.counts.get(key) ?? 0) + 1);
      if (el.text !== undefined && !outer.texts.has(key)) outer.texts.set(key, el.text.trim());
      if (el.filled) outer.filled.add(key);
    }
  }

  /** A structural finding; after a well-formedness error there are none (what the parser saw next is guesswork). */
  private add(finding: Finding): void {
    if (this.wellFormed) this.findings.add(finding);
  }

  private uri(value: string | undefined, rule: string, what: string, at: { line: number; column?: number }, item?: ItemRef, reference = false): void {
    if (value === undefined) return;
    if (reference ? isUriReference(value) : isUri(value)) return;
    this.add({ rule, message: `${what} '${value}' is not ${reference ? "a URI reference" : "an absolute URI"} by RFC 3986: readers resolve or refuse it differently. Percent-encode what RFC 3986 does not allow raw`, line: at.line, item });
  }

  private date(value: string | undefined, rss: boolean, rule: string, what: string, at: { line: number }, item?: ItemRef): void {
    if (value === undefined) return;
    const problem = rss ? rfc822Problem(value) : rfc3339Problem(value);
    if (problem) this.add({ rule, message: `${what} '${value}' ${problem}`, line: at.line, item });
  }

  private unique(id: string | undefined, rule: string, what: string, item: ItemRef, line: number): void {
    if (id === undefined || id === "") return;
    const first = this.ids.get(id);
    if (first !== undefined) this.add({ rule, message: `has the ${what} of item ${first}: readers keep one of them and drop the other. Every item needs its own`, line, item });
    else this.ids.set(id, item.position);
  }

  private closeChannel(s: Scope): void {
    const at = { line: s.line };
    for (const name of ["title", "link", "description"]) {
      if (!s.counts.get(name)) this.add({ rule: `rss-channel-${name}`, message: `the <channel> has no <${name}>, which RSS 2.0 requires`, line: s.line });
    }
    if (s.counts.get("title") && !s.texts.get("title")) this.add({ rule: "rss-channel-title", message: "the <channel>'s <title> is empty; readers show the feed without a name", line: s.line });
    this.uri(s.texts.get("link"), "rss-uri", "the channel's <link>", at);
    this.date(s.texts.get("lastBuildDate"), true, "rss-date", "the channel's <lastBuildDate>", at);
    this.date(s.texts.get("pubDate"), true, "rss-date", "the channel's <pubDate>", at);
    for (const el of s.elements) if (el.local === "link" && el.ns === ATOM) this.uri(el.attrs.href, el.attrs.rel === "hub" ? "websub-hub" : "rss-uri", el.attrs.rel === "hub" ? HUB_LINK : "the <atom:link> href", el);
    this.archiveLinks(s, "the <channel>");
  }

  /**
   * RFC 5005's links (the feed's `atom:link`s): at most one of each archive relation, and none to
   * the document itself (a reader following the chain would never leave it).
   */
  private archiveLinks(s: Scope, where: string): void {
    const links = s.elements.filter((el) => el.local === "link" && el.ns === ATOM);
    const self = links.find((el) => el.attrs.rel === "self")?.attrs.href;
    for (const rel of ARCHIVE_RELATIONS) {
      const found = links.filter((el) => el.attrs.rel === rel);
      if (found.length > 1) this.add({ rule: "archive-links", message: `${where} has ${found.length} links rel="${rel}"; RFC 5005 gives a document one, and readers follow only one`, line: found[1]!.line });
      const loop = found.find((el) => rel !== "current" && self !== undefined && el.attrs.href === self);
      if (loop) this.add({ rule: "archive-links", message: `${where}'s link rel="${rel}" is its own self link: a reader walking the archives would never leave this document`, line: loop.line });
    }
  }

  private closeItem(s: Scope): void {
    const guid = s.texts.get("guid");
    const item: ItemRef = { position: s.position, id: guid || s.texts.get("link") || undefined };
    const at = { line: s.line };
    if (!s.filled.has("title") && !s.filled.has("description")) this.add({ rule: "rss-item-title-or-description", message: "has neither a <title> nor a <description>; RSS 2.0 requires one of them", line: s.line, item });
    const authors = s.counts.get("author") ?? 0;
    if (authors > 1) this.add({ rule: "rss-one-author", message: `has ${authors} <author> elements; RSS 2.0 allows one (an e-mail address; more names belong in <dc:creator>)`, line: s.line, item });
    const author = s.texts.get("author");
    if (author !== undefined && !/[^\s@<>]+@[^\s@<>]+/.test(author)) this.add({ rule: "rss-author-email", message: `<author>${author}</author> holds no e-mail address, which RSS 2.0 requires there (a name alone belongs in <dc:creator>)`, line: s.line, item });
    this.uri(s.texts.get("link"), "rss-uri", "the <link>", at, item);
    this.uri(s.texts.get("comments"), "rss-uri", "the <comments>", at, item);
    const permaLink = s.elements.find((el) => el.local === "guid" && el.ns === "")?.attrs.isPermaLink;
    if (guid !== undefined && permaLink !== "false") this.uri(guid, "rss-uri", "the <guid> (a permalink unless isPermaLink=\"false\")", at, item);
    if (s.counts.has("guid") && !guid) this.add({ rule: "rss-guid", message: "has an empty <guid>", line: s.line, item });
    this.unique(guid, "unique-id", "<guid>", item, s.line);
    this.date(s.texts.get("pubDate"), true, "rss-date", "the <pubDate>", at, item);
    for (const el of s.elements) {
      if (el.ns !== "") continue;
      if (el.local === "enclosure") {
        const missing = ["url", "length", "type"].filter((name) => el.attrs[name] === undefined);
        if (missing.length) this.add({ rule: "rss-enclosure", message: `has an <enclosure> without ${missing.join(", ")}; RSS 2.0 requires url, length and type`, line: el.line, item });
        if (el.attrs.length !== undefined && !/^\d+$/.test(el.attrs.length)) this.add({ rule: "rss-enclosure", message: `has an <enclosure> length '${el.attrs.length}', not a number of bytes`, line: el.line, item });
        this.uri(el.attrs.url, "rss-uri", "the <enclosure> url", el, item);
      }
      if (el.local === "source") this.uri(el.attrs.url, "rss-uri", "the <source> url", el, item);
    }
  }

  private closeAtomFeed(s: Scope): void {
    this.atomCommon(s, undefined);
    const hasAuthor = (s.counts.get("author") ?? 0) > 0;
    if (!hasAuthor) {
      const without = this.entryAuthors.filter((e) => !e.has);
      for (const entry of without) this.add({ rule: "atom-author", message: "has no <author>, and neither has the feed; RFC 4287 requires one for the feed or for every entry", line: entry.line, item: entry.entry });
    }
    const self = s.elements.some((el) => el.local === "link" && el.ns === ATOM && el.attrs.rel === "self");
    if (!self) this.add({ rule: "atom-self-link", message: "the <feed> has no <link rel=\"self\">: readers cannot tell where the feed lives, and RFC 4287 says a feed should have one", line: s.line });
    for (const name of ["icon", "logo"]) this.uri(s.texts.get(name), "atom-uri", `the feed's <${name}>`, s, undefined, true);
    this.archiveLinks(s, "the <feed>");
  }

  private closeEntry(s: Scope): void {
    const id = s.texts.get("id");
    const item: ItemRef = { position: s.position, id: id || undefined };
    this.atomCommon(s, item);
    this.entryAuthors.push({ entry: item, line: s.line, has: (s.counts.get("author") ?? 0) > 0 || (s.counts.get("source") ?? 0) > 0 });
    this.unique(id, "unique-id", "<id>", item, s.line);
    this.date(s.texts.get("published"), false, "atom-date", "the <published>", s, item);
    const content = s.elements.find((el) => el.local === "content" && el.ns === ATOM);
    const alternate = s.elements.some((el) => el.local === "link" && el.ns === ATOM && (el.attrs.rel ?? "alternate") === "alternate");
    if (!content && !alternate) this.add({ rule: "atom-entry-content", message: "has neither <content> nor <link rel=\"alternate\">; RFC 4287 requires one", line: s.line, item });
    if (content) this.uri(content.attrs.src, "atom-uri", "the <content> src", content, item, true);
    for (const el of s.elements) {
      if (el.local === "category" && el.ns === ATOM && !el.attrs.term) this.add({ rule: "atom-category-term", message: "has a <category> without term, which RFC 4287 requires", line: el.line, item });
    }
  }

  /** What feed and entry share: one id (a URI), title and updated; authors with names; links with href. */
  private atomCommon(s: Scope, item: ItemRef | undefined): void {
    const where = item ? "the <entry>" : "the <feed>";
    const prefix = item ? "atom-entry" : "atom-feed";
    for (const name of ["id", "title", "updated"]) {
      const count = s.counts.get(name) ?? 0;
      if (count !== 1) this.add({ rule: `${prefix}-${name}`, message: `${where} has ${count === 0 ? "no" : count} <${name}>; RFC 4287 requires exactly one`, line: s.line, item });
    }
    const id = s.texts.get("id");
    if (id !== undefined && id === "") this.add({ rule: `${prefix}-id`, message: `${where}'s <id> is empty; RFC 4287 requires a permanent URI`, line: s.line, item });
    else this.uri(id, "atom-uri", `${where}'s <id>`, s, item);
    this.date(s.texts.get("updated"), false, "atom-date", `${where}'s <updated>`, s, item);
    if (s.authorsWithoutName > 0) this.add({ rule: "atom-author", message: `${where} has an <author> without <name>, which RFC 4287 requires`, line: s.line, item });
    for (const el of s.elements) {
      if (el.local !== "link" || el.ns !== ATOM) continue;
      if (el.attrs.href === undefined) this.add({ rule: "atom-link", message: `${where} has a <link> without href`, line: el.line, item });
      // A hub is where subscribers go, not a place in the feed: absolute, or hubs differ on the base.
      else if (el.attrs.rel === "hub") this.uri(el.attrs.href, "websub-hub", HUB_LINK, el, item);
      else this.uri(el.attrs.href, "atom-uri", "a <link> href", el, item, true);
    }
  }
}

function newScope(kind: Scope["kind"], el: Open, position: number): Scope {
  return { kind, line: el.line, column: el.column, position, counts: new Map(), texts: new Map(), filled: new Set(), elements: [], authorsWithoutName: 0 };
}
