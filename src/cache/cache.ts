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
const FORMAT = 6;

export interface CachedPost {
  stamp: FileStamp;
  hash: string;
  entry?: PostEntry;
  diagnostics: Diagnostic[];
}

export interface BuildCache {
  /** By the post's display path. */
  posts: Map<string, CachedPost>;
  /** By `file` + NUL + hash. */
  rendered: Map<string, RenderedItem>;
  /** When the posts' stamps were taken: the clock just before the scan that took the newest of them (src/cache/stamp.ts). */
  stampedAt: number;
}

/**
 * One post as a flat row: [file, size, mtimeMs, ctimeMs, ino, dev, hash, diagnostics, entry fields…].
 * Rows of scalars deserialize several times faster than nested objects (docs/performance.md).
 */
type Head = [string, number, number, number, number, number, string, Diagnostic[] | 0];
/** The entry's fields: then its static file (src/model/post.ts StaticFileRef), "" when there is none; then, for a post with any, its terms (PostTerms, lang "" when none). */
type EntryFields = [string, string, string, string, number, number, boolean, string, string];
type Row = [...Head, ...([] | EntryFields | [...EntryFields, string[], string[], string[], string])];

interface CacheDocument {
  magic: string;
  format: number;
  key: string;
  stampedAt: number;
  posts: Row[];
  /** [render key, item, site path of a local enclosure whose length is measured each build]. */
  rendered: ([string, RenderedItem["item"]] | [string, RenderedItem["item"], string])[];
}

/** No stamps at all: `stampedAt` before every file's time, so nothing is trusted until a scan took it. */
export function emptyCache(stampedAt = -Infinity): BuildCache {
  return { posts: new Map(), rendered: new Map(), stampedAt };
}

export function renderKey(post: Pick<PostEntry, "file" | "sourceHash">): string {
  return `${post.file}\0${post.sourceHash}`;
}

export function cacheKey(site: Site, cwd: string): string {
  return createHash("sha256").update(JSON.stringify({ tool: toolVersions(), site, cwd })).digest("hex");
}

function toRow(file: string, cached: CachedPost): Row {
  const { size, mtimeMs, ctimeMs, ino, dev } = cached.stamp;
  const head: Head = [file, size, mtimeMs, ctimeMs, ino, dev, cached.hash, cached.diagnostics.length ? cached.diagnostics : 0];
  const e = cached.entry;
  const f = e?.staticFile;
  const t = e?.terms;
  if (!e) return head;
  const fields = [...head, e.id, e.url, e.link, e.title, e.date.getTime(), e.expires?.getTime() ?? -1, e.draft, f?.sitePath ?? "", f?.field ?? ""] as const;
  // Terms only for a post that has any: three empty lists in every row of a million posts cost some 250 MB when read back.
  return t ? [...fields, t.tags, t.categories, t.authors, t.lang ?? ""] : [...fields];
}

const diagnostics = arrayOf(diagnostic);
const isNumber = Number.isFinite as (value: unknown) => value is number;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((one) => typeof one === "string");

/** Every field checked: a row that deserializes but lacks one would fail a later stage in every build. */
function fromRow(row: unknown, index: number): CachedPost {
  if (Array.isArray(row) && (row.length === 8 || row.length === 17 || row.length === 21)) {
    const [file, size, mtimeMs, ctimeMs, ino, dev, hash, found, id, url, link, title, date, expires, draft, sitePath, field, tags, categories, authors, lang] = row as Row;
    const valid =
      typeof file === "string" && isNumber(size) && isNumber(mtimeMs) && isNumber(ctimeMs) && isNumber(ino) && isNumber(dev) && typeof hash === "string" &&
      (found === 0 || diagnostics(found, "") === undefined) &&
      (id === undefined ||
        (typeof id === "string" && typeof url === "string" && typeof link === "string" && typeof title === "string" &&
          isNumber(date) && isNumber(expires) && typeof draft === "boolean" &&
          typeof sitePath === "string" && typeof field === "string" &&
          (row.length === 17 || (isStrings(tags) && isStrings(categories) && isStrings(authors) && typeof lang === "string"))));
    if (valid) {
      const cached: CachedPost = { stamp: { size, mtimeMs, ctimeMs, ino, dev }, hash, diagnostics: found === 0 ? [] : found };
      if (id !== undefined) {
        cached.entry = { file, id, url: url!, link: link!, title: title!, date: new Date(date!), expires: expires === -1 ? undefined : new Date(expires!), draft: draft!, sourceHash: hash };
        if (sitePath) cached.entry.staticFile = { sitePath, field: field! };
        const terms = row.length === 21 ? termsOf(tags!, categories!, authors!, lang || undefined) : undefined;
        if (terms) cached.entry.terms = terms;
      }
      return cached;
    }
  }
  throw new Error(`posts[${index}] is not a post entry as this version writes it`);
}

