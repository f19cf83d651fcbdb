import type { Diagnostic } from "../common/diagnostics.js";
import { atomEntry, atomFrame, writeAtom } from "./atom/atom.js";
import { cleanFeed } from "./clean.js";
import { fitDiagnostics, fitItems, type FormatParts } from "./fit.js";
import { jsonFrame, jsonItem, writeJson } from "./json/json.js";
import type { ArchivePlan, FeedItem, FeedMeta, Feeds, Piece } from "../model/feed.js";
import { fullPagesItems, mainLinks, newestModified, pageItems, pageLinks, pageMeta } from "./archive.js";
import { rssFrame, rssItem, writeRss } from "./rss/rss.js";
import { EscapedContents } from "./xml/escape.js";

/** Writes one format when called, as pieces in order, each made when it is taken (see `feedWriters`). */
export type FeedWriters = { [Format in keyof Feeds]: () => Iterable<Piece> };

/**
 * The one entry to serialization: cleans every text once, then hands out one writer per format.
 * Each format is written only when asked for, in pieces made as they are taken, so a caller that
 * encodes each piece at once (runBuild) never holds a whole feed (tens of megabytes with all items) as one text.
 * With `archives`, `items` are every published item: the main feed keeps the newest and the
 * others go to archive pages (./archive.ts), each with its own writers.
 */
export function feedWriters(
  meta: FeedMeta,
  items: readonly FeedItem[],
  configFile: string,
  limits?: SizeLimits,
  archives?: ArchivePlan,
): { writers: FeedWriters; diagnostics: Diagnostic[]; kept: Record<keyof Feeds, number>; pages: ArchivePage[] } {
  const clean = cleanFeed(meta, items, configFile);
  // Shared by the two XML formats of the main feed (sizing fills it, writing reuses it).
  const contents = new EscapedContents();
  const diagnostics = [...clean.diagnostics];
  const parts: Record<keyof Feeds, (meta: FeedMeta) => FormatParts> = {
    rss: (m) => ({ frame: (kept) => rssFrame(m, kept), item: (item) => rssItem(item, contents) }),
    atom: (m) => ({ frame: () => atomFrame(m), item: (item) => atomEntry(m, item, contents) }),
    json: (m) => ({ frame: (kept) => jsonFrame(m, kept.length), item: (item, index) => jsonItem(item, index) }),
  };
  // The items `format` keeps of `candidates` under its maxBytes (all without one), sized in the
  // frame `framed` gives for them.
  const fit = (format: keyof Feeds, candidates: readonly FeedItem[], framed: (kept: readonly FeedItem[]) => FeedMeta): number => {
    const maxBytes = limits?.maxBytes[format];
    if (maxBytes === undefined || limits === undefined) return candidates.length;
    const found = fitItems(candidates, { frame: (kept) => parts[format](framed(kept)).frame(kept), item: (item, index) => parts[format](clean.meta).item(item, index) }, maxBytes);
    diagnostics.push(...fitDiagnostics(found, candidates, { configFile, field: limits.field(format), maxBytes, shown: limits.shown[format], archived: archives !== undefined }));
    return found.ok ? found.kept : candidates.length;
  };
  if (archives) {
    const { main, pages } = archivedDocuments(clean, archives, fit);
    return { writers: writersOf(main, main, main, contents), diagnostics, kept: { rss: main.items.length, atom: main.items.length, json: main.items.length }, pages };
  }
  // Each format's own cut, and the feed's date from its items, so the file is byte for byte the
  // one `limit` set to that count would give.
  const cut = (format: keyof Feeds): Document => {
    const kept = fit(format, clean.items, (kept) => metaOf(clean.meta, kept));
    return kept === clean.items.length ? clean : { meta: metaOf(clean.meta, clean.items.slice(0, kept)), items: clean.items.slice(0, kept) };
  };
  const rss = cut("rss");
  const atom = cut("atom");
  const json = cut("json");
  return { writers: writersOf(rss, atom, json, contents), diagnostics, kept: { rss: rss.items.length, atom: atom.items.length, json: json.items.length }, pages: [] };
}

