import type { XMLParser } from "fast-xml-parser";
import { decodeHTML } from "entities";
import { lazy } from "../common/lazy.js";
import type { Checked } from "../common/result.js";

/**
 * Reads the items of a published feed (RSS 2.0 or 1.0, Atom 1.0, JSON Feed 1.x) back: only what
 * the id guard needs, an item's id, its links and, from our own JSON Feed extension, its source
 * file. Pure: the text comes in, the items go out. The format is recognised from the content, not
 * from the file name, so a single downloaded file of any of the three formats works.
 */
export type FeedFormat = "rss" | "atom" | "json";

export interface PreviousItem {
  id: string;
  /** RSS `link`, Atom alternate links, JSON `url` and `external_url`. */
  links: string[];
  /** The post's source file, from the JSON Feed extension `_feedwright.file`. */
  file?: string;
  title?: string;
  /** Publication instant in milliseconds (RSS `pubDate` or `dc:date`, Atom `published` else `updated`, JSON `date_published`). */
  published?: number;
}

export interface PreviousFeed {
  format: FeedFormat;
  items: PreviousItem[];
}

/** The feed read, or why the text is not one (a phrase that follows the file name). */
export type PreviousFeedResult = Checked<PreviousFeed, string>;

export function parsePreviousFeed(text: string): PreviousFeedResult {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("{")) return parseJsonFeed(body);
  if (body.startsWith("<")) return parseXmlFeed(body);
  return { ok: false, why: "is neither XML nor JSON" };
}

function parseJsonFeed(text: string): PreviousFeedResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    return { ok: false, why: `is not valid JSON (${(cause as Error).message})` };
  }
  const feed = document as { version?: unknown; items?: unknown };
  if (typeof feed.version !== "string" || !feed.version.startsWith("https://jsonfeed.org/version/") || !Array.isArray(feed.items)) {
    return { ok: false, why: "is JSON but not a JSON Feed (no jsonfeed.org version or no items list)" };
  }
  const items: PreviousItem[] = [];
  for (const raw of feed.items as Record<string, unknown>[]) {
    // JSON Feed 1.0 allowed numeric ids; readers compare them as strings.
    const id = typeof raw?.id === "string" ? raw.id : typeof raw?.id === "number" ? String(raw.id) : undefined;
    if (!id) continue;
    const links = [raw.url, raw.external_url].filter((link): link is string => typeof link === "string" && link !== "");
    const extension = raw._feedwright as { file?: unknown } | undefined;
    const file = typeof extension?.file === "string" && extension.file !== "" ? extension.file : undefined;
    const title = typeof raw.title === "string" ? raw.title : undefined;
    const published = instantOf(raw.date_published);
    items.push({ id, links, ...(file ? { file } : {}), ...(title !== undefined ? { title } : {}), ...(published !== undefined ? { published } : {}) });
  }
  return { ok: true, value: { format: "json", items } };
}

type XmlNode = Record<string, unknown>;

// Loaded on first use: only a build with --previous reads XML back.
const fastXmlParser = lazy<typeof import("fast-xml-parser")>("fast-xml-parser");
let parser: XMLParser | undefined;
const xml = () => (parser ??= new (fastXmlParser().XMLParser)({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Numeric character references (&#38;) as well as the five XML entities.
  htmlEntities: true,
  isArray: (name) => name === "item" || name === "entry" || name === "link",
}));

function parseXmlFeed(text: string): PreviousFeedResult {
  // Feeds declare no entities; refusing them rules out entity-expansion bombs.
  if (/<!ENTITY/i.test(text)) return { ok: false, why: "declares XML entities, which no feed needs; refusing to expand them" };
  let document: XmlNode;
  try {
    document = xml().parse(text, true) as XmlNode;
  } catch (cause) {
    return { ok: false, why: `is not well-formed XML (${(cause as Error).message.split("\n")[0]})` };
  }
  const rss = document.rss as XmlNode | undefined;
  if (rss) return { ok: true, value: { format: "rss", items: nodes((rss.channel as XmlNode | undefined)?.item).flatMap(rssItem) } };
  const rdf = document.RDF as XmlNode | undefined;
  if (rdf) return { ok: true, value: { format: "rss", items: nodes(rdf.item).flatMap(rssItem) } };
  const atom = document.feed as XmlNode | undefined;
  if (atom) return { ok: true, value: { format: "atom", items: nodes(atom.entry).flatMap(atomEntry) } };
  return { ok: false, why: "is XML but neither RSS (<rss>, <rdf:RDF>) nor Atom (<feed>)" };
}

function rssItem(item: XmlNode): PreviousItem[] {
  const links = nodes(item.link).map(textOf).filter((link) => link !== "");
  // A reader identifies an RSS item by its guid, else by its link (RSS 1.0: rdf:about).
  const id = textOf(item.guid) || textOf(item["@about"]) || links[0] || "";
  return id ? [{ id, links, ...titled(item), ...dated(item.pubDate ?? item.date) }] : [];
}

function atomEntry(entry: XmlNode): PreviousItem[] {
  const id = textOf(entry.id);
  const links = nodes(entry.link)
    .filter((link) => link["@rel"] === undefined || link["@rel"] === "alternate")
    .map((link) => textOf(link["@href"]))
    .filter((link) => link !== "");
  return id ? [{ id, links, ...titled(entry), ...dated(entry.published ?? entry.updated) }] : [];
}

function titled(node: XmlNode): { title?: string } {
  let title = textOf(node.title);
  // An Atom title of type html (jekyll-feed writes them) is markup: its text is what a reader shows.
  const type = typeof node.title === "object" && node.title !== null ? (node.title as XmlNode)["@type"] : undefined;
  if (type === "html") title = decodeHTML(title.replace(/<[^>]*>/g, "")).trim();
  return title ? { title } : {};
}

function dated(node: unknown): { published?: number } {
  const published = instantOf(textOf(node));
  return published !== undefined ? { published } : {};
}

/** RFC 3339 (Atom, JSON Feed) or RFC 822 (RSS) as the engine's date parser reads both; anything else: unknown. */
function instantOf(value: unknown): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

function nodes(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((node) => (typeof node === "object" && node !== null ? (node as XmlNode) : { "#text": node }));
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "object" && value !== null) return textOf((value as XmlNode)["#text"]);
  return "";
}
