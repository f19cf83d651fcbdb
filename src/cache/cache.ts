import { createHash } from "node:crypto";
import { readdir, readFile, stat, unlink, utimes } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Site } from "../model/site.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import { termsOf, type FileStamp, type PostEntry } from "../model/post.js";
import type { RenderedItem } from "../model/feed.js";
import { toolVersions } from "../common/version.js";
import { arrayOf, diagnostic, feedItem } from "../model/shape.js";
import { removeStaleTemps, replaceFile } from "../write/write.js";
import { textPieces } from "../common/pieces.js";
import { stampHoldsAt } from "./stamp.js";

/**
 * The build cache: what parsing each post and rendering each feed item produced, so that a build
 * in which little changed redoes little. It can never serve stale output:
 * - the whole cache belongs to one key: the version of feedwright and a hash of its running code,
 *   the versions of Node and of every library that shapes the output, the full configuration and
 *   the working directory; any change starts it afresh;
 * - a post is reused only while its size, mtime and ctime are unchanged, or while its bytes still
 *   hash to the same SHA-256 (after a checkout that touched every mtime);
 * - a rendered item is reused only for the same file with the same hash.
 * A file that is not a cache of this format (corrupt, truncated, foreign) is ignored with a warning.
 * Each key has a file of its own (cacheFileOf), so builds of several configurations in one
 * cacheDir do not discard each other's; the folder keeps the CACHE_LIMIT entries used last.
 */
/** The single file of versions before one entry per key: removed by the first build of this one. */
export const CACHE_FILE = "build-cache.v8";
const ENTRY = /^build-cache\.[0-9a-f]{16}\.v8$/;
/** The record of the outputs written with an entry (src/cache/outputs.ts): evicted with it. */
const OUTPUT_RECORD = /^build-cache\.[0-9a-f]{16}\.outputs\.json$/;

/** An entry's file name: 64 bits of the key (the whole key is inside and checked on reading). */
export function cacheFileOf(key: string): string {
  return `build-cache.${key.slice(0, 16)}.v8`;
}

/** The record of the outputs written with the entry `build-cache.<key16>.v8` (src/cache/outputs.ts): `build-cache.<key16>.outputs.json`. */
export function outputRecordOf(key: string): string {
  return recordOfEntry(cacheFileOf(key));
}

function recordOfEntry(entry: string): string {
  return entry.replace(/\.v8$/, ".outputs.json");
}

/**
 * How many entries a cacheDir keeps and how many bytes they may take together, the least recently
 * used evicted first; the entry just used is always kept, however large.
 */
export interface CacheLimit {
  entries: number;
  bytes: number;
}
export const CACHE_LIMIT: CacheLimit = { entries: 8, bytes: 1024 ** 3 };
const MAGIC = "feedwright-cache";
const FORMAT = 8;

/** A post as the scan found it, for the next cache. */
export interface CachedPost {
  stamp: FileStamp;
  hash: string;
  entry?: PostEntry;
  diagnostics: Diagnostic[];
}

/**
 * The posts of a cache as read, column by column (CacheDocument): nothing is made per post until
 * the scan takes one (its entry, made anew on each call), and a stamp is compared where it lies.
 */
export interface KnownPosts {
  readonly size: number;
  /** The row of a post file, or -1; `hint`: the row it has when the files are the last build's, in its order. */
  row(file: string, hint: number): number;
  /** The row's stamp still holds for the file (`current`), and was taken safely after its last change (src/cache/stamp.ts). */
  holds(row: number, current: FileStamp | undefined): boolean;
  hash(row: number): string;
  stamp(row: number): FileStamp;
  /** The row's entry, undefined for a post that did not parse; `file` is the caller's path (the same text as the row's). */
  entry(row: number, file: string): PostEntry | undefined;
  diagnostics(row: number): Diagnostic[];
  /** The file names are needed no more (they are only for `row`): their memory is given back. */
  forgetFiles(): void;
}

export interface BuildCache {
  posts: KnownPosts;
  /** By `file` + NUL + hash. */
  rendered: Map<string, RenderedItem>;
  /** When the posts' stamps were taken: the clock just before the scan that took the newest of them (src/cache/stamp.ts). */
  stampedAt: number;
}

