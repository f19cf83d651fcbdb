/**
 * Test-support layer: check generated feeds with INDEPENDENT parsers and
 * strict validators. Nothing here imports from src/.
 *
 * Validators
 *   - assertWellFormedXml / wellFormednessProblems  XML 1.0 + Namespaces 1.0
 *   - validateAtom      RELAX NG (RFC 4287 App. B, via xmllint-wasm) + the RFC's
 *                       Schematron rules (xmllint --schematron) + a few RFC 4287
 *                       prose MUSTs the grammar cannot express
 *   - validateRss       structural RSS 2.0 check written from the RSS 2.0 spec
 *   - validateJsonFeed  ajv + ajv-formats against schemas/jsonfeed-1.1.schema.json
 *                       + two spec rules JSON Schema cannot express
 *
 * Readers (normalised to ReadFeed / ReadItem; values are what the library
 * exposes, mapped but not post-processed, except that dates become ISO strings)
 *   - readWithRssParser     rss-parser (xml2js based)
 *   - readWithRowanmanning  @rowanmanning/feed-parser
 *   - readWithFeedparser    feedparser (danmactough, sax/stream based)
 *   - readWithFeedsmith     feedsmith (RSS, Atom and JSON Feed; the format is named by the caller)
 */
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Parser from 'rss-parser';
import { parseFeed } from '@rowanmanning/feed-parser';
import FeedParser from 'feedparser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { childElements, findIllegalXmlChars, getAttr, parseXml, textContent, type XmlElement } from './xml.js';

export { parseXml, type XmlElement, type XmlNode, type XmlAttribute } from './xml.js';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const SCHEMATRON_NS = 'http://www.ascc.net/xml/schematron';

const schemaUrl = (name: string): URL => new URL(`./schemas/${name}`, import.meta.url);

// ---------------------------------------------------------------------------
// Shared small validators
// ---------------------------------------------------------------------------

/**
 * RFC 5646 Language-Tag (langtag / privateuse). Stricter than the ABNF: the
 * primary subtag must be 2-3 letters (ISO 639; the 4-8 letter forms are
 * reserved/unused), and irregular grandfathered tags are rejected.
 */
export const LANGUAGE_TAG_RE =
  /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$/;

/** type "/" subtype, optional parameters (RFC 6838 restricted-name characters). */
export const MIME_TYPE_RE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(?:"[^"]*"|[^\s;"]+))*$/;

/** RFC 3339 `date-time` (section 5.6), with calendar validation. */
export function isRfc3339DateTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  if (h > 23 || mi > 59 || s > 60) return false;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const RFC822_RE =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}|\d{2}) (\d{2}):(\d{2})(?::(\d{2}))? (UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z]|[+-]\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * RFC 822 section 5 date-time, as required by RSS 2.0 ("All date-times in RSS
 * conform to the Date and Time Specification of RFC 822, with the exception
 * that the year may be expressed with two characters or four characters").
 * Strict profile: single spaces, canonical case of day/month names (as the RSS
 * Board validator recommends), real calendar date, day-of-week must match.
 * Returns a problem description, or undefined when valid.
 */
export function rfc822Problem(value: string): string | undefined {
  const m = RFC822_RE.exec(value);
  if (!m) return `"${value}" is not an RFC 822 date-time (e.g. "Wed, 02 Oct 2002 13:00:00 GMT" or "... +0200")`;
  const [, dow, dayS, monS, yearS, hS, minS, secS, zone] = m;
  let year = Number(yearS);
  if ((yearS ?? '').length === 2) year += year < 50 ? 2000 : 1900;
  const month = MONTHS.indexOf(monS ?? '') + 1;
  const day = Number(dayS);
  if (day < 1 || day > daysInMonth(year, month)) return `"${value}": day ${day} does not exist in ${monS} ${year}`;
  if (Number(hS) > 23 || Number(minS) > 59 || (secS !== undefined && Number(secS) > 60)) return `"${value}": time out of range`;
  if (zone && /^[+-]\d{4}$/.test(zone) && Number(zone.slice(3)) > 59) return `"${value}": zone offset minutes out of range`;
  if (dow) {
    const actual = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
    if (actual !== dow) return `"${value}": day of week is ${dow} but ${day} ${monS} ${year} is a ${actual}`;
  }
  return undefined;
}

/** Absolute URI with a scheme, no whitespace, parseable by WHATWG URL. */
export function isAbsoluteUrl(value: string, schemes?: readonly string[]): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    const u = new URL(value);
    return schemes === undefined || schemes.includes(u.protocol.slice(0, -1));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Well-formedness
// ---------------------------------------------------------------------------

/**
 * Returns every well-formedness problem found (empty when the document is
 * well-formed XML 1.0 and namespace-well-formed). Combines:
 * fast-xml-parser's XMLValidator (whose message points at a bare '&', which
 * saxes only reports as an unclosed tag at the end), a scan for characters
 * XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, unpaired
 * surrogates), and saxes via ./xml.ts (character references, undefined
 * entities, one root element, '<' in attribute values, ']]>' in text,
 * undeclared/misdeclared namespace prefixes, ...).
 */
export function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  const v = XMLValidator.validate(xml);
  if (v !== true) problems.push(`fast-xml-parser XMLValidator: ${v.err.code}: ${v.err.msg} (line ${v.err.line}, column ${v.err.col})`);
  problems.push(...findIllegalXmlChars(xml));
  problems.push(...parseXml(xml).problems);
  return problems;
}

