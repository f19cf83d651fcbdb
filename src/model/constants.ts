/**
 * Names the build needs before (or without) checking the configuration: kept apart from the
 * schema (src/model/site.ts), so that loading them does not load the schema library.
 */
export const CONFIG_FILE = "feedwright.config.json";
/** Lets CI build for another host (a preview, a fork's Pages site) without editing the file. */
export const SITE_URL_ENV = "FEEDWRIGHT_SITE_URL";
/** Where the build cache lives unless the configuration says otherwise (cacheDir). */
export const DEFAULT_CACHE_DIR = ".feedwright-cache";