/** The next cache: each post file, in the scan's order, with its row of the cache read (unchanged) or what the scan found. */
export interface NextCache {
  files: string[];
  posts: (number | CachedPost)[];
  rendered: Map<string, RenderedItem>;
  stampedAt: number;
}

/**
 * The posts as columns, a row per post file: a million posts are some twenty arrays, not a
 * million arrays of twenty values (docs/performance.md: fewer objects to read back and to
 * collect, and a URL held once where it is also the id and the link).
 */
interface CacheDocument {
  magic: string;
  format: number;
  key: string;
  stampedAt: number;
  files: string[];
  /** size, mtimeMs, ctimeMs, ino and dev of each row, one row after the other. */
  stamps: Float64Array;
  hashes: string[];
  /** [row, what parsing found] for each post with any. */
  diagnostics: [number, Diagnostic[]][];
  /** 0: no entry (the post did not parse); 1: an entry; 2: an entry of a draft. */
  kinds: Uint8Array;
  /** The entries' fields ("" and 0 in a row without one); id and link null when they are the URL. */
  ids: (string | null)[];
  urls: string[];
  links: (string | null)[];
  titles: string[];
  dates: Float64Array;
  /** NaN: no expiry. */
  expires: Float64Array;
  /** [row, sitePath, field] of each entry with a static file (src/model/post.ts StaticFileRef). */
  statics: [number, string, string][];
  /** [row, tags, categories, authors, lang ("" when none)] of each entry with any terms (PostTerms). */
  terms: [number, string[], string[], string[], string][];
  /** [render key, item, site path of a local enclosure whose length is measured each build]. */
  rendered: ([string, RenderedItem["item"]] | [string, RenderedItem["item"], string])[];
  /**
   * Contents kept apart (APART): [index in `rendered`, UTF-8 bytes], in order; their bytes follow
   * the document, then the document's length (4 bytes), and the items hold "" in their place.
   */
  apart: [number, number][];
}
const STAMP_FIELDS = 5;

/**
 * Contents of this many characters or more are written after the document, a piece at a time,
 * not inside it: v8's serialize makes one buffer of the whole document, and a 60 MB post's 80 MB
 * of content in it were the build's peak (docs/performance.md "One post of 60 MB").
 */
const APART = 1 << 20;

/** No stamps at all: `stampedAt` before every file's time, so nothing is trusted until a scan took it. */
export function emptyCache(stampedAt = -Infinity): BuildCache {
  return { posts: knownPosts(undefined), rendered: new Map(), stampedAt };
}

export function renderKey(post: Pick<PostEntry, "file" | "sourceHash">): string {
  return `${post.file}\0${post.sourceHash}`;
}

export function cacheKey(site: Site, cwd: string): string {
  return createHash("sha256").update(JSON.stringify({ tool: toolVersions(), site, cwd })).digest("hex");
}

const diagnostics = arrayOf(diagnostic);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((one) => typeof one === "string");

/**
 * Every column checked, whole (a field that deserializes but is not what the build wrote would
 * fail a later stage in every build); the first problem is thrown, naming its column and row.
 */