/** Throws an Error listing all problems if `xml` is not well-formed (see wellFormednessProblems). */
export function assertWellFormedXml(xml: string): void {
  const problems = wellFormednessProblems(xml);
  if (problems.length > 0) {
    throw new Error(`XML is not well-formed:\n  - ${problems.join('\n  - ')}`);
  }
}

// ---------------------------------------------------------------------------
// Atom
// ---------------------------------------------------------------------------

let atomRngCache: string | undefined;
let atomSchCache: string | undefined;

function atomRng(): string {
  atomRngCache ??= readFileSync(schemaUrl('atom.rng'), 'utf8');
  return atomRngCache;
}

const escAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The RFC's Schematron assertions live as annotations in atom.rng; turn them
 * into a standalone (ISO-predecessor, ascc.net) Schematron schema for
 * `xmllint --schematron`. Each rule gets its own pattern because within one
 * pattern a node only fires the first matching rule.
 */
function atomSchematron(): string {
  if (atomSchCache !== undefined) return atomSchCache;
  const { root, problems } = parseXml(atomRng());
  if (!root || problems.length) throw new Error(`atom.rng is not well-formed: ${problems.join('; ')}`);
  const patterns: string[] = [];
  const walk = (el: XmlElement): void => {
    if (el.ns === SCHEMATRON_NS && el.local === 'rule') {
      const asserts = childElements(el, 'assert', SCHEMATRON_NS).map(
        (a) => `<assert test="${escAttr(getAttr(a, 'test') ?? '')}">${escAttr(textContent(a).trim())}</assert>`,
      );
      patterns.push(`<pattern name="rfc4287-${patterns.length + 1}"><rule context="${escAttr(getAttr(el, 'context') ?? '')}">${asserts.join('')}</rule></pattern>`);
      return;
    }
    childElements(el).forEach(walk);
  };
  walk(root);
  if (patterns.length === 0) throw new Error('no Schematron rules found in atom.rng');
  atomSchCache =
    `<?xml version="1.0" encoding="UTF-8"?>\n<schema xmlns="${SCHEMATRON_NS}"><ns prefix="atom" uri="${ATOM_NS}"/>` +
    `${patterns.join('')}</schema>`;
  return atomSchCache;
}

/**
 * Validates an Atom 1.0 document. Returns an empty array when valid, else
 * messages prefixed with their source:
 *   "well-formedness:"  (then nothing else is checked),
 *   "RELAX NG:"         xmllint-wasm against schemas/atom.rng (RFC 4287 App. B),
 *   "Schematron:"       the RFC's Schematron rules (author / link-or-content),
 *   "RFC 4287 §n:"      MUSTs from the prose that the grammar leaves open
 *                       (RFC 3339 dates, absolute atom:id, duplicate
 *                       alternate links, summary when content has src), and
 *                       a plain restatement of "exactly one id/title/updated"
 *                       because libxml2's interleave errors are cryptic.
 */
export async function validateAtom(xml: string): Promise<string[]> {
  return (await validateAtoms([xml]))[0]!;
}

/** Documents per xmllint run: each run starts a worker thread and compiles libxml2 anew, whatever it validates. */
const ATOMS_PER_RUN = 100;

/**
 * validateAtom for many documents: the same checks and the same messages per document, but one
 * xmllint run per schema for up to ATOMS_PER_RUN of them (a run costs about as much for one
 * document as for a hundred, docs/performance.md). xmllint checks the files one after another and
 * ends each with a "<file> validates" or "<file> fails to validate" line, so the lines before that
 * line are that file's.
 */
export async function validateAtoms(xmls: readonly string[]): Promise<string[][]> {
  const results = xmls.map((xml) => wellFormednessProblems(xml).map((p) => `well-formedness: ${p}`));
  const wellFormed = xmls.map((_, i) => i).filter((i) => results[i]!.length === 0);
  for (let start = 0; start < wellFormed.length; start += ATOMS_PER_RUN) {
    const run = wellFormed.slice(start, start + ATOMS_PER_RUN);
    const input = run.map((i) => ({ fileName: `feed-${i}.xml`, contents: xmls[i]! }));
    const rng = await validateXML({ xml: input, schema: [{ fileName: 'atom.rng', contents: atomRng() }], extension: 'relaxng' });
    const sch = await validateXML({
      xml: input,
      schema: [{ fileName: 'atom.sch', contents: atomSchematron() }],
      extension: 'relaxng',
      modifyArguments: (args) => args.map((a) => (a === '--relaxng' ? '--schematron' : a)),
    });
    const rngLines = linesPerFile(rng.rawOutput, run);
    const schLines = linesPerFile(sch.rawOutput, run);
    for (const i of run) {
      const rngOwn = rngLines.get(i)!;
      // Messages name the file as a single validation does: feed.xml.
      const named = (line: string) => line.replaceAll(`feed-${i}.xml`, 'feed.xml');
      if (rngOwn.failed) results[i]!.push(...(rngOwn.lines.length ? rngOwn.lines : ['feed.xml fails to validate']).map((l) => `RELAX NG: ${named(l)}`));
      const schOwn = schLines.get(i)!;
      if (schOwn.failed) results[i]!.push(...(schOwn.lines.length ? schOwn.lines : ['(schematron failed without a message)']).map((l) => `Schematron: ${named(l)}`));
      const root = parseXml(xmls[i]!).root;
      if (root) results[i]!.push(...atomProseProblems(root));
    }
  }
  return results;
}

