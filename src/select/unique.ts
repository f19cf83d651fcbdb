import { error, type Diagnostic } from "../common/diagnostics.js";
import type { Post } from "../model/post.js";

/**
 * Two posts with one id, or at one URL, would be one item to a reader and one page on the site:
 * both files are named. Slugs may repeat (`release/v1.md` and `announcements/v1.md` under
 * `postUrl` `/{path}/{slug}/` are two URLs).
 */
export function checkUnique(posts: readonly Pick<Post, "file" | "id" | "url">[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Same URL means same derived id: that pair is reported once, as the URL it comes from.
  const reported = new Set<string>();
  // Where every id is its post's URL (no post sets one), two ids are the same exactly where two URLs
  // are, and those pairs are reported already: the second pass would add nothing (half the stage at a million posts).
  const keys = posts.every((post) => post.id === post.url) ? (["url"] as const) : (["url", "id"] as const);
  for (const key of keys) {
    const seen = new Map<string, Pick<Post, "file" | "id" | "url">>();
    for (const post of posts) {
      const first = seen.get(post[key]);
      if (!first) {
        seen.set(post[key], post);
        continue;
      }
      const pair = `${first.file}\0${post.file}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      const what = key === "id" ? `id '${post.id}'` : `URL ${post.url}`;
      const fix = key === "id" ? "give one of them another id" : "give one of them another slug (or permalink), or add {path} to postUrl";
      diagnostics.push(error(post.file, `has the same ${what} as ${first.file}; ${fix}`, { field: key === "id" ? "id" : "slug" }));
      diagnostics.push(error(first.file, `has the same ${what} as ${post.file}; ${fix}`, { field: key === "id" ? "id" : "slug" }));
    }
  }
  return diagnostics;
}