function checkColumns(doc: Partial<CacheDocument>): asserts doc is CacheDocument {
  const n = Array.isArray(doc.files) ? doc.files.length : -1;
  if (n < 0) throw new Error("files is not a list");
  const column = (name: keyof CacheDocument, valid: (value: unknown) => boolean) => {
    const values = doc[name] as unknown;
    if (!Array.isArray(values) || values.length !== n) throw new Error(`${name} is not a list of ${n}`);
    const wrong = values.findIndex((value) => !valid(value));
    if (wrong >= 0) throw new Error(`${name}[${wrong}] is not what this version writes`);
  };
  const typed = <T extends Float64Array | Uint8Array>(name: keyof CacheDocument, type: { new (length: number): T }, length: number): T => {
    const values = doc[name] as unknown;
    if (!(values instanceof type) || values.length !== length) throw new Error(`${name} is not ${length} numbers`);
    return values as T;
  };
  const string = (value: unknown) => typeof value === "string";
  const stringOrNull = (value: unknown) => value === null || typeof value === "string";
  column("files", string);
  column("hashes", string);
  column("ids", stringOrNull);
  column("urls", string);
  column("links", stringOrNull);
  column("titles", string);
  const stamps = typed("stamps", Float64Array, n * STAMP_FIELDS);
  const wrongStamp = stamps.findIndex((value) => !Number.isFinite(value));
  if (wrongStamp >= 0) throw new Error(`the stamp of files[${Math.floor(wrongStamp / STAMP_FIELDS)}] is not a stamp`);
  const kinds = typed("kinds", Uint8Array, n);
  const dates = typed("dates", Float64Array, n);
  const expires = typed("expires", Float64Array, n);
  for (let row = 0; row < n; row++) {
    if (kinds[row]! > 2 || (kinds[row] !== 0 && (!Number.isFinite(dates[row]) || !(Number.isFinite(expires[row]) || Number.isNaN(expires[row]))))) throw new Error(`the entry of files[${row}] is not an entry as this version writes it`);
  }
  const isRow = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < n;
  const sparse = (name: keyof CacheDocument, valid: (value: unknown[]) => boolean) => {
    const values = doc[name] as unknown;
    if (!Array.isArray(values)) throw new Error(`${name} is not a list`);
    const wrong = values.findIndex((value) => !Array.isArray(value) || !isRow(value[0]) || !valid(value));
    if (wrong >= 0) throw new Error(`${name}[${wrong}] is not what this version writes`);
  };
  sparse("diagnostics", (value) => value.length === 2 && diagnostics(value[1], "") === undefined);
  sparse("statics", (value) => value.length === 3 && kinds[value[0] as number] !== 0 && typeof value[1] === "string" && typeof value[2] === "string");
  sparse("terms", (value) => value.length === 5 && kinds[value[0] as number] !== 0 && isStrings(value[1]) && isStrings(value[2]) && isStrings(value[3]) && typeof value[4] === "string");
}

/** The posts of a checked document (undefined: none). */
function knownPosts(doc: CacheDocument | undefined, stampedAt = -Infinity): KnownPosts {
  if (!doc) {
    return { size: 0, row: () => -1, holds: () => false, hash: () => "", stamp: () => ({ size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, dev: 0 }), entry: () => undefined, diagnostics: () => [], forgetFiles: () => undefined };
  }
  let files: string[] | undefined = doc.files;
  const size = files.length;
  const { stamps, hashes, kinds, ids, urls, links, titles, dates, expires } = doc;
  const found = new Map(doc.diagnostics);
  const statics = new Map(doc.statics.map(([row, sitePath, field]) => [row, { sitePath, field }]));
  const terms = new Map(doc.terms.map(([row, tags, categories, authors, lang]) => [row, termsOf(tags, categories, authors, lang || undefined)]));
  // Built on the first miss only: in a build like the last one every file is at its row.
  let rows: Map<string, number> | undefined;
  const stampAt = (row: number): FileStamp => {
    const at = row * STAMP_FIELDS;
    return { size: stamps[at]!, mtimeMs: stamps[at + 1]!, ctimeMs: stamps[at + 2]!, ino: stamps[at + 3]!, dev: stamps[at + 4]! };
  };
  return {
    size,
    row(file, hint) {
      if (!files) return -1;
      if (files[hint] === file) return hint;
      rows ??= new Map(files.map((name, row) => [name, row]));
      return rows.get(file) ?? -1;
    },
    holds(row, current) {
      const at = row * STAMP_FIELDS;
      return stampHoldsAt(stamps[at]!, stamps[at + 1]!, stamps[at + 2]!, stamps[at + 3]!, stamps[at + 4]!, stampedAt, current);
    },
    stamp: stampAt,
    hash: (row) => hashes[row]!,
    entry(row, file) {
      const kind = kinds[row];
      if (kind === 0) return undefined;
      const url = urls[row]!;
      const expiry = expires[row]!;
      // The fields in toEntry's order (src/model/post.ts): one shape for every entry, cached or parsed.
      const entry: PostEntry = { file, id: ids[row] ?? url, url, link: links[row] ?? url, title: titles[row]!, date: new Date(dates[row]!), expires: Number.isNaN(expiry) ? undefined : new Date(expiry), draft: kind === 2, sourceHash: hashes[row]! };
      const staticFile = statics.get(row);
      if (staticFile) entry.staticFile = { ...staticFile };
      const own = terms.get(row);
      if (own) entry.terms = own;
      return entry;
    },
    diagnostics: (row) => found.get(row) ?? [],
    forgetFiles() {
      files = undefined;
      rows = undefined;
    },
  };
}