/**
 * Atom documents to validate together (validateAtoms) at the end of a test file: `add` each one
 * with the name of its test, then `problems()` in afterAll gives the invalid ones with their errors.
 */
export function atomBatch(): { add(xml: string, label: string): void; problems(): Promise<{ label: string; errors: string[] }[]> } {
  const documents: { xml: string; label: string }[] = [];
  return {
    add: (xml, label) => void documents.push({ xml, label }),
    async problems() {
      const reports = await validateAtoms(documents.map((document) => document.xml));
      return documents.map((document, index) => ({ label: document.label, errors: reports[index]! })).filter((report) => report.errors.length > 0);
    },
  };
}

/** xmllint's output split by file: the non-blank lines before each file's closing status line, and whether it failed. */
function linesPerFile(output: string, run: readonly number[]): Map<number, { lines: string[]; failed: boolean }> {
  const files = new Map(run.map((i) => [i, { lines: [] as string[], failed: false }]));
  let pending: string[] = [];
  let last: { lines: string[]; failed: boolean } | undefined;
  for (const line of output.split('\n')) {
    const status = /^feed-(\d+)\.xml (validates|fails to validate)$/.exec(line);
    const file = status ? files.get(Number(status[1])) : undefined;
    if (file) {
      file.lines.push(...pending);
      file.failed = status![2] !== 'validates';
      pending = [];
      last = file;
    } else if (line.trim() !== '') pending.push(line);
  }
  // Lines after the last status line (none seen so far) belong to the last file.
  if (pending.length > 0) {
    const owner = last ?? files.get(run[run.length - 1]!)!;
    owner.lines.push(...pending);
    owner.failed = true;
  }
  return files;
}

function atomProseProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const visit = (el: XmlElement): void => {
    if (el.ns === ATOM_NS) {
      if (el.local === 'updated' || el.local === 'published') {
        const v = textContent(el);
        if (!isRfc3339DateTime(v)) problems.push(`RFC 4287 §3.3: <${el.name}> (line ${el.line}) "${v}" is not an RFC 3339 date-time with a time zone`);
      }
      if (el.local === 'id') {
        const v = textContent(el);
        if (!isAbsoluteUrl(v)) problems.push(`RFC 4287 §4.2.6: <${el.name}> (line ${el.line}) "${v}" is not an absolute IRI`);
      }
      if (el.local === 'feed' || el.local === 'entry' || el.local === 'source') {
        const seen = new Set<string>();
        for (const link of childElements(el, 'link', ATOM_NS)) {
          const rel = getAttr(link, 'rel') ?? 'alternate';
          if (rel !== 'alternate') continue;
          const key = `${getAttr(link, 'type') ?? ''}|${getAttr(link, 'hreflang') ?? ''}`;
          if (seen.has(key)) problems.push(`RFC 4287 §4.1.1/§4.1.2: <${el.name}> (line ${el.line}) has more than one rel="alternate" link with the same type and hreflang`);
          seen.add(key);
        }
      }
      if (el.local === 'feed' || el.local === 'entry') {
        // Duplicates the grammar, but libxml2's interleave errors for these are
        // cryptic ("Expecting an element contributor, got nothing").
        for (const req of ['id', 'title', 'updated']) {
          const n = childElements(el, req, ATOM_NS).length;
          if (n !== 1) problems.push(`RFC 4287 §4.1.${el.local === 'feed' ? 1 : 2}: <${el.name}> (line ${el.line}) must contain exactly one atom:${req} (found ${n})`);
        }
      }
      if (el.local === 'entry') {
        const content = childElements(el, 'content', ATOM_NS)[0];
        if (content && getAttr(content, 'src') !== undefined && childElements(el, 'summary', ATOM_NS).length === 0) {
          problems.push(`RFC 4287 §4.1.2: <${el.name}> (line ${el.line}) has out-of-line content (src) but no atom:summary`);
        }
      }
    }
    childElements(el).forEach(visit);
  };
  visit(root);
  return problems;
}

// ---------------------------------------------------------------------------
// RSS 2.0
// ---------------------------------------------------------------------------