/** One feed document: its metadata and items. */
interface Document {
  meta: FeedMeta;
  items: readonly FeedItem[];
}

/** An archive page (n from 1, the oldest; its files and URLs are the plan's `page(n)`), its item count and its writers. */
export interface ArchivePage {
  n: number;
  items: number;
  writers: FeedWriters;
}

/**
 * The main feed and the archive pages. Full pages take every item but the newest `limit` and
 * fewer than a page more; when a maxBytes holds the main feed to fewer items, the rest are
 * archived too, and then the newest page may be partial: it fills as posts arrive. All three
 * formats share one cut (the smallest any maxBytes allows), so their chains hold the same pages.
 * The main feed is sized with a link to the highest page number possible, never shorter than the real one.
 */
function archivedDocuments(
  clean: Document,
  archives: ArchivePlan,
  fit: (format: keyof Feeds, candidates: readonly FeedItem[], framed: (kept: readonly FeedItem[]) => FeedMeta) => number,
): { main: Document; pages: ArchivePage[] } {
  const { items } = clean;
  const perPage = archives.itemsPerPage;
  const full = fullPagesItems(items.length, archives);
  const candidates = items.slice(0, items.length - full);
  const longest = mainLinks(Math.ceil(items.length / perPage), archives);
  let archived = full;
  for (const format of ["rss", "atom", "json"] as const) {
    archived = Math.max(archived, items.length - fit(format, candidates, (kept) => ({ ...metaOf(clean.meta, kept), archive: longest })));
  }
  const count = Math.ceil(archived / perPage);
  const mainItems = items.slice(0, items.length - archived);
  const main = { meta: { ...metaOf(clean.meta, mainItems), archive: mainLinks(count, archives) }, items: mainItems };
  const pages = Array.from({ length: count }, (_, index): ArchivePage => {
    const n = index + 1;
    const own = archives.page(n).selfUrls;
    const onPage = pageItems(items, archived, perPage, n);
    const doc = { meta: pageMeta(clean.meta, onPage, pageLinks(n, count, clean.meta.selfUrls, archives), own), items: onPage };
    return { n, items: onPage.length, writers: writersOf(doc, doc, doc) };
  });
  return { main, pages };
}

/** The three writers of one document (or of each format's cut); the XML formats share `contents`, let go once both are written. */
function writersOf(rss: Document, atom: Document, json: Document, contents = new EscapedContents()): FeedWriters {
  let shared: EscapedContents | undefined = contents;
  let xmlLeft = 2;
  const xml = (write: typeof writeRss, doc: Document) =>
    function* () {
      yield* write(doc.meta, doc.items, shared);
      if (--xmlLeft === 0) shared = undefined;
    };
  return { rss: xml(writeRss, rss), atom: xml(writeAtom, atom), json: () => writeJson(json.meta, json.items) };
}

/** The size limits of a build (the site's maxBytes) and how its messages name the setting and the files. */
export interface SizeLimits {
  maxBytes: { rss?: number; atom?: number; json?: number };
  /** The setting as the user wrote it: `maxBytes`, or `maxBytes.rss` for a per-format one. */
  field: (format: keyof Feeds) => string;
  /** Each feed's path as messages show it. */
  shown: Record<keyof Feeds, string>;
}

/** The feed's metadata for the items it keeps: its date is theirs (src/render/item.ts feedMeta). */
function metaOf(meta: FeedMeta, kept: readonly FeedItem[]): FeedMeta {
  return { ...meta, updated: newestModified(kept) };
}

/** All three formats as texts (the pure build and the tests). */
export function serializeFeeds(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { feeds: Feeds; diagnostics: Diagnostic[] } {
  const { writers, diagnostics } = feedWriters(meta, items, configFile);
  return { feeds: { rss: joined(writers.rss()), atom: joined(writers.atom()), json: joined(writers.json()) }, diagnostics };
}

/** A document's pieces as one text. */
export function joined(pieces: Iterable<Piece>): string {
  return Buffer.concat([...pieces].map((piece) => (typeof piece === "string" ? Buffer.from(piece, "utf8") : piece))).toString("utf8");
}

export type { FeedItem, FeedMeta, Feeds, Piece } from "../model/feed.js";