/**
 * The cache for `key`, or an empty one: none yet, another key or an older format (not wrong, just
 * not ours to use), or a file that is not a usable cache (corrupt, truncated, foreign, or any
 * field not what the build wrote), which is a warning: the build goes on cold and rewrites it.
 */
export async function readCache(dir: string, key: string, display: (absolute: string) => string = (absolute) => absolute): Promise<{ cache: BuildCache; diagnostics: Diagnostic[] }> {
  const file = path.join(dir, cacheFileOf(key));
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(file);
  } catch {
    return { cache: emptyCache(), diagnostics: [] };
  }
  try {
    const doc = deserialize(bytes) as Partial<CacheDocument>;
    if (doc?.magic !== MAGIC || typeof doc.format !== "number") throw new Error("not a feedwright cache");
    if (doc.format !== FORMAT || doc.key !== key) return { cache: emptyCache(), diagnostics: [] };
    if (!Array.isArray(doc.rendered) || typeof doc.stampedAt !== "number" || !Array.isArray(doc.apart)) throw new Error("not a feedwright cache of this format");
    restoreApart(doc as CacheDocument, bytes);
    // The bytes are garbage from here on: a million posts' are some 200 MB.
    bytes = undefined;
    checkColumns(doc);
    const rendered = new Map<string, RenderedItem>();
    doc.rendered.forEach((pair, index) => {
      const wrong = !Array.isArray(pair) || typeof pair[0] !== "string" ? `rendered[${index}] is not a rendered item` : feedItem(pair[1], `rendered[${index}]`) ?? (pair.length > 2 && typeof pair[2] !== "string" ? `rendered[${index}] has no site path` : undefined);
      if (wrong) throw new Error(wrong);
      const [name, item, sitePath] = pair;
      rendered.set(name, sitePath === undefined ? { item } : { item, sitePath });
    });
    return { cache: { posts: knownPosts(doc, doc.stampedAt), rendered, stampedAt: doc.stampedAt }, diagnostics: [] };
  } catch (cause) {
    return {
      cache: emptyCache(),
      diagnostics: [warning(display(file), `is not a usable build cache (${(cause as Error).message}); it is ignored and will be rewritten. Delete it, or pass --no-cache`)],
    };
  }
}

/**
 * Written like the feeds: to a temporary file, then renamed, so a killed build leaves no torn
 * cache. `known`: the cache read, whose rows the next one names (NextCache.posts).
 */
export async function writeCache(dir: string, key: string, next: NextCache, known: KnownPosts): Promise<void> {
  const n = next.files.length;
  const doc: CacheDocument = {
    magic: MAGIC, format: FORMAT, key, stampedAt: next.stampedAt, files: next.files,
    stamps: new Float64Array(n * STAMP_FIELDS), hashes: new Array<string>(n), diagnostics: [], kinds: new Uint8Array(n),
    ids: new Array<string | null>(n), urls: new Array<string>(n), links: new Array<string | null>(n), titles: new Array<string>(n),
    dates: new Float64Array(n), expires: new Float64Array(n), statics: [], terms: [],
    rendered: [...next.rendered].map(([name, { item, sitePath }]): CacheDocument["rendered"][number] => (sitePath === undefined ? [name, item] : [name, item, sitePath])),
    apart: [],
  };
  const contents: string[] = [];
  doc.rendered.forEach((pair, index) => {
    const content = pair[1].contentHtml;
    if (content.length < APART) return;
    doc.apart.push([index, Buffer.byteLength(content, "utf8")]);
    contents.push(content);
    pair[1] = { ...pair[1], contentHtml: "" };
  });
  for (let row = 0; row < n; row++) {
    const source = next.posts[row]!;
    const file = next.files[row]!;
    const cached: CachedPost = typeof source === "number" ? { stamp: known.stamp(source), hash: known.hash(source), entry: known.entry(source, file), diagnostics: known.diagnostics(source) } : source;
    const { size, mtimeMs, ctimeMs, ino, dev } = cached.stamp;
    doc.stamps.set([size, mtimeMs, ctimeMs, ino, dev], row * STAMP_FIELDS);
    doc.hashes[row] = cached.hash;
    if (cached.diagnostics.length > 0) doc.diagnostics.push([row, cached.diagnostics]);
    const e = cached.entry;
    if (!e) {
      doc.ids[row] = null;
      doc.urls[row] = "";
      doc.links[row] = null;
      doc.titles[row] = "";
      continue;
    }
    doc.kinds[row] = e.draft ? 2 : 1;
    doc.ids[row] = e.id === e.url ? null : e.id;
    doc.urls[row] = e.url;
    doc.links[row] = e.link === e.url ? null : e.link;
    doc.titles[row] = e.title;
    doc.dates[row] = e.date.getTime();
    doc.expires[row] = e.expires?.getTime() ?? Number.NaN;
    if (e.staticFile) doc.statics.push([row, e.staticFile.sitePath, e.staticFile.field]);
    if (e.terms) doc.terms.push([row, e.terms.tags, e.terms.categories, e.terms.authors, e.terms.lang ?? ""]);
  }
  const head = serialize(doc);
  // The document's length last: a file cut short is found out (deserialize ignores what follows the document).
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  await replaceFile(path.join(dir, cacheFileOf(key)), [head, ...contents.flatMap((content) => textPieces(content)), length]);
}