const RSS_CHANNEL_ELEMENTS = new Set([
  'title', 'link', 'description', 'language', 'copyright', 'managingEditor', 'webMaster', 'pubDate', 'lastBuildDate',
  'category', 'generator', 'docs', 'cloud', 'ttl', 'image', 'rating', 'textInput', 'skipHours', 'skipDays', 'item',
]);
const RSS_CHANNEL_REPEATABLE = new Set(['category', 'item']);
const RSS_ITEM_ELEMENTS = new Set(['title', 'link', 'description', 'author', 'category', 'comments', 'enclosure', 'guid', 'pubDate', 'source']);
/** enclosure: the spec is ambiguous about several per item, so it is not flagged. */
const RSS_ITEM_REPEATABLE = new Set(['category', 'enclosure']);
/** "email (Name)" or bare "email", as in the spec's examples (e.g. "lawyer@boyer.net (Lawyer Boyer)"). */
const RSS_EMAIL_RE = /^[^\s@()<>,;:"[\]]+@[^\s@()<>,;:"[\]]+\.[^\s@()<>,;:"[\]]+(?: \([^()]+\))?$/;

/**
 * Strict structural RSS 2.0 check, written from the RSS 2.0 specification
 * (rssboard.org/rss-specification). Returns a list of problems (empty = valid).
 * Covers: root <rss version="2.0"> with exactly one <channel>; required
 * channel title/link/description; no undefined un-namespaced elements;
 * no duplicated single-valued elements; every item has title or description;
 * guid isPermaLink is "true"/"false" and a permalink guid is an absolute
 * http(s) URL; RFC 822 pubDate/lastBuildDate; enclosure url (absolute http(s))
 * + length (non-negative integer) + type (MIME); author/managingEditor/
 * webMaster contain an e-mail address; an atom:link rel="self" with
 * type="application/rss+xml" and absolute href; channel language is a
 * language tag; plus ttl/docs/comments/source/image/cloud/textInput/skip* basics.
 */
export function validateRss(xml: string): string[] {
  const wf = wellFormednessProblems(xml);
  if (wf.length > 0) return wf.map((p) => `well-formedness: ${p}`);
  const root = parseXml(xml).root;
  if (!root) return ['no root element'];

  const problems: string[] = [];
  const at = (el: XmlElement): string => `<${el.name}> (line ${el.line})`;
  const text = (el: XmlElement): string => textContent(el).trim();

  if (root.local !== 'rss' || root.ns !== '') problems.push(`root element must be <rss> in no namespace, found ${at(root)} in namespace "${root.ns}"`);
  const version = getAttr(root, 'version');
  if (version !== '2.0') problems.push(`<rss> must have version="2.0" (found ${version === undefined ? 'no version' : `"${version}"`})`);
  const channels = childElements(root, 'channel', '');
  if (channels.length !== 1) problems.push(`<rss> must contain exactly one <channel> (found ${channels.length})`);
  for (const other of childElements(root).filter((c) => c.ns === '' && c.local !== 'channel')) {
    problems.push(`${at(other)} is not allowed directly inside <rss>`);
  }
  const channel = channels[0];
  if (!channel) return problems;

  const checkChildren = (parent: XmlElement, allowed: Set<string>, repeatable: Set<string>, what: string): void => {
    const counts = new Map<string, number>();
    for (const c of childElements(parent)) {
      if (c.ns !== '') continue; // namespaced extension elements are allowed
      if (!allowed.has(c.local)) problems.push(`${at(c)} is not an RSS 2.0 ${what} element (extension elements must be namespaced)`);
      counts.set(c.local, (counts.get(c.local) ?? 0) + 1);
    }
    for (const [name, n] of counts) {
      if (n > 1 && allowed.has(name) && !repeatable.has(name)) problems.push(`${what} ${at(parent)} has ${n} <${name}> elements; at most one is allowed`);
    }
  };
  const one = (parent: XmlElement, local: string): XmlElement | undefined => childElements(parent, local, '')[0];
  const checkDate = (el: XmlElement | undefined): void => {
    if (!el) return;
    const p = rfc822Problem(text(el));
    if (p) problems.push(`${at(el)}: ${p}`);
  };
  const checkEmail = (el: XmlElement | undefined): void => {
    if (!el) return;
    if (!RSS_EMAIL_RE.test(text(el))) problems.push(`${at(el)} must contain an e-mail address, optionally followed by a name in parentheses (found "${text(el)}")`);
  };
  const checkUrl = (el: XmlElement | undefined, schemes?: readonly string[]): void => {
    if (!el) return;
    if (!isAbsoluteUrl(text(el), schemes)) problems.push(`${at(el)} must be an absolute ${schemes ? schemes.join('/') + ' ' : ''}URL (found "${text(el)}")`);
  };
  const checkInt = (el: XmlElement | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!el) return;
    const v = text(el);
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) problems.push(`${at(el)} must be an integer in [${min}, ${max}] (found "${v}")`);
  };

  // channel
  checkChildren(channel, RSS_CHANNEL_ELEMENTS, RSS_CHANNEL_REPEATABLE, 'channel');
  for (const req of ['title', 'link', 'description']) {
    const el = one(channel, req);
    if (!el) problems.push(`<channel> is missing required <${req}>`);
    else if (req !== 'description' && text(el) === '') problems.push(`${at(el)} must not be empty`);
  }
  checkUrl(one(channel, 'link'), ['http', 'https']);
  const language = one(channel, 'language');
  if (language && !LANGUAGE_TAG_RE.test(text(language))) problems.push(`${at(language)} "${text(language)}" is not a language tag (e.g. en, en-us)`);
  checkDate(one(channel, 'pubDate'));
  checkDate(one(channel, 'lastBuildDate'));
  checkEmail(one(channel, 'managingEditor'));
  checkEmail(one(channel, 'webMaster'));
  checkUrl(one(channel, 'docs'));
  checkInt(one(channel, 'ttl'), 0);
  const image = one(channel, 'image');
  if (image) {
    for (const req of ['url', 'title', 'link']) if (!one(image, req)) problems.push(`${at(image)} is missing required <${req}>`);
    checkUrl(one(image, 'url'));
    checkUrl(one(image, 'link'));
    checkInt(one(image, 'width'), 1, 144);
    checkInt(one(image, 'height'), 1, 400);
  }
  const cloud = one(channel, 'cloud');
  if (cloud) {
    for (const a of ['domain', 'port', 'path', 'registerProcedure', 'protocol']) {
      if (getAttr(cloud, a) === undefined) problems.push(`${at(cloud)} is missing required attribute ${a}`);
    }
  }
  const textInput = one(channel, 'textInput');
  if (textInput) {
    for (const req of ['title', 'description', 'name', 'link']) if (!one(textInput, req)) problems.push(`${at(textInput)} is missing required <${req}>`);
  }
  const skipHours = one(channel, 'skipHours');
  if (skipHours) for (const h of childElements(skipHours, 'hour', '')) checkInt(h, 0, 23);
  const skipDays = one(channel, 'skipDays');
  if (skipDays) {
    for (const d of childElements(skipDays, 'day', '')) {
      if (!['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].includes(text(d))) problems.push(`${at(d)} must be a day name such as Monday`);
    }
  }
  for (const cat of childElements(channel, 'category', '')) if (text(cat) === '') problems.push(`${at(cat)} must not be empty`);

  const selfLinks = childElements(channel, 'link', ATOM_NS).filter((l) => getAttr(l, 'rel') === 'self');
  if (selfLinks.length !== 1) {
    problems.push(`<channel> must contain exactly one <atom:link rel="self"> (namespace ${ATOM_NS}); found ${selfLinks.length}`);
  }
  for (const self of selfLinks) {
    const type = getAttr(self, 'type');
    if (type !== 'application/rss+xml') problems.push(`${at(self)} rel="self" must have type="application/rss+xml" (found ${type === undefined ? 'none' : `"${type}"`})`);
    const href = getAttr(self, 'href') ?? '';
    if (!isAbsoluteUrl(href, ['http', 'https'])) problems.push(`${at(self)} rel="self" must have an absolute http(s) href (found "${href}")`);
  }

  // items
  for (const item of childElements(channel, 'item', '')) {
    checkChildren(item, RSS_ITEM_ELEMENTS, RSS_ITEM_REPEATABLE, 'item');
    const title = one(item, 'title');
    const description = one(item, 'description');
    if (!title && !description) problems.push(`${at(item)} must contain a <title> or a <description>`);
    checkUrl(one(item, 'link'), ['http', 'https']);
    checkUrl(one(item, 'comments'));
    checkDate(one(item, 'pubDate'));
    for (const author of childElements(item, 'author', '')) checkEmail(author);
    // The W3C Feed Validator warns on an item carrying both (DuplicateItemSemantics): readers may show only one.
    if (childElements(item, 'author', '').length > 0 && childElements(item, 'creator', DC_NS).length > 0) {
      problems.push(`${at(item)} has both <author> and <dc:creator>; the W3C validator warns (DuplicateItemSemantics): name every author in one of them`);
    }
    for (const cat of childElements(item, 'category', '')) if (text(cat) === '') problems.push(`${at(cat)} must not be empty`);
    const guid = one(item, 'guid');
    if (guid) {
      const isPermaLink = getAttr(guid, 'isPermaLink');
      if (isPermaLink !== undefined && isPermaLink !== 'true' && isPermaLink !== 'false') {
        problems.push(`${at(guid)} isPermaLink must be "true" or "false" (found "${isPermaLink}")`);
      }
      if (text(guid) === '') problems.push(`${at(guid)} must not be empty`);
      else if (isPermaLink !== 'false' && !isAbsoluteUrl(text(guid), ['http', 'https'])) {
        problems.push(`${at(guid)} is a permalink (isPermaLink ${isPermaLink === undefined ? 'absent, default true' : 'true'}) but "${text(guid)}" is not an absolute http(s) URL`);
      }
    }
    for (const enc of childElements(item, 'enclosure', '')) {
      const url = getAttr(enc, 'url');
      const length = getAttr(enc, 'length');
      const type = getAttr(enc, 'type');
      if (url === undefined || !isAbsoluteUrl(url, ['http', 'https'])) problems.push(`${at(enc)} url must be an absolute http(s) URL (found ${url === undefined ? 'none' : `"${url}"`})`);
      if (length === undefined || !/^\d+$/.test(length)) problems.push(`${at(enc)} length must be a non-negative integer number of bytes (found ${length === undefined ? 'none' : `"${length}"`})`);
      if (type === undefined || !MIME_TYPE_RE.test(type)) problems.push(`${at(enc)} type must be a MIME type (found ${type === undefined ? 'none' : `"${type}"`})`);
    }
    const source = one(item, 'source');
    if (source) {
      const url = getAttr(source, 'url');
      if (url === undefined || !isAbsoluteUrl(url)) problems.push(`${at(source)} requires an absolute url attribute`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// JSON Feed 1.1
// ---------------------------------------------------------------------------

let jsonFeedValidator: ValidateFunction | undefined;

function getJsonFeedValidator(): ValidateFunction {
  if (!jsonFeedValidator) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormatsModule.default(ajv);
    const schema: unknown = JSON.parse(readFileSync(schemaUrl('jsonfeed-1.1.schema.json'), 'utf8'));
    jsonFeedValidator = ajv.compile(schema as object);
  }
  return jsonFeedValidator;
}

function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  let detail = '';
  if (typeof params['additionalProperty'] === 'string') detail = `: "${params['additionalProperty']}"`;
  else if ('allowedValue' in params) detail = `: ${JSON.stringify(params['allowedValue'])}`;
  else if (typeof params['format'] === 'string') detail = ` (${String(params['format'])})`;
  if (e.schemaPath.endsWith('/author/false schema') || (e.keyword === 'false schema' && /\/author$/.test(e.instancePath))) {
    return `${where}: the JSON Feed 1.0 "author" field is deprecated in 1.1; use "authors"`;
  }
  return `${where}: ${e.message ?? e.keyword}${detail}`;
}

/**
 * Validates a JSON Feed 1.1 document (a parsed object, or a JSON string which
 * is parsed first) against schemas/jsonfeed-1.1.schema.json, plus two spec
 * rules JSON Schema cannot express: next_url must differ from feed_url, and
 * item ids must be unique within the feed. Returns problems (empty = valid).
 */
export function validateJsonFeed(doc: unknown): string[] {
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch (e) {
      return [`not valid JSON: ${(e as Error).message}`];
    }
  }
  const validate = getJsonFeedValidator();
  const problems: string[] = [];
  if (!validate(doc)) problems.push(...(validate.errors ?? []).map(formatAjvError));
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const feed = doc as Record<string, unknown>;
    if (typeof feed['next_url'] === 'string' && feed['next_url'] === feed['feed_url']) problems.push('/next_url: must not be the same as feed_url');
    if (Array.isArray(feed['items'])) {
      const seen = new Set<string>();
      feed['items'].forEach((item: unknown, i) => {
        const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['id'] : undefined;
        if (typeof id !== 'string') return;
        if (seen.has(id)) problems.push(`/items/${i}/id: duplicate item id "${id}"`);
        seen.add(id);
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Normalised readers
// ---------------------------------------------------------------------------

export interface ReadEnclosure {
  url: string;
  type?: string;
  /** Number(raw length); NaN if the library exposed something non-numeric. */
  length?: number;
}

export interface ReadItem {
  id?: string;
  title?: string;
  link?: string;
  /** Publication date as ISO 8601 (Date#toISOString), or "Invalid Date (<raw>)". */
  date?: string;
  /** Last-updated date as ISO 8601, or "Invalid Date (<raw>)". */
  updated?: string;
  content?: string;
  summary?: string;
  authors: string[];
  categories: string[];
  enclosures: ReadEnclosure[];
}

export interface ReadFeed {
  title?: string;
  link?: string;
  description?: string;
  language?: string;
  /** Feed-level updated / lastBuildDate as ISO 8601. */
  updated?: string;
  items: ReadItem[];
}

const nn = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

function isoFromDate(d: Date | null | undefined): string | undefined {
  if (!d) return undefined;
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString();
}

function isoFromRaw(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw.trim());
  return Number.isNaN(d.getTime()) ? `Invalid Date (${raw})` : d.toISOString();
}

function toLength(raw: string | number | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  return typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
}

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function rootName(xml: string): string | undefined {
  return parseXml(xml).root?.local;
}

// --- rss-parser ------------------------------------------------------------

/** xml2js value: plain string, or { _: text, $: attributes, child: [...] }. */
function x2jText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v)) return typeof v['_'] === 'string' ? v['_'] : '';
  return undefined;
}
function x2jAttrs(v: unknown): Record<string, string> {
  return isRecord(v) && isRecord(v['$']) ? (v['$'] as Record<string, string>) : {};
}
function x2jChildText(v: unknown, child: string): string | undefined {
  return isRecord(v) ? x2jText(asArray(v[child])[0]) : undefined;
}

interface RssParserFeedExtra {
  subtitle?: unknown;
}
interface RssParserItemExtra {
  enclosureList?: unknown[];
  authorList?: unknown[];
  creatorList?: unknown[];
  categoryList?: unknown[];
  linkList?: unknown[];
  updated?: unknown;
}

let rssParser: Parser<RssParserFeedExtra, RssParserItemExtra> | undefined;

/**
 * Reads RSS 2.0 or Atom with rss-parser. Uses customFields (keepArray) to get
 * every author / dc:creator / enclosure / category / link, Atom updated and
 * subtitle, which rss-parser's default output drops or reduces to one value.
 * Mapping:
 *   RSS:  id=guid, date=isoDate (pubDate), content=content:encoded,
 *         summary=description, authors=[...author, ...dc:creator] (raw text)
 *   Atom: id=id, date=isoDate (published, falling back to updated!),
 *         updated=updated, content/summary as given (type="xhtml" content is
 *         re-serialised inside an extra <div type="xhtml">), authors=names,
 *         categories=term, enclosures=link[rel=enclosure]
 *   feed: Atom description=subtitle; Atom language not exposed (undefined).
 */
export async function readWithRssParser(xml: string): Promise<ReadFeed> {
  rssParser ??= new Parser<RssParserFeedExtra, RssParserItemExtra>({
    customFields: {
      feed: ['subtitle'],
      item: [
        ['enclosure', 'enclosureList', { keepArray: true }],
        ['author', 'authorList', { keepArray: true }],
        ['dc:creator', 'creatorList', { keepArray: true }],
        ['category', 'categoryList', { keepArray: true }],
        ['link', 'linkList', { keepArray: true }],
        'updated',
      ],
    },
  });
  const isAtom = rootName(xml) === 'feed';
  const feed = await rssParser.parseString(xml);
  const rawFeed = feed as unknown as Record<string, unknown>;
  return {
    title: feed.title,
    link: feed.link,
    description: isAtom ? x2jText(feed.subtitle) : feed.description,
    language: isAtom ? undefined : (rawFeed['language'] as string | undefined),
    updated: isoFromRaw(x2jText(rawFeed['lastBuildDate'])),
    items: feed.items.map((item): ReadItem => {
      const raw = item as unknown as Record<string, unknown>;
      if (isAtom) {
        return {
          id: x2jText(raw['id']),
          title: item.title,
          link: item.link,
          date: item.isoDate,
          updated: isoFromRaw(x2jText(item.updated)),
          content: item.content,
          summary: item.summary,
          authors: asArray(item.authorList).map((a) => x2jChildText(a, 'name') ?? ''),
          categories: asArray(item.categoryList).map((c) => x2jAttrs(c)['term'] ?? ''),
          enclosures: asArray(item.linkList)
            .map(x2jAttrs)
            .filter((l) => l['rel'] === 'enclosure')
            .map((l) => ({ url: l['href'] ?? '', type: l['type'], length: toLength(l['length']) })),
        };
      }
      return {
        id: item.guid,
        title: item.title,
        link: item.link,
        date: item.isoDate,
        updated: undefined,
        content: x2jText(raw['content:encoded']),
        summary: item.content,
        authors: [...asArray(item.authorList), ...asArray(item.creatorList)].map((a) => x2jText(a) ?? ''),
        categories: asArray(raw['categories']).map((c) => x2jText(c) ?? ''),
        enclosures: asArray(item.enclosureList).map((e) => {
          const a = x2jAttrs(e);
          return { url: a['url'] ?? '', type: a['type'], length: toLength(a['length']) };
        }),
      };
    }),
  };
}

// --- @rowanmanning/feed-parser ----------------------------------------------

/**
 * Reads RSS 2.0 or Atom with @rowanmanning/feed-parser (synchronous library,
 * wrapped in a Promise for a uniform API). Mapping: link=url, date=published,
 * summary=description, authors=name ?? email ?? url (it parses RSS
 * "email (Name)" into name/email), categories=term, enclosures=media
 * (mimeType as type). Note: it HTML-entity-decodes titles and inherits feed
 * authors into Atom entries without authors; for RSS it reports updated=pubDate.
 */
export async function readWithRowanmanning(xml: string): Promise<ReadFeed> {
  const feed = parseFeed(xml);
  return {
    title: nn(feed.title),
    link: nn(feed.url),
    description: nn(feed.description),
    language: nn(feed.language),
    updated: isoFromDate(feed.updated),
    items: feed.items.map(
      (item): ReadItem => ({
        id: nn(item.id),
        title: nn(item.title),
        link: nn(item.url),
        date: isoFromDate(item.published),
        updated: isoFromDate(item.updated),
        content: nn(item.content),
        summary: nn(item.description),
        authors: item.authors.map((a) => a.name ?? a.email ?? a.url ?? ''),
        categories: item.categories.map((c) => c.term),
        enclosures: item.media.map((m) => ({ url: m.url, type: nn(m.mimeType), length: nn(m.length) })),
      }),
    ),
  };
}

// --- feedparser ---------------------------------------------------------------

/** feedparser keeps original elements as { '@': attrs, '#': text, child: ... }. */
function fpText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v)) return typeof v['#'] === 'string' ? v['#'] : undefined;
  return undefined;
}

