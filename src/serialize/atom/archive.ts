import type { ArchiveLinks } from "../../model/feed.js";
import { FEED_HISTORY_NS } from "../rss/archive.js";
import { empty, lines } from "../xml/escape.js";

/**
 * RFC 5005 in Atom: `<link>` elements of the archive relations, and `<fh:archive/>` in an archive
 * document, after the feed's own elements (before the entries, as RFC 4287 orders them). Empty without archives.
 */
export function atomArchiveElements(archive: ArchiveLinks | undefined): string {
  if (!archive) return "";
  const link = (rel: string, href: string | undefined) => href !== undefined && empty("link", { rel, href, type: "application/atom+xml" });
  return lines(1, [link("current", archive.current?.atom), link("prev-archive", archive.prev?.atom), link("next-archive", archive.next?.atom), archive.isArchive && "<fh:archive/>"]);
}

/** The root's declaration of the `fh:` prefix, in an archive document only. */
export function atomArchiveNamespace(archive: ArchiveLinks | undefined): Record<string, string> {
  return archive?.isArchive ? { "xmlns:fh": FEED_HISTORY_NS } : {};
}