/** The contents kept apart, from the end of the file back into their items. */
function restoreApart(doc: CacheDocument, bytes: Buffer): void {
  const total = doc.apart.reduce((sum, entry) => sum + (Array.isArray(entry) && Number.isInteger(entry[0]) && Number.isInteger(entry[1]) && entry[1] >= 0 ? entry[1] : NaN), 0);
  if (!(bytes.length >= 4 && bytes.readUInt32LE(bytes.length - 4) + total + 4 === bytes.length)) throw new Error("its contents kept apart are not all there");
  let at = bytes.length - 4 - total;
  for (const [index, length] of doc.apart) {
    const pair = doc.rendered[index];
    if (!Array.isArray(pair) || typeof pair[1] !== "object" || pair[1] === null) throw new Error(`apart names rendered[${index}], which is not there`);
    pair[1] = { ...pair[1], contentHtml: bytes.toString("utf8", at, at + length) };
    at += length;
  }
}

/**
 * After a build used the entry for `key` (rewritten, or only read: then its mtime is set, the
 * mark of its last use), the least recently used others beyond `limit` are removed, with the
 * single file of older versions and any cache temp file no running build is about to rename.
 * Another build may be writing an entry meanwhile: it writes a temporary file and renames it,
 * so a removal takes a whole entry, old or new, and a reader that has it open keeps its bytes.
 */
export async function keepRecent(dir: string, key: string, touch: boolean, limit: CacheLimit = CACHE_LIMIT): Promise<void> {
  const mine = cacheFileOf(key);
  if (touch) {
    const now = new Date();
    await utimes(path.join(dir, mine), now, now).catch(() => undefined);
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = (
    await Promise.all(
      names.filter((name) => ENTRY.test(name) && name !== mine).map(async (name) => {
        const info = await stat(path.join(dir, name)).catch(() => undefined);
        return info && { name, used: info.mtimeMs, size: info.size };
      }),
    )
  ).filter((entry) => entry !== undefined);
  entries.sort((a, b) => b.used - a.used || (a.name < b.name ? -1 : 1));
  let bytes = (await stat(path.join(dir, mine)).catch(() => undefined))?.size ?? 0;
  const evicted = entries.filter((entry, index) => {
    bytes += entry.size;
    return index + 1 >= limit.entries || bytes > limit.bytes;
  });
  if (names.includes(CACHE_FILE)) evicted.push({ name: CACHE_FILE, used: 0, size: 0 });
  const records = evicted.map((entry) => recordOfEntry(entry.name)).filter((name) => OUTPUT_RECORD.test(name) && names.includes(name));
  await Promise.all([...evicted.map((entry) => entry.name), ...records].map((name) => unlink(path.join(dir, name)).catch(() => undefined)));
  await removeStaleTemps(dir, (name) => name === CACHE_FILE || ENTRY.test(name) || OUTPUT_RECORD.test(name));
}
