import type { FeedItem, RenderedItem, StaticSize } from "../model/feed.js";
import { error, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";

/** The site paths whose sizes the items need: local enclosures given without length. */
export function sitePathsOf(rendered: readonly RenderedItem[]): string[] {
  return rendered.flatMap((r) => (r.sitePath === undefined ? [] : [r.sitePath]));
}

/**
 * The items, with their local enclosures' lengths filled in; a file that is missing is an error
 * naming the post and the field. `staticDirShown` is the static folder as messages show it.
 */
export function withEnclosureSizes(rendered: readonly RenderedItem[], sizes: ReadonlyMap<string, StaticSize>, staticDirShown: string): Staged<FeedItem[]> {
  const diagnostics: Diagnostic[] = [];
  const items = rendered.map(({ item, sitePath }) => {
    if (!item.enclosure || sitePath === undefined) return item;
    const size = sizes.get(sitePath) ?? { ok: false, why: "it does not exist" };
    if (!size.ok) {
      const shown = `${staticDirShown.replace(/\/$/, "")}/${sitePath}`;
      const message = `the enclosure has no length, so it is read from ${shown}, but ${size.why}; add the file to the static folder (staticDir) or give enclosure.length`;
      diagnostics.push(error(item.file, message, { field: "enclosure.url" }));
      return item;
    }
    return { ...item, enclosure: { ...item.enclosure, length: size.value } };
  });
  return { value: items, diagnostics };
}