/**
 * The cache for `key`, or an empty one: none yet, another key or an older format (not wrong, just
 * not ours to use), or a file that is not a usable cache (corrupt, truncated, foreign, or any
 * field not what the build wrote), which is a warning: the build goes on cold and rewrites it.
 */
export async function readCache(dir: string, key: string, display: (absolute: string) => string = (absolute) => absolute): Promise<{ cache: BuildCache; diagnostics: Diagnostic[] }> {
  const file = path.join(dir, cacheFileOf(key));
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return { cache: emptyCache(), diagnostics: [] };
  }
  try {
    const doc = deserialize(bytes) as Partial<CacheDocument>;
    if (doc?.magic !== MAGIC || typeof doc.format !== "number") throw new Error("not a feedwright cache");
    if (doc.format !== FORMAT || doc.key !== key) return { cache: emptyCache(), diagnostics: [] };
    if (!Array.isArray(doc.posts) || !Array.isArray(doc.rendered) || typeof doc.stampedAt !== "number") throw new Error("not a feedwright cache of this format");
    const posts = new Map<string, CachedPost>();
    doc.posts.forEach((row, index) => posts.set(row[0], fromRow(row, index)));
    const rendered = new Map<string, RenderedItem>();
    doc.rendered.forEach((pair, index) => {
      const wrong = !Array.isArray(pair) || typeof pair[0] !== "string" ? `rendered[${index}] is not a rendered item` : feedItem(pair[1], `rendered[${index}]`) ?? (pair.length > 2 && typeof pair[2] !== "string" ? `rendered[${index}] has no site path` : undefined);
      if (wrong) throw new Error(wrong);
      const [name, item, sitePath] = pair;
      rendered.set(name, sitePath === undefined ? { item } : { item, sitePath });
    });
    return { cache: { posts, rendered, stampedAt: doc.stampedAt }, diagnostics: [] };
  } catch (cause) {
    return {
      cache: emptyCache(),
      diagnostics: [warning(display(file), `is not a usable build cache (${(cause as Error).message}); it is ignored and will be rewritten. Delete it, or pass --no-cache`)],
    };
  }
}

/** Written like the feeds: to a temporary file, then renamed, so a killed build leaves no torn cache. */
export async function writeCache(dir: string, key: string, cache: BuildCache): Promise<void> {
  const rendered = [...cache.rendered].map(([name, { item, sitePath }]): CacheDocument["rendered"][number] => (sitePath === undefined ? [name, item] : [name, item, sitePath]));
  const doc: CacheDocument = { magic: MAGIC, format: FORMAT, key, stampedAt: cache.stampedAt, posts: [...cache.posts].map(([file, cached]) => toRow(file, cached)), rendered };
  await replaceFile(path.join(dir, cacheFileOf(key)), serialize(doc));
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
  const records = evicted.map((entry) => entry.name.replace(/\.v8$/, ".outputs.json")).filter((name) => OUTPUT_RECORD.test(name) && names.includes(name));
  await Promise.all([...evicted.map((entry) => entry.name), ...records].map((name) => unlink(path.join(dir, name)).catch(() => undefined)));
  await removeStaleTemps(dir, (name) => name === CACHE_FILE || ENTRY.test(name) || OUTPUT_RECORD.test(name));
}
