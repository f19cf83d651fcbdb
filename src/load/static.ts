import { lstatSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { StaticSize } from "../model/feed.js";

/**
 * Enclosures of the site's own files: a post may give a relative enclosure URL without `length`,
 * and the size is read from the file in the static folder (the folder published as the site's
 * root). Read for every post before selection (the files are checked by src/select/static-files.ts),
 * so it must stay cheap for 10,000 posts: synchronous calls (a promise per call cost 0.3 ms a file,
 * docs/performance.md), one real path per folder and one lstat per file. The lengths are filled in
 * by src/render/enclosure.ts.
 */

/** Stats each site path inside `staticDir`; nothing outside it is ever looked at. */
export async function readStaticSizes(staticDir: string, sitePaths: Iterable<string>): Promise<Map<string, StaticSize>> {
  const sizes = new Map<string, StaticSize>();
  const wanted = new Set(sitePaths);
  if (wanted.size === 0) return sizes;
  let root: string | undefined;
  try {
    root = realpathSync(staticDir);
  } catch {
    root = undefined;
  }
  const folders = new Map<string, string | StaticSize>();
  for (const sitePath of wanted) {
    sizes.set(sitePath, root === undefined ? { ok: false, why: "the static folder does not exist" } : sizeOf(root, sitePath, folders));
  }
  return sizes;
}

function sizeOf(root: string, sitePath: string, folders: Map<string, string | StaticSize>): StaticSize {
  const segments = sitePath.split("/");
  // sitePathOf (src/common/url.ts) allows no such segment; checked again because this reads the disk.
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) return { ok: false, why: "it is not a file path" };
  const file = path.join(root, ...segments);
  // A symbolic link may not lead out of the static folder: not the folder (resolved once per folder), nor the file.
  const folder = realFolder(root, path.dirname(file), folders);
  if (typeof folder !== "string") return folder;
  try {
    const leaf = path.join(folder, path.basename(file));
    let info = lstatSync(leaf);
    if (info.isSymbolicLink()) {
      const real = realpathSync(leaf);
      if (!inside(root, real)) return OUTSIDE;
      info = statSync(real);
    }
    return info.isFile() ? { ok: true, value: info.size } : { ok: false, why: "it is not a file" };
  } catch (cause) {
    return unreadable(cause);
  }
}

const OUTSIDE: StaticSize = { ok: false, why: "it is a link to a file outside the static folder" };

function realFolder(root: string, folder: string, folders: Map<string, string | StaticSize>): string | StaticSize {
  let known = folders.get(folder);
  if (known === undefined) {
    try {
      const real = realpathSync(folder);
      known = real === root || inside(root, real) ? real : OUTSIDE;
    } catch (cause) {
      known = unreadable(cause);
    }
    folders.set(folder, known);
  }
  return known;
}

function inside(root: string, real: string): boolean {
  return real.startsWith(root + path.sep);
}

function unreadable(cause: unknown): StaticSize {
  const code = (cause as NodeJS.ErrnoException).code;
  return { ok: false, why: code === "ENOENT" || code === "ENOTDIR" ? "it does not exist" : `it cannot be read (${code ?? String(cause)})` };
}
