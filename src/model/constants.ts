/**
 * Names the build needs before (or without) checking the configuration: kept apart from the
 * schema (src/model/site.ts), so that loading them does not load the schema library.
 */
export const CONFIG_FILE = "feedwright.config.json";
/** Lets CI build for another host (a preview, a fork's Pages site) without editing the file. */
export const SITE_URL_ENV = "FEEDWRIGHT_SITE_URL";
/** Where the build cache lives unless the configuration says otherwise (cacheDir). */
export const DEFAULT_CACHE_DIR = ".feedwright-cache";

/** The kinds of term feed (README "Feeds per tag, category, author and language"). */
export const TERM_KINDS = ["tags", "categories", "authors", "languages"] as const;
export type TermKind = (typeof TERM_KINDS)[number];
/** One term of each kind, as messages name it. */
export const TERM_KIND_NAMES: Readonly<Record<TermKind, string>> = { tags: "tag", categories: "category", authors: "author", languages: "language" };