/**
 * Reads RSS 2.0 or Atom with feedparser (stream based; sax errors abort:
 * resume_saxerror=false). Mapping: id=guid (feedparser falls back to link
 * when there is no guid/id), date=pubdate (Atom: published, falling back to
 * updated), updated=date (Atom: updated; RSS: pubDate), content=description
 * (content:encoded, else <description>), summary=summary.
 * authors come from the original elements (atom:author names; RSS author and
 * dc:creator raw text) because feedparser's normalised `author` is a single
 * string and, for an Atom entry with several authors, wrongly falls back to
 * the FEED author. categories/enclosures are feedparser's normalised arrays.
 */
export async function readWithFeedparser(xml: string): Promise<ReadFeed> {
  const fp = new FeedParser({ resume_saxerror: false });
  const items: FeedParser.Item[] = [];
  await new Promise<void>((resolve, reject) => {
    fp.on('error', reject);
    fp.on('readable', function (this: FeedParser) {
      let item: FeedParser.Item | null;
      while ((item = this.read()) !== null) items.push(item);
    });
    fp.on('end', () => resolve());
    fp.end(xml);
  });
  const meta = fp.meta;
  const isAtom = meta['#type'] === 'atom';
  return {
    title: nn(meta.title),
    link: nn(meta.link),
    description: nn(meta.description),
    language: nn(meta.language),
    updated: isoFromDate(meta.date),
    items: items.map((item): ReadItem => {
      const raw = item as unknown as Record<string, unknown>;
      const authors = isAtom
        ? asArray(raw['atom:author']).map((a) => (isRecord(a) ? fpText(a['name']) ?? fpText(a['email']) ?? fpText(a['uri']) : undefined) ?? '')
        : [...asArray(raw['rss:author']), ...asArray(raw['dc:creator'])].map((a) => fpText(a) ?? '');
      return {
        id: nn(item.guid),
        title: nn(item.title),
        link: nn(item.link),
        date: isoFromDate(item.pubdate),
        updated: isoFromDate(item.date),
        content: nn(item.description),
        summary: nn(item.summary),
        authors,
        categories: item.categories,
        enclosures: item.enclosures.map((e) => ({ url: e.url, type: e.type, length: toLength(e.length) })),
      };
    }),
  };
}

