import { error, type Diagnostic } from "../common/diagnostics.js";
import type { FeedItem, StaticSize } from "../model/feed.js";

/**
 * Items with their local enclosures' lengths filled in; a file that is missing is an error naming
 * the post and the field. `staticDirShown` is the static folder as messages show it.
 */
export function withEnclosureSizes(
  items: readonly FeedItem[],
  sizes: ReadonlyMap<string, StaticSize>,
  staticDirShown: string,
): { items: FeedItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const filled = items.map((item) => {
    const sitePath = item.enclosure?.sitePath;
    if (!item.enclosure || sitePath === undefined) return item;
    const found = sizes.get(sitePath) ?? { problem: "it does not exist" };
    const shown = `${staticDirShown.replace(/\/$/, "")}/${sitePath}`;
    if ("problem" in found) {
      diagnostics.push(
        error(item.file, `the enclosure has no length, so it is read from ${shown}, but ${found.problem}; add the file to the static folder (staticDir) or give enclosure.length`, {
          field: "enclosure.url",
        }),
      );
      return item;
    }
    const { sitePath: _measured, ...enclosure } = item.enclosure;
    return { ...item, enclosure: { ...enclosure, length: found.size } };
  });
  return { items: filled, diagnostics };
}
