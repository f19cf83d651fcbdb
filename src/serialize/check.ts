import type { Diagnostic } from "../common/diagnostics.js";
import type { PostEntry } from "../model/post.js";
import { renderPosts, type RenderPosts } from "../render/render.js";
import { cleanItems } from "./clean.js";

/**
 * The full check (`--check-all`): what only rendering finds (raw HTML that swallows the rest,
 * removed active content, characters XML cannot carry), for the posts the feeds do not carry at
 * this build: scheduled, past `limit`, expired and drafts. They are rendered as they would be at
 * publication (through the build cache, so the next full check reuses them) and go no further:
 * nothing of them reaches an output. It sits with the serializers because it runs their cleaning
 * (src/serialize/clean.ts) after the render.
 */
export async function checkRenders(entries: readonly PostEntry[], render: RenderPosts): Promise<Diagnostic[]> {
  const rendered = await renderPosts(entries, render);
  const items = rendered.value.map((r) => r.item);
  return [...rendered.diagnostics, ...items.flatMap((item) => item.warnings ?? []), ...cleanItems(items).diagnostics];
}
