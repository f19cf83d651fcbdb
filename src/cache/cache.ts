import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Site } from "../model/site.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { FileStamp, PostEntry } from "../model/post.js";
import type { RenderedItem } from "../model/feed.js";
import { toolVersions } from "../common/version.js";
import { replaceFile } from "../write/write.js";

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
 */
export const CACHE_FILE = "build-cache.v8";
const MAGIC = "feedwright-cache";
const FORMAT = 3;

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
}

/**
 * One post as a flat row: [file, size, mtimeMs, ctimeMs, hash, diagnostics, entry fields…].
 * Rows of scalars deserialize several times faster than nested objects (docs/performance.md).
 */
type Row = [string, number, number, number, string, Diagnostic[] | 0, ...([] | [string, string, string, string, number, number, boolean])];

interface CacheDocument {
  magic: string;
  format: number;
  key: string;
  posts: Row[];
  /** [render key, item, site path of a local enclosure whose length is measured each build]. */
  rendered: ([string, RenderedItem["item"]] | [string, RenderedItem["item"], string])[];
}

export function emptyCache(): BuildCache {
  return { posts: new Map(), rendered: new Map() };
}

export function renderKey(post: Pick<PostEntry, "file" | "sourceHash">): string {
  return `${post.file}\0${post.sourceHash}`;
}

export function cacheKey(site: Site, cwd: string): string {
  return createHash("sha256").update(JSON.stringify({ tool: toolVersions(), site, cwd })).digest("hex");
}

function toRow(file: string, cached: CachedPost): Row {
  const head: [string, number, number, number, string, Diagnostic[] | 0] = [
    file, cached.stamp.size, cached.stamp.mtimeMs, cached.stamp.ctimeMs, cached.hash, cached.diagnostics.length ? cached.diagnostics : 0,
  ];
  const e = cached.entry;
  return e ? [...head, e.id, e.url, e.link, e.title, e.date.getTime(), e.expires?.getTime() ?? -1, e.draft] : head;
}

function fromRow(row: Row): CachedPost {
  const [file, size, mtimeMs, ctimeMs, hash, diagnostics, id, url, link, title, date, expires, draft] = row;
  if (typeof file !== "string" || typeof size !== "number" || typeof mtimeMs !== "number" || typeof ctimeMs !== "number" || typeof hash !== "string") {
    throw new Error("malformed entry");
  }
  const cached: CachedPost = { stamp: { size, mtimeMs, ctimeMs }, hash, diagnostics: Array.isArray(diagnostics) ? diagnostics : [] };
  if (id !== undefined) {
    if (typeof url !== "string" || typeof link !== "string" || typeof title !== "string" || typeof date !== "number" || typeof expires !== "number" || typeof draft !== "boolean") {
      throw new Error("malformed post entry");
    }
    cached.entry = { file, id, url, link, title, date: new Date(date), expires: expires === -1 ? undefined : new Date(expires), draft, sourceHash: hash };
  }
  return cached;
}

export async function readCache(dir: string, key: string): Promise<{ cache: BuildCache; diagnostics: Diagnostic[] }> {
  const file = path.join(dir, CACHE_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return { cache: emptyCache(), diagnostics: [] };
  }
  try {
    const doc = deserialize(bytes) as Partial<CacheDocument>;
    if (doc?.magic !== MAGIC || doc.format !== FORMAT || !Array.isArray(doc.posts) || !Array.isArray(doc.rendered) || typeof doc.key !== "string") {
      throw new Error("not a feedwright cache of this format");
    }
    // Another configuration or version: not wrong, just not ours to use.
    if (doc.key !== key) return { cache: emptyCache(), diagnostics: [] };
    const posts = new Map<string, CachedPost>();
    for (const row of doc.posts) posts.set(row[0], fromRow(row));
    const rendered = new Map<string, RenderedItem>();
    for (const [name, item, sitePath] of doc.rendered) {
      if (typeof name !== "string" || typeof item?.contentHtml !== "string" || !(item.published instanceof Date)) throw new Error("malformed rendered item");
      rendered.set(name, sitePath === undefined ? { item } : { item, sitePath });
    }
    return { cache: { posts, rendered }, diagnostics: [] };
  } catch (cause) {
    return {
      cache: emptyCache(),
      diagnostics: [warning(file, `is not a usable build cache (${(cause as Error).message}); it is ignored and will be rewritten. Delete it, or pass --no-cache`)],
    };
  }
}

/** Written like the feeds: to a temporary file, then renamed, so a killed build leaves no torn cache. */
export async function writeCache(dir: string, key: string, cache: BuildCache): Promise<void> {
  const rendered = [...cache.rendered].map(([name, { item, sitePath }]): CacheDocument["rendered"][number] => (sitePath === undefined ? [name, item] : [name, item, sitePath]));
  const doc: CacheDocument = { magic: MAGIC, format: FORMAT, key, posts: [...cache.posts].map(([file, cached]) => toRow(file, cached)), rendered };
  await replaceFile(path.join(dir, CACHE_FILE), serialize(doc));
}
