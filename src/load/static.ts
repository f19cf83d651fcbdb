import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { StaticSize } from "../model/feed.js";

/**
 * Enclosures of the site's own files: a post may give a relative enclosure URL without `length`,
 * and the size is read from the file in the static folder (the folder published as the site's
 * root), only for posts that reach a feed. The lengths are filled in by src/render/enclosure.ts.
 */

/** Stats each site path inside `staticDir`; nothing outside it is ever looked at. */
export async function readStaticSizes(staticDir: string, sitePaths: Iterable<string>): Promise<Map<string, StaticSize>> {
  const sizes = new Map<string, StaticSize>();
  const wanted = new Set(sitePaths);
  if (wanted.size === 0) return sizes;
  const root = await realpath(staticDir).catch(() => undefined);
  for (const sitePath of wanted) {
    sizes.set(sitePath, root === undefined ? { ok: false, why: "the static folder does not exist" } : await sizeOf(root, sitePath));
  }
  return sizes;
}

async function sizeOf(root: string, sitePath: string): Promise<StaticSize> {
  const segments = sitePath.split("/");
  // sitePathOf (src/common/url.ts) allows no such segment; checked again because this reads the disk.
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) return { ok: false, why: "it is not a file path" };
  const file = path.join(root, ...segments);
  try {
    // A symbolic link may not lead out of the static folder.
    const real = await realpath(file);
    if (!real.startsWith(root + path.sep)) return { ok: false, why: "it is a link to a file outside the static folder" };
    const info = await stat(real);
    return info.isFile() ? { ok: true, value: info.size } : { ok: false, why: "it is not a file" };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { ok: false, why: code === "ENOENT" || code === "ENOTDIR" ? "it does not exist" : `it cannot be read (${code ?? String(cause)})` };
  }
}
