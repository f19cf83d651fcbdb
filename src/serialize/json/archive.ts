import type { ArchiveLinks } from "../../model/feed.js";

/**
 * JSON Feed 1.1's pagination: `next_url` is "the next n items", older ones, so it names the next
 * older archive page (RSS/Atom's prev-archive); the oldest page has none. JSON Feed has no
 * equivalent of `fh:archive`, `current` or `next-archive`.
 */
export function jsonNextUrl(archive: ArchiveLinks | undefined): { next_url?: string } {
  return archive?.prev?.json === undefined ? {} : { next_url: archive.prev.json };
}
