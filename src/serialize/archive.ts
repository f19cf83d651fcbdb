import type { ArchiveLinks, ArchivePlan, FeedItem, FeedMeta, FormatUrls } from "../model/feed.js";

/**
 * RFC 5005 archives (README "Archives"): which items the main feed keeps and which archive page
 * holds each of the others. Pages are counted from the oldest item: page 1 holds the oldest
 * `itemsPerPage` items, page 2 the next ones, and so on, so a page's items depend only on the items
 * at and before it, never on how many posts came after. Pure.
 */
type ArchiveOptions = ArchivePlan;

/**
 * How many of the oldest items `count` items put in full pages: every item but the newest `limit`,
 * rounded down to whole pages, so the main feed keeps the newest `limit` and fewer than a page more.
 * No count (limit 0): none.
 */
export function fullPagesItems(count: number, options: Pick<ArchiveOptions, "itemsPerPage" | "limit">): number {
  if (options.limit === 0) return 0;
  return Math.floor(Math.max(0, count - options.limit) / options.itemsPerPage) * options.itemsPerPage;
}

/** The items of page n when the oldest `archived` of `items` (newest first) are archived: newest first, as in every feed. */
export function pageItems<T>(items: readonly T[], archived: number, itemsPerPage: number, n: number): T[] {
  const total = items.length;
  return items.slice(total - Math.min(n * itemsPerPage, archived), total - (n - 1) * itemsPerPage);
}

/** The main feed's links: to the newest page, when there is one. */
export function mainLinks(pages: number, options: ArchiveOptions): ArchiveLinks | undefined {
  return pages > 0 ? { isArchive: false, prev: options.page(pages).selfUrls } : undefined;
}

/**
 * Page n's links: the main feed (`current`), the next older page and, where it exists, the next
 * newer one. The newest page has no `next-archive` until the page after it is written (a link
 * that would 404 until then misleads readers), so it changes once, that build.
 */
export function pageLinks(n: number, pages: number, main: FormatUrls, options: ArchiveOptions): ArchiveLinks {
  return {
    isArchive: true,
    current: main,
    ...(n > 1 ? { prev: options.page(n - 1).selfUrls } : {}),
    ...(n < pages ? { next: options.page(n + 1).selfUrls } : {}),
  };
}

/**
 * A page's metadata: the feed's, with the page's own URLs (self links), its links, its date (its
 * newest item's) and the stylesheet reference made relative to the page's folder. No WebSub hubs:
 * an archive is read once, never subscribed to.
 */
export function pageMeta(meta: FeedMeta, items: readonly FeedItem[], links: ArchiveLinks, own: FormatUrls): FeedMeta {
  const { hubs: _, ...feed } = meta;
  return { ...feed, updated: newestModified(items), selfUrls: own, archive: links, ...(meta.stylesheet === undefined ? {} : { stylesheet: stylesheetFrom(meta.stylesheet, meta.selfUrls, own) }) };
}

/** Newest modification among the items (the date of a feed holding them); a fixed date for none, never the clock. */
export function newestModified(items: readonly FeedItem[]): Date {
  const newest = items.reduce<Date | undefined>((max, item) => (!max || item.modified > max ? item.modified : max), undefined);
  return newest ?? new Date(0);
}

/** A stylesheet reference relative to the main feed, as the page at `page` must write it. */
function stylesheetFrom(stylesheet: string, mainUrls: FormatUrls, pageUrls: FormatUrls): string {
  // Absolute or root-relative: the same from anywhere. The XML formats are the ones that use it.
  const main = mainUrls.rss ?? mainUrls.atom;
  const page = pageUrls.rss ?? pageUrls.atom;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:|^\//.test(stylesheet) || main === undefined || page === undefined) return stylesheet;
  const folder = new URL(".", main).href;
  if (!page.startsWith(folder)) return new URL(stylesheet, main).href;
  const depth = page.slice(folder.length).split("/").length - 1;
  return "../".repeat(depth) + stylesheet;
}