// --- feedsmith ------------------------------------------------------------------

/** feedsmith gives Atom text constructs as { value, type }. */
const fsText = (v: { value?: string } | undefined): string | undefined => v?.value;

/**
 * Reads RSS 2.0, Atom or JSON Feed 1.1 with feedsmith (synchronous library,
 * wrapped in a Promise for a uniform API). The caller names the format, so a
 * feed is never read by the wrong parser. Mapping:
 *   RSS:  id=guid, date=pubDate, content=content:encoded, summary=description,
 *         authors=[...author (feedsmith splits "email (Name)"; name ?? email),
 *         ...dc:creator], categories=category text, enclosures=<enclosure>
 *         (media:content is not an enclosure here)
 *   Atom: link=first rel="alternate" (or rel-less) link, date=published (no
 *         fallback to updated), content/summary=text values, authors=name ??
 *         email ?? uri, categories=term, enclosures=link[rel=enclosure];
 *         feed description=subtitle, language=xml:lang
 *   JSON: link=external_url ?? url (a link post's target is its external_url),
 *         date=date_published, updated=date_modified, content=content_html ??
 *         content_text, authors=name ?? url, categories=tags,
 *         enclosures=attachments (mime_type, size_in_bytes); feed
 *         link=home_page_url, no feed-level updated (JSON Feed has none).
 */
