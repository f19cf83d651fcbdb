import type { Diagnostic } from "../common/diagnostics.js";
import type { FeedItem } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";
import type { Staged } from "../common/result.js";
import { renderPosts, type RenderPosts } from "./render.js";

/**
 * The full check (`--check-all`): what only rendering finds (raw HTML that swallows the rest,
 * removed active content), for the posts the feeds do not carry at this build: scheduled, past
 * `limit`, expired and drafts. They are rendered as they would be at publication (through the
 * build cache, so the next full check reuses them) and go no further: the items are handed back
 * only to be checked (the build also asks src/serialize/clean.ts what XML cannot carry), never written.
 */
export async function checkRenders(entries: readonly PostEntry[], render: RenderPosts): Promise<Staged<FeedItem[]>> {
  const rendered = await renderPosts(entries, render);
  const items = rendered.value.map((r) => r.item);
  const diagnostics: Diagnostic[] = [...rendered.diagnostics, ...items.flatMap((item) => item.warnings ?? [])];
  return { value: items, diagnostics };
}
