import type { ArchivePlan, FeedFormat } from "../model/feed.js";
import type { Site } from "../model/site.js";

/** `{n}` of the archives' path pattern: the page's number. */
export const PAGE_TOKEN = "{n}";

/**
 * Where the archive pages of the main feed go (README "Archives"): page n's folder is the `path`
 * pattern with its number, below the output folder and the site URL, and each of its files is
 * named as the main feed's file of that format (`archive/3/rss.xml`). Pure.
 */
export function archivePlan(site: Site, archives: NonNullable<Site["archives"]>, files: Partial<Record<FeedFormat, string>>): ArchivePlan {
  const page = (n: number) => {
    const folder = archives.path.replaceAll(PAGE_TOKEN, String(n));
    const named = Object.fromEntries(Object.entries(files).map(([format, file]) => [format, `${folder}/${file}`]));
    const urls = Object.fromEntries(Object.entries(named).map(([format, file]) => [format, new URL(file, site.siteUrl).href]));
    return { files: named, selfUrls: urls };
  };
  return { itemsPerPage: archives.itemsPerPage, limit: site.limit, page };
}
