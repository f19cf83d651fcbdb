import { error, type Diagnostic } from "../shared/diagnostics.js";
import type { FeedItem, StaticSize } from "../model/feed.js";

/**
 * Local enclosures without length: their files in the static folder. `staticDirShown` is the
 * static folder as messages show it. Checked for every post on every build (`checkEnclosures`),
 * whatever its status, so that a scheduled post whose file is missing fails today's build and
 * not the unattended one at its date; the lengths are filled in for the items that reach a feed.
 */
export function checkEnclosures(
  posts: readonly { file: string; enclosurePath?: string }[],
  sizes: ReadonlyMap<string, StaticSize>,
  staticDirShown: string,
): Diagnostic[] {
  return posts.flatMap((post) => {
    if (post.enclosurePath === undefined) return [];
    const found = sizes.get(post.enclosurePath) ?? { problem: "it does not exist" };
    return "problem" in found ? [missing(post.file, post.enclosurePath, found.problem, staticDirShown)] : [];
  });
}

function missing(file: string, sitePath: string, problem: string, staticDirShown: string): Diagnostic {
  const shown = `${staticDirShown.replace(/\/$/, "")}/${sitePath}`;
  return error(file, `the enclosure has no length, so it is read from ${shown}, but ${problem}; add the file to the static folder (staticDir) or give enclosure.length`, {
    field: "enclosure.url",
  });
}

/** Items with their local enclosures' lengths filled in; a file that is missing is an error naming the post and the field. */
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
    if ("problem" in found) {
      diagnostics.push(missing(item.file, sitePath, found.problem, staticDirShown));
      return item;
    }
    const { sitePath: _measured, ...enclosure } = item.enclosure;
    return { ...item, enclosure: { ...enclosure, length: found.size } };
  });
  return { items: filled, diagnostics };
}
