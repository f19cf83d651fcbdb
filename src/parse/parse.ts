import type { PostEntry, PostFile } from "../model/post.js";
import type { Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";

/** What the scan gives for one post file: its entry when it parsed, and what parsing it found. */
export interface ScanOutcome {
  file: string;
  entry?: PostEntry;
  diagnostics: Diagnostic[];
}

/** Reads and parses post files, in their order (src/parallel/scan.ts does one; the cache and the threads sit around it). */
export type ScanPosts = (files: readonly PostFile[]) => Promise<ScanOutcome[]>;

/** The parse stage: every post file to its entry, in file order, with every problem found. */
export async function parsePosts(files: readonly PostFile[], scan: ScanPosts): Promise<Staged<PostEntry[]>> {
  const posts: PostEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const outcome of await scan(files)) {
    diagnostics.push(...outcome.diagnostics);
    if (outcome.entry) posts.push(outcome.entry);
  }
  return { value: posts, diagnostics };
}
