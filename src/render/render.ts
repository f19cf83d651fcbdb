import type { RenderedItem } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";
import type { Diagnostic } from "../common/diagnostics.js";
import type { Checked, Staged } from "../common/result.js";

/** Renders posts that reach the feed, in their order (src/parallel/render.ts does one with renderItem; the cache and the threads sit around it). */
export type RenderPosts = (entries: readonly PostEntry[]) => Promise<Checked<RenderedItem>[]>;

/** The render stage: each selected post to its feed item, in feed order, with every problem found. */
export async function renderPosts(entries: readonly PostEntry[], render: RenderPosts): Promise<Staged<RenderedItem[]>> {
  const items: RenderedItem[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const outcome of await render(entries)) {
    if (outcome.ok) items.push(outcome.value);
    else diagnostics.push(outcome.why);
  }
  return { value: items, diagnostics };
}