export async function readWithFeedsmith(text: string, format: 'rss' | 'atom' | 'json'): Promise<ReadFeed> {
  if (format === 'json') {
    const feed = parseJsonFeed(JSON.parse(text) as unknown);
    return {
      title: feed.title,
      link: feed.home_page_url,
      description: feed.description,
      language: feed.language,
      updated: undefined,
      items: (feed.items ?? []).map(
        (item): ReadItem => ({
          id: item.id,
          title: item.title,
          link: item.external_url ?? item.url,
          date: isoFromRaw(item.date_published),
          updated: isoFromRaw(item.date_modified),
          content: item.content_html ?? item.content_text,
          summary: item.summary,
          authors: (item.authors ?? []).map((a) => a.name ?? a.url ?? ''),
          categories: item.tags ?? [],
          enclosures: (item.attachments ?? []).map((a) => ({ url: a.url ?? '', type: a.mime_type, length: toLength(a.size_in_bytes) })),
        }),
      ),
    };
  }
  if (format === 'atom') {
    const feed = parseAtomFeed(text);
    const alternate = (links: { href?: string; rel?: string }[] | undefined): string | undefined =>
      links?.find((l) => l.rel === undefined || l.rel === 'alternate')?.href;
    return {
      title: fsText(feed.title),
      link: alternate(feed.links),
      description: fsText(feed.subtitle),
      language: feed.xml?.lang,
      updated: isoFromRaw(feed.updated),
      items: (feed.entries ?? []).map(
        (entry): ReadItem => ({
          id: entry.id,
          title: fsText(entry.title),
          link: alternate(entry.links),
          date: isoFromRaw(entry.published),
          updated: isoFromRaw(entry.updated),
          content: entry.content?.value,
          summary: fsText(entry.summary),
          authors: (entry.authors ?? []).map((a) => a.name ?? a.email ?? a.uri ?? ''),
          categories: (entry.categories ?? []).map((c) => c.term ?? ''),
          enclosures: (entry.links ?? [])
            .filter((l) => l.rel === 'enclosure')
            .map((l) => ({ url: l.href ?? '', type: l.type, length: toLength(l.length) })),
        }),
      ),
    };
  }
  const feed = parseRssFeed(text);
  return {
    title: feed.title,
    link: feed.link,
    description: feed.description,
    language: feed.language,
    updated: isoFromRaw(feed.lastBuildDate),
    items: (feed.items ?? []).map(
      (item): ReadItem => ({
        id: item.guid?.value,
        title: item.title,
        link: item.link,
        date: isoFromRaw(item.pubDate),
        updated: undefined,
        content: item.content?.encoded,
        summary: item.description,
        authors: [...(item.authors ?? []).map((a) => a.name ?? a.email ?? ''), ...(item.dc?.creators ?? [])],
        categories: (item.categories ?? []).map((c) => c.name ?? ''),
        enclosures: (item.enclosures ?? []).map((e) => ({ url: e.url ?? '', type: e.type, length: toLength(e.length) })),
      }),
    ),
  };
}
