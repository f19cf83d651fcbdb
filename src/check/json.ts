import { isUri } from "../common/url.js";
import { rfc3339Problem } from "./dates.js";
import { Findings, type ItemRef } from "./findings.js";

/**
 * The self-check of JSON Feed 1.1 (./check.ts calls it): JSON.parse, then the rules of the spec
 * and its schema that readers depend on. Two passes, as for XML: checkJsonByItem parses the feed
 * item by item as the bytes go by and answers only for a clean feed; anything else (a finding, a
 * shape it does not take apart) goes to checkJson, which parses the whole text and gives the
 * findings.
 */

const JSON_FEED_11 = "https://jsonfeed.org/version/1.1";

/** The plain pass: the whole text through JSON.parse, then every rule. Returns the number of items. */
export function checkJson(text: string, findings: Findings): number {
  let feed: unknown;
  try {
    feed = JSON.parse(text);
  } catch (cause) {
    const at = /position (\d+)/.exec((cause as Error).message)?.[1];
    const line = at === undefined ? undefined : lineOf(text, Number(at));
    findings.add({ rule: "json-syntax", message: `is not valid JSON (${(cause as Error).message}); every reader rejects the whole file`, ...(line ? { line } : {}) });
    return 0;
  }
  if (!isObject(feed)) {
    findings.add({ rule: "feed-format", message: "is JSON but not an object: no JSON Feed" });
    return 0;
  }
  checkTop(feed, findings);
  if (!Array.isArray(feed.items)) {
    findings.add({ rule: "json-items", message: "has no items array, which JSON Feed requires" });
    return 0;
  }
  const items = new ItemRules(findings);
  for (const raw of feed.items) items.check(raw);
  return feed.items.length;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const STREAM = { stream: true } as const;

/**
 * The first pass over a JSON Feed, for a clean one: the elements of the top-level `items` array
 * are cut out of the bytes as they go by and each is JSON.parse'd and checked on its own; the rest
 * (the skeleton, each item replaced by `null`) is parsed at the end and checked with the feed's
 * rules. A whole feed as one string and one tree (tens of MB of new heap, which this machine pays
 * for in page faults and garbage collection) is never made: each item's string and objects die
 * young.
 *
 * It is the same check: the cuts are found by JSON's own lexing (strings from `"` to the next `"`
 * not escaped by an odd run of backslashes; brackets counted outside strings), each piece and the
 * skeleton go through JSON.parse, and `null` cannot join a neighbouring byte into another valid
 * token, so the skeleton parses with each `null` where its item was (checked: as many, all null)
 * only if the whole document parses, to the same values. Everything is decoded once, in order, by
 * one fatal TextDecoder. undefined (the plain pass decides) for anything else: a finding, bytes
 * that are not UTF-8, a syntax error, a top level that is not an object, no `items` or two of it
 * (JSON.parse keeps the last), an item that is not an object.
 */
export function checkJsonByItem(chunks: readonly Uint8Array[]): number | undefined {
  const findings = new Findings();
  const items = new ItemRules(findings);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const skeleton: string[] = [];
  /** The decoded parts of the item being read. */
  let item: string[] | undefined;
  /** The bytes of a top-level member's name being read, and where in this chunk it began. */
  let name: Uint8Array[] | undefined;
  let nameFrom = 0;
  let depth = 0;
  let inString = false;
  /** In a string, the chunk before ended with an odd run of backslashes: this chunk's first byte is escaped. */
  let escaped = false;
  let expectName = false;
  let itemsNames = 0;
  let itemsNext = false;
  let inItems = false;
  let count = 0;
  try {
    for (const chunk of chunks) {
      const n = chunk.length;
      let from = 0;
      nameFrom = 0;
      let i = 0;
      while (i < n) {
        if (inString) {
          if (escaped) {
            escaped = false;
            i++;
            continue;
          }
          const quote = chunk.indexOf(QUOTE, i);
          const end = quote === -1 ? n : quote;
          let run = 0;
          while (end - run - 1 >= i && chunk[end - run - 1] === BACKSLASH) run++;
          if (quote === -1) {
            escaped = run % 2 === 1;
            break;
          }
          i = quote + 1;
          if (run % 2 === 1) continue;
          inString = false;
          if (name) {
            name.push(chunk.subarray(nameFrom, i));
            const text = JSON.parse(name.length === 1 ? NAMES.decode(name[0]) : name.map((part) => NAMES.decode(part, STREAM)).join("") + NAMES.decode()) as string;
            name = undefined;
            itemsNext = text === "items";
            if (itemsNext) itemsNames++;
          }
          continue;
        }
        const byte = chunk[i]!;
        if (byte === QUOTE) {
          inString = true;
          if (depth === 1) {
            itemsNext = false;
            if (expectName) {
              expectName = false;
              name = [];
              nameFrom = i;
            }
          } else if (depth === 0 || (depth === 2 && inItems)) return undefined;
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          if (depth === 0 && byte !== OPEN_OBJECT) return undefined;
          if (depth === 1 && itemsNext) {
            inItems = byte === OPEN_ARRAY;
            itemsNext = false;
          } else if (depth === 2 && inItems) {
            if (byte !== OPEN_OBJECT) return undefined;
            skeleton.push(decoder.decode(chunk.subarray(from, i), STREAM));
            from = i;
            item = [];
          }
          depth++;
          if (depth === 1) expectName = true;
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth--;
          if (depth < 0) return undefined;
          if (depth === 2 && item) {
            item.push(decoder.decode(chunk.subarray(from, i + 1), STREAM));
            from = i + 1;
            items.check(JSON.parse(item.length === 1 ? item[0]! : item.join("")));
            if (findings.count > 0) return undefined;
            item = undefined;
            skeleton.push("null");
            count++;
          } else if (depth === 1) inItems = false;
        } else if (byte === COMMA) {
          if (depth === 1) expectName = true;
        } else if (byte !== COLON && byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
          // A number, true, false, null or a stray byte.
          if (depth === 0 || (depth === 2 && inItems)) return undefined;
          if (depth === 1) itemsNext = false;
        }
        i++;
      }
      if (name) name.push(chunk.subarray(nameFrom));
      if (from < n) (item ?? skeleton).push(decoder.decode(chunk.subarray(from), STREAM));
    }
    skeleton.push(decoder.decode());
    if (depth !== 0 || inString || item || itemsNames !== 1) return undefined;
    const feed: unknown = JSON.parse(skeleton.join(""));
    if (!isObject(feed) || !Array.isArray(feed.items) || feed.items.length !== count || !feed.items.every((value) => value === null)) return undefined;
    checkTop(feed, findings);
  } catch {
    // Not UTF-8, not JSON: the plain pass names it.
    return undefined;
  }
  return findings.count === 0 ? count : undefined;
}

/** Decodes the names of top-level members (a fatal decoder: bytes that are not UTF-8 throw, as in the document's own decoder). */
const NAMES = new TextDecoder("utf-8", { fatal: true });

/** The feed's own fields: version, title, its URLs, authors, hubs. */
function checkTop(feed: Record<string, unknown>, findings: Findings): void {
  if (feed.version !== JSON_FEED_11) findings.add({ rule: "json-version", message: `has version ${JSON.stringify(feed.version) ?? "missing"}; a JSON Feed 1.1 has "version": "${JSON_FEED_11}", without which readers do not take it for a feed` });
  if (typeof feed.title !== "string" || feed.title.trim() === "") findings.add({ rule: "json-title", message: "has no title (a non-empty string), which JSON Feed requires" });
  for (const key of ["home_page_url", "feed_url", "next_url", "icon", "favicon"]) jsonUri(feed[key], key, findings);
  if (feed.next_url !== undefined && feed.next_url === feed.feed_url) findings.add({ rule: "json-next-url", message: "has a next_url equal to its feed_url, which JSON Feed 1.1 forbids: a reader paging through it would never leave it" });
  jsonAuthors(feed.authors, "authors", findings);
  jsonHubs(feed.hubs, findings);
}

/** The rules of each item, in document order (positions and the ids seen so far). */
class ItemRules {
  private readonly ids = new Map<string, number>();
  private position = 0;

  constructor(private readonly findings: Findings) {}

  check(raw: unknown): void {
    const findings = this.findings;
    const ref: ItemRef = { position: ++this.position, id: isObject(raw) && typeof raw.id === "string" ? raw.id : undefined };
    if (!isObject(raw)) {
      findings.add({ rule: "json-item", message: "is not an object", item: ref });
      return;
    }
    if (typeof raw.id !== "string" || raw.id === "") findings.add({ rule: "json-item-id", message: `has ${raw.id === undefined ? "no id" : `the id ${JSON.stringify(raw.id)}`}; JSON Feed 1.1 requires a non-empty string`, item: ref });
    else {
      const first = this.ids.get(raw.id);
      if (first !== undefined) findings.add({ rule: "unique-id", message: `has the id of item ${first}: readers keep one of them and drop the other. Every item needs its own`, item: ref });
      else this.ids.set(raw.id, ref.position);
    }
    if (typeof raw.content_html !== "string" && typeof raw.content_text !== "string") findings.add({ rule: "json-item-content", message: "has neither content_html nor content_text (a string); JSON Feed requires one", item: ref });
    for (const key of ["url", "external_url", "image", "banner_image"]) jsonUri(raw[key], key, findings, ref);
    for (const key of ["date_published", "date_modified"]) {
      if (raw[key] === undefined) continue;
      const problem = typeof raw[key] === "string" ? rfc3339Problem(raw[key]) : "is not a string";
      if (problem) findings.add({ rule: "json-date", message: `${key} ${JSON.stringify(raw[key])} ${problem}`, item: ref });
    }
    if (raw.tags !== undefined && !(Array.isArray(raw.tags) && raw.tags.every((tag) => typeof tag === "string"))) findings.add({ rule: "json-tags", message: "has tags that are not an array of strings", item: ref });
    jsonAuthors(raw.authors, "authors", findings, ref);
    if (raw.attachments !== undefined) {
      if (!Array.isArray(raw.attachments)) findings.add({ rule: "json-attachments", message: "has attachments that are not an array", item: ref });
      else
        for (const attachment of raw.attachments) {
          if (!isObject(attachment) || typeof attachment.mime_type !== "string" || typeof attachment.url !== "string") findings.add({ rule: "json-attachments", message: "has an attachment without url and mime_type (strings), which JSON Feed requires", item: ref });
          else jsonUri(attachment.url, "attachments url", findings, ref);
        }
    }
  }
}

function jsonAuthors(value: unknown, key: string, findings: Findings, item?: ItemRef): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    findings.add({ rule: "json-authors", message: `${key} is not an array of author objects (JSON Feed 1.1)`, item });
    return;
  }
  for (const author of value) {
    if (!isObject(author) || !["name", "url", "avatar"].some((field) => typeof author[field] === "string")) {
      findings.add({ rule: "json-authors", message: `${key} holds an author without name, url or avatar (JSON Feed requires one of them)`, item });
      continue;
    }
    jsonUri(author.url, "author url", findings, item);
    jsonUri(author.avatar, "author avatar", findings, item);
  }
}

/** JSON Feed 1.1 `hubs`: an array of objects, each with a type and a url (an absolute URI, where subscribers subscribe). */
function jsonHubs(value: unknown, findings: Findings): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    findings.add({ rule: "json-hubs", message: "hubs is not an array of { type, url } objects (JSON Feed 1.1)" });
    return;
  }
  for (const hub of value) {
    if (!isObject(hub) || typeof hub.type !== "string" || typeof hub.url !== "string") findings.add({ rule: "json-hubs", message: "hubs holds a hub without type and url (strings), which JSON Feed 1.1 requires" });
    else if (!isUri(hub.url)) findings.add({ rule: "json-hubs", message: `hubs url ${JSON.stringify(hub.url)} is not an absolute URI by RFC 3986: subscribers cannot reach the hub` });
  }
}

function jsonUri(value: unknown, key: string, findings: Findings, item?: ItemRef): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !isUri(value)) findings.add({ rule: "json-uri", message: `${key} ${JSON.stringify(value)} is not an absolute URI by RFC 3986: readers resolve or refuse it differently. Percent-encode what RFC 3986 does not allow raw`, item });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
