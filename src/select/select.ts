import { compareStrings } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { checkUnique } from "./unique.js";
import { checkStaticFiles, type StaticFacts } from "./static-files.js";
import { statusAt, type PostEntry } from "../model/post.js";

/**
 * Which posts the feeds carry at the instant `now`, and why the others are not there.
 * Drafts never count; a post whose date is after `now` waits; an expired post has left.
 * The limit applies to what remains, newest first.
 */
export interface Selection<P extends PostEntry = PostEntry> {
  /** Newest first, at most `limit` (0 = all): what the feeds carry. */
  items: P[];
  /** Every live post, newest first (`items` is its first `limit`): each gets a page with `publish: "site"`. */
  live: P[];
  counts: { published: number; inFeed: number; drafts: number; scheduled: number; expired: number };
  /** The earliest post still waiting: when the next build changes the feeds. */
  nextScheduled?: P;
  /** The earliest instant at which a currently listed post expires. */
  nextExpiry?: P;
}

/** Newest first; equal dates fall back to the id, so the order never depends on file-system order. */
export function compareNewestFirst(a: PostEntry, b: PostEntry): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(a.id, b.id);
}

export function selectPosts<P extends PostEntry>(posts: readonly P[], now: Date, limit: number): Selection<P> {
  const at = now.getTime();
  let drafts = 0;
  let expired = 0;
  const scheduled: P[] = [];
  const live: P[] = [];
  for (const post of posts) {
    const status = statusAt(post, at);
    if (status === "draft") drafts++;
    else if (status === "scheduled") scheduled.push(post);
    else if (status === "expired") expired++;
    else live.push(post);
  }
  live.sort(compareNewestFirst);
  scheduled.sort((a, b) => -compareNewestFirst(a, b));
  const items = limit > 0 ? live.slice(0, limit) : live;
  const nextExpiry = items.filter((p) => p.expires).sort((a, b) => a.expires!.getTime() - b.expires!.getTime() || compareStrings(a.id, b.id))[0];
  return {
    items,
    live,
    counts: { published: live.length, inFeed: items.length, drafts, scheduled: scheduled.length, expired },
    nextScheduled: scheduled[0],
    nextExpiry,
  };
}

/**
 * The select stage: the checks of every post that need no rendering (one id and one URL per post;
 * the static files they need, from `facts`), then the selection. Every post is checked
 * whatever its status, so a problem of a scheduled post or one past `limit` fails today's build.
 * `withDrafts`: drafts' files too (the full check, --check-all).
 */
export function checkAndSelect<P extends PostEntry>(posts: readonly P[], now: Date, limit: number, facts: StaticFacts, withDrafts = false): Staged<Selection<P>> {
  const diagnostics = [...checkUnique(posts), ...checkStaticFiles(posts, facts, withDrafts)];
  return { value: selectPosts(posts, now, limit), diagnostics };
}
