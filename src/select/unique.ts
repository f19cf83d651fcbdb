import { error, type Diagnostic } from "../common/diagnostics.js";
import type { Post } from "../model/post.js";

/** Two posts with one id or one slug would be one item to a reader: both files are named. */
export function checkUnique(posts: readonly Pick<Post, "file" | "id" | "slug">[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Same slug means same derived id: that pair is reported once, as the slug it comes from.
  const reported = new Set<string>();
  for (const key of ["slug", "id"] as const) {
    const seen = new Map<string, Pick<Post, "file" | "id" | "slug">>();
    for (const post of posts) {
      const first = seen.get(post[key]);
      if (!first) {
        seen.set(post[key], post);
        continue;
      }
      const pair = `${first.file}\0${post.file}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      const what = key === "id" ? `id '${post.id}'` : `slug '${post.slug}'`;
      diagnostics.push(error(post.file, `has the same ${what} as ${first.file}; give one of them another ${key}`, { field: key }));
      diagnostics.push(error(first.file, `has the same ${what} as ${post.file}; give one of them another ${key}`, { field: key }));
    }
  }
  return diagnostics;
}
