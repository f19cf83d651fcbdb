import path from "node:path";
import type { MarkdownIt } from "markdown-it";
import type { Site } from "../config/parse.js";
import { error, type Diagnostic } from "../diagnostics.js";
import { readPostFile } from "../load/load.js";
import { createPostParser } from "../parse/post.js";
import type { PostEntry } from "../post/model.js";
import { renderItem } from "../render/item.js";
import { createMarkdownRenderer } from "../render/markdown.js";
import type { FeedItem } from "../serialize/model.js";

/**
 * One unit of rendering: read a post that reaches the feed again, in full, and render it. The
 * hash proves it is the same file that was parsed and selected. Runs on the main thread or in a
 * worker (src/parallel/worker.ts) with the same code.
 */
export function createRenderer(site: Site, cwd: string): (entry: PostEntry) => FeedItem | Diagnostic {
  const parse = createPostParser(site);
  let md: MarkdownIt | undefined;
  const scratch = Buffer.allocUnsafe(256 * 1024);
  return (entry) => {
    const read = readPostFile(path.resolve(cwd, entry.file), entry.file, scratch);
    if ("diagnostic" in read) return read.diagnostic;
    const parsed = parse(read.source, { keepBody: true });
    if (!parsed.post || parsed.post.sourceHash !== entry.sourceHash) {
      return error(entry.file, "changed while the build was running; run the build again");
    }
    return renderItem(parsed.post, parsed.body ?? "", site, (md ??= createMarkdownRenderer()), parsed.bodyLine);
  };
}
