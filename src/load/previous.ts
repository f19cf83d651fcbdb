import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { parsePreviousFeed, type PreviousItem } from "./feeds.js";

/**
 * Reads the currently published feeds for the id guard (`--previous <path>`): a folder holding
 * them under the configured file names (what the workflow downloads), or one feed file.
 *
 * A missing file in the folder is normal (the first publication, or a format added later). A file
 * that cannot be read as a feed is a warning and is skipped, not an error: a broken published feed
 * must not stop the very build that replaces it. A path that does not exist at all is an error:
 * it is a typo, and a guard that silently checks nothing is no guard. The value: the items of each feed read.
 */
export async function readPreviousFeeds(previousPath: string, fileNames: readonly string[], display: (absolute: string) => string): Promise<Staged<PreviousItem[][]>> {
  const shown = display(previousPath);
  const info = await stat(previousPath).catch(() => undefined);
  if (!info) {
    return { value: [], diagnostics: [error(shown, "--previous names no file or folder; pass the folder the published feeds were downloaded to")] };
  }
  const candidates = info.isDirectory() ? fileNames.map((name) => path.join(previousPath, name)) : [previousPath];
  const result: Staged<PreviousItem[][]> = { value: [], diagnostics: [] };
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") continue;
      result.diagnostics.push(warning(display(file), `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); the id guard skipped it`));
      continue;
    }
    const feed = parsePreviousFeed(text);
    if (!feed.ok) {
      result.diagnostics.push(warning(display(file), `${feed.why}; the id guard skipped it (is this the published RSS, Atom or JSON feed?)`));
      continue;
    }
    result.value.push(feed.value.items);
  }
  return result;
}
