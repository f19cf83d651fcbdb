import type { ArchiveLinks } from "../../model/feed.js";
import { empty, lines } from "../xml/escape.js";

/** RFC 5005's namespace of `fh:archive`. */
export const FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0";

/**
 * RFC 5005 in RSS 2.0 (its appendix B): `atom:link` elements of the archive relations, and
 * `<fh:archive/>` in an archive document, as the last children of the channel. Empty without archives.
 */
export function rssArchiveElements(archive: ArchiveLinks | undefined): string {
  if (!archive) return "";
  const link = (rel: string, href: string | undefined) => href !== undefined && empty("atom:link", { href, rel, type: "application/rss+xml" });
  return lines(2, [link("current", archive.current?.rss), link("prev-archive", archive.prev?.rss), link("next-archive", archive.next?.rss), archive.isArchive && "<fh:archive/>"]);
}

/** The root's declaration of the `fh:` prefix, in an archive document only. */
export function rssArchiveNamespace(archive: ArchiveLinks | undefined): Record<string, string> {
  return archive?.isArchive ? { "xmlns:fh": FEED_HISTORY_NS } : {};
}
