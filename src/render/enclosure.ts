import type { FeedItem, RenderedItem, StaticSize } from "../model/feed.js";
import { error, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { missingFileMessage } from "../select/static-files.js";

/** The site paths whose sizes the items need: local enclosures given without length. */
export function sitePathsOf(rendered: readonly RenderedItem[]): string[] {
  return rendered.flatMap((r) => (r.sitePath === undefined ? [] : [r.sitePath]));
}

/**
 * The items, with their local enclosures' lengths filled in. Every post's file was checked before
 * selection (src/select/static-files.ts); a size still missing here is the same error, kept so
 * that no item is ever written with a guessed length. `staticDirShown` is the static folder as messages show it.
 */
export function withEnclosureSizes(rendered: readonly RenderedItem[], sizes: ReadonlyMap<string, StaticSize>, staticDirShown: string): Staged<FeedItem[]> {
  const diagnostics: Diagnostic[] = [];
  const items = rendered.map(({ item, sitePath }) => {
    if (!item.enclosure || sitePath === undefined) return item;
    const size = sizes.get(sitePath) ?? { ok: false, why: "it does not exist" };
    if (!size.ok) {
      diagnostics.push(error(item.file, missingFileMessage(staticDirShown, sitePath, size.why), { field: "enclosure.url" }));
      return item;
    }
    return { ...item, enclosure: { ...item.enclosure, length: size.value } };
  });
  return { value: items, diagnostics };
}
