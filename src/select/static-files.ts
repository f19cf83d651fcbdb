import { error, type Diagnostic } from "../common/diagnostics.js";
import type { StaticSize } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";

/**
 * The checks of every post that need the file system but no rendering: a local enclosure without
 * length is measured from its file in the static folder, so that file must be there. Run before
 * selection on every post, live, past `limit`, scheduled or expired, so a scheduled episode whose
 * file is missing fails today's build, not the unattended one at its publication. Drafts are work in
 * progress (their media may not exist yet): checked only by the full check (`--check-all`).
 * The facts (which files exist, their sizes) are read at the load end (src/load/static.ts).
 */
export interface StaticFacts {
  sizes: ReadonlyMap<string, StaticSize>;
  /** The static folder as messages show it. */
  shown: string;
}

/** Which posts the checks cover: every one but drafts, or (the full check) every one. */
export function staticFileChecked(post: Pick<PostEntry, "draft">, withDrafts: boolean): boolean {
  return withDrafts || !post.draft;
}

/** The site paths whose facts the checks need. */
export function staticPathsOf(posts: readonly PostEntry[], withDrafts: boolean): string[] {
  return posts.flatMap((post) => (post.staticFile && staticFileChecked(post, withDrafts) ? [post.staticFile.sitePath] : []));
}

/** One error per post whose file is missing or unusable, naming the field (its line is added by src/parse/locate.ts). */
export function checkStaticFiles(posts: readonly PostEntry[], facts: StaticFacts, withDrafts: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const post of posts) {
    const ref = post.staticFile;
    if (!ref || !staticFileChecked(post, withDrafts)) continue;
    const size = facts.sizes.get(ref.sitePath) ?? { ok: false, why: "it does not exist" };
    if (size.ok) continue;
    diagnostics.push(error(post.file, missingFileMessage(facts.shown, ref.sitePath, size.why), { field: ref.field }));
  }
  return diagnostics;
}

export function missingFileMessage(staticShown: string, sitePath: string, why: string): string {
  const shown = `${staticShown.replace(/\/$/, "")}/${sitePath}`;
  return `the enclosure has no length, so it is read from ${shown}, but ${why}; add the file to the static folder (staticDir) or give enclosure.length`;
}
