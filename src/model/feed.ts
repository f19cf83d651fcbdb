import type { Checked } from "../common/result.js";
import type { Person, TermKind } from "./site.js";
import type { Diagnostic } from "../common/diagnostics.js";

/**
 * What the serializers take: one feed and its items, fully resolved (absolute URLs, plain-text
 * titles and summaries, finished HTML). The three formats are views of this one model, so an item
 * has the same id, title, dates and content in each.
 */
export interface FeedItem {
  /** Source file, for warnings. */
  file: string;
  /** The source file below the posts folder (JSON Feed `_feedwright.file`, for the next build's id guard). */
  sourcePath?: string;
  id: string;
  /** The item's link (the post, or where a link post points). */
  link: string;
  /** The post's own page. */
  url: string;
  /** Set for a post that points elsewhere. */
  externalUrl?: string;
  title: string;
  published: Date;
  /** Modification date; equals `published` when the post was never updated. */
  modified: Date;
  authors: Person[];
  summary?: string;
  contentHtml: string;
  /** Tags, then categories, without duplicates. */
  categories: string[];
  lang?: string;
  image?: string;
  /** What rendering found worth a warning (raw HTML that swallows the rest, removed active content); serializers ignore it. */
  warnings?: Diagnostic[];
  enclosure?: { url: string; type: string; length: number };
}

/** What rendering gives: the item, and for a local enclosure without length the file whose size becomes it (src/render/enclosure.ts). */
export interface RenderedItem {
  item: FeedItem;
  sitePath?: string;
}

export interface FeedMeta {
  title: string;
  description: string;
  /** The site's home page. */
  homeUrl: string;
  /** Feed id (Atom), stable: the site URL. */
  id: string;
  language: string;
  author: Person;
  copyright?: string;
  icon?: string;
  logo?: string;
  /** Newest modification among the items: never the build time, so unchanged input gives unchanged bytes. */
  updated: Date;
  /** WebSub hubs the feed names (`rel="hub"`, JSON `hubs`): subscribers are notified through them (README "WebSub"). */
  hubs?: readonly string[];
  /** The own URL of each format the feed is written in, for the self links (a term feed may have fewer than three). */
  selfUrls: Partial<Record<FeedFormat, string>>;
  /**
   * A CSS stylesheet for RSS and Atom (`<?xml-stylesheet type="text/css"?>`), so that a feed
   * opened in a browser reads as a page; readers ignore it. Absolute, or relative to the feed.
   */
  stylesheet?: string;
  /** RFC 5005 archives (README "Archives"): this document's links to the others of the chain; undefined without archives. */
  archive?: ArchiveLinks;
}

/** Each format's URL of one document (a feed or an archive page), for the formats it is written in. */
export type FormatUrls = Partial<Record<FeedFormat, string>>;

/**
 * A document's place in the archive chain (RFC 5005 section 4). Pages are counted from the oldest;
 * `prev` is the next older page (RSS/Atom `prev-archive`, JSON `next_url`), `next` the next newer
 * one (`next-archive`, only where it exists), `current` the main feed (on archive pages).
 */
export interface ArchiveLinks {
  /** An archive document (`fh:archive`), not the main (subscription) feed. */
  isArchive: boolean;
  prev?: FormatUrls;
  next?: FormatUrls;
  current?: FormatUrls;
}

export interface Feeds {
  rss: string;
  atom: string;
  json: string;
}

export type FeedFormat = keyof Feeds;
/** The formats in the order every list of feeds shows them. */
export const FEED_FORMATS: readonly FeedFormat[] = ["rss", "atom", "json"];

/** The self URL of a format the feed is written in: a serializer is only ever called for one (src/build.ts loops over plan.files). */
export function selfUrlOf(meta: Pick<FeedMeta, "selfUrls">, format: FeedFormat): string {
  const url = meta.selfUrls[format];
  if (url === undefined) throw new Error(`a ${format} feed was written without a ${format} self URL`);
  return url;
}

/**
 * One feed the build writes, in one to three formats: the main feed, or the feed of one tag,
 * category, author or language (src/render/plans.ts). Its items are the build's rendered items
 * (never rendered again), newest first.
 */
export interface FeedPlan {
  /** Stable and unique: `main`, or `<kind>/<term slug>` (`tags/ki`). */
  key: string;
  /** A term feed's kind and term as posts write it; absent for the main feed. */
  term?: { kind: TermKind; name: string };
  meta: FeedMeta;
  items: readonly FeedItem[];
  /** The file of each format written, `/`-separated below the output folder. */
  files: Partial<Record<FeedFormat, string>>;
  /** maxBytes per format (one left out: no limit), and how messages name the setting (`maxBytes`, `maxBytes.rss`). */
  limits?: { maxBytes: Partial<Record<FeedFormat, number>>; field: (format: FeedFormat) => string };
  /** RFC 5005 archives of this feed; undefined without. */
  archives?: ArchivePlan;
}

/**
 * How a feed's archive pages are cut (src/serialize/archive.ts) and where each is written: page n
 * (from 1, the oldest) has a file per format of the feed, below the output folder, and its URLs.
 */
export interface ArchivePlan {
  itemsPerPage: number;
  /** The main feed keeps at least the newest this many items (0: no count; only maxBytes archives). */
  limit: number;
  page: (n: number) => { files: Partial<Record<FeedFormat, string>>; selfUrls: FormatUrls };
}

/** The size of a file of the static folder, or why it has none (src/load/static.ts). */
export type StaticSize = Checked<number, string>;

/** A piece of a document as the writers hand it out: text, or UTF-8 bytes ready to be written. */
export type Piece = string | Uint8Array;
