import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { error, type Diagnostic } from "../diagnostics.js";
import type { FeedItem } from "../serialize/model.js";

/**
 * Enclosures of the site's own files: a post may give a relative enclosure URL without `length`,
 * and the size is read from the file in the static folder (the folder published as the site's
 * root). `readStaticSizes` is the I/O, done only for posts that reach a feed; `withEnclosureSizes`
 * is pure, so `buildFeeds` (src/pipeline.ts) and `runBuild` fill lengths the same way.
 */
export type StaticSize = { size: number } | { problem: string };

/** Stats each site path inside `staticDir`; nothing outside it is ever looked at. */
export async function readStaticSizes(staticDir: string, sitePaths: Iterable<string>): Promise<Map<string, StaticSize>> {
  const sizes = new Map<string, StaticSize>();
  const wanted = new Set(sitePaths);
  if (wanted.size === 0) return sizes;
  const root = await realpath(staticDir).catch(() => undefined);
  for (const sitePath of wanted) {
    sizes.set(sitePath, root === undefined ? { problem: "the static folder does not exist" } : await sizeOf(root, sitePath));
  }
  return sizes;
}

async function sizeOf(root: string, sitePath: string): Promise<StaticSize> {
  const segments = sitePath.split("/");
  // sitePathOf (src/parse/post.ts) allows no such segment; checked again because this reads the disk.
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) return { problem: "it is not a file path" };
  const file = path.join(root, ...segments);
  try {
    // A symbolic link may not lead out of the static folder.
    const real = await realpath(file);
    if (!real.startsWith(root + path.sep)) return { problem: "it is a link to a file outside the static folder" };
    const info = await stat(real);
    return info.isFile() ? { size: info.size } : { problem: "it is not a file" };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { problem: code === "ENOENT" || code === "ENOTDIR" ? "it does not exist" : `it cannot be read (${code ?? String(cause)})` };
  }
}

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
