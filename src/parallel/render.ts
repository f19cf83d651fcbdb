import path from "node:path";
import type { MarkdownIt } from "markdown-it";
import type { Site } from "../model/site.js";
import { error } from "../common/diagnostics.js";
import type { Checked } from "../common/result.js";
import { readPostFile } from "../load/load.js";
import { createPostParser } from "../parse/post.js";
import type { PostEntry } from "../model/post.js";
import { renderItem } from "../render/item.js";
import { createMarkdownRenderer } from "../render/markdown.js";
import type { RenderedItem } from "../model/feed.js";

/**
 * One unit of rendering: read a post that reaches the feed again, in full, and render it. The
 * hash proves it is the same file that was parsed and selected. Runs on the main thread or in a
 * worker (src/parallel/worker.ts) with the same code.
 */
export function createRenderer(site: Site, cwd: string): (entry: PostEntry) => Checked<RenderedItem> {
  const parse = createPostParser(site);
  let md: MarkdownIt | undefined;
  const scratch = Buffer.allocUnsafe(256 * 1024);
  return (entry) => {
    const read = readPostFile(path.resolve(cwd, entry.file), entry.file, scratch);
    if (!read.ok) return read;
    const parsed = parse(read.value.source, { keepBody: true });
    if (!parsed.post || parsed.post.sourceHash !== entry.sourceHash) {
      return { ok: false, why: error(entry.file, "changed while the build was running; run the build again") };
    }
    return { ok: true, value: renderItem(parsed.post, parsed.body ?? "", site, (md ??= createMarkdownRenderer()), parsed.bodyLine) };
  };
}
