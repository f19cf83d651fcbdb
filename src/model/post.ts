import type { Person } from "./site.js";

/** A post after parsing and checking: everything the later stages need except its body. */
export interface Post {
  /** Source path relative to the working directory (`posts/hello.md`); the stable tie-breaker too. */
  file: string;
  /** The source file below the posts folder, `/`-separated (`news/0.91.2/index.md`). */
  sourcePath: string;
  /** The item id in every format; never changes once published. */
  id: string;
  slug: string;
  /** The post's own page under the site URL; relative URLs in its content resolve against it. */
  url: string;
  /** Where the item links to: `link` from the frontmatter, else `url`. */
  link: string;
  /** Set when the post points elsewhere (`link` in frontmatter). */
  externalUrl?: string;
  title: string;
  date: Date;
  updated?: Date;
  expires?: Date;
  draft: boolean;
  authors: Person[];
  summary?: string;
  tags: string[];
  categories: string[];
  lang?: string;
  image?: string;
  /** `sitePath`: set when `length` is to be read from the file in the static folder (a relative URL without length). */
  enclosure?: { url: string; type: string; length?: number; sitePath?: string };
  source?: { name: string; url?: string; author?: string };
  /** Hash of the file's bytes: lets a later stage re-read the body and know it is the same file. */
  sourceHash: string;
}

export type { Person };

/**
 * What every post must keep for the whole build: selection (draft, date, expiry), the uniqueness
 * checks (id, url), the id guard (link, title, date) and the report (title, file). Everything else, and the
 * body, is read again only for the few posts that reach a feed, so memory does not grow with them.
 */
export type PostEntry = Pick<Post, "file" | "id" | "url" | "link" | "title" | "date" | "expires" | "draft" | "sourceHash"> & {
  /** A local enclosure without length: the file checked for every post before selection (src/select/enclosures.ts). */
  staticFile?: StaticFileRef;
  /** What the term feeds select by, known before rendering (src/select/terms.ts); absent: none. */
  terms?: PostTerms;
};

/** A post's tags, categories, author names and own language (`lang`), as written. */
export interface PostTerms {
  tags: string[];
  categories: string[];
  authors: string[];
  lang?: string;
}

/** A file of the static folder a post needs, and the field that names it. */
export interface StaticFileRef {
  /** `/`-separated path below the static folder. */
  sitePath: string;
  /** `enclosure.url`. Its line is looked up only when the check fails (src/parse/locate.ts): finding a position parses the YAML again. */
  field: string;
}

/**
 * The entry of a post. `termFeeds`: the kinds of term feed the site writes; only their terms are
 * kept, and none at all for a post without any (a million entries each holding three empty lists
 * would be a tenth of a large archive's memory).
 */
export function toEntry(post: Post, staticFile: StaticFileRef | undefined, termFeeds: Partial<Record<"tags" | "categories" | "authors" | "languages", unknown>>): PostEntry {
  const { file, id, url, link, title, date, expires, draft, sourceHash } = post;
  const entry: PostEntry = staticFile ? { file, id, url, link, title, date, expires, draft, sourceHash, staticFile } : { file, id, url, link, title, date, expires, draft, sourceHash };
  const terms = termsOf(
    termFeeds.tags ? post.tags : [],
    termFeeds.categories ? post.categories : [],
    termFeeds.authors ? post.authors.map((author) => author.name) : [],
    termFeeds.languages ? post.lang : undefined,
  );
  if (terms) entry.terms = terms;
  return entry;
}

/** A post's terms, undefined when it has none (src/cache/cache.ts reads them back the same way). */
export function termsOf(tags: string[], categories: string[], authors: string[], lang: string | undefined): PostTerms | undefined {
  if (tags.length === 0 && categories.length === 0 && authors.length === 0 && !lang) return undefined;
  return { tags, categories, authors, ...(lang ? { lang } : {}) };
}

/** A post file found by the load stage: its absolute path, and `file`, the path messages show. */
export interface PostFile {
  path: string;
  file: string;
}

/** A post file as read from disk; `file` is the path shown in messages. */
export interface SourceFile {
  file: string;
  bytes: Uint8Array;
  /** sourceHashOf(bytes), when the caller has it already (the scan hashes every file for the cache). */
  hash?: string;
}

/** Where a post stands at an instant (milliseconds since the epoch): the one rule for drafts, schedule and expiry. */
export type PostStatus = "draft" | "scheduled" | "expired" | "live";

export function statusAt(post: Pick<PostEntry, "draft" | "date" | "expires">, at: number): PostStatus {
  if (post.draft) return "draft";
  if (post.date.getTime() > at) return "scheduled";
  if (post.expires && post.expires.getTime() <= at) return "expired";
  return "live";
}

/** Size, times and identity of a post file (of a link's target): what the build cache compares (src/cache/stamp.ts). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}
