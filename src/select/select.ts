import { compareStrings } from "../diagnostics.js";
import type { Post } from "../post/model.js";

/**
 * Which posts the feeds carry at the instant `now`, and why the others are not there.
 * Drafts never count; a post whose date is after `now` waits; an expired post has left.
 * The limit applies to what remains, newest first.
 */
export interface Selection {
  /** Newest first, at most `limit` (0 = all). */
  items: Post[];
  counts: { published: number; inFeed: number; drafts: number; scheduled: number; expired: number };
  /** The earliest post still waiting: when the next build changes the feeds. */
  nextScheduled?: Post;
  /** The earliest instant at which a currently listed post expires. */
  nextExpiry?: Post;
}

/** Newest first; equal dates fall back to the id, so the order never depends on file-system order. */
export function compareNewestFirst(a: Post, b: Post): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(a.id, b.id);
}

export function selectPosts(posts: readonly Post[], now: Date, limit: number): Selection {
  const at = now.getTime();
  let drafts = 0;
  let expired = 0;
  const scheduled: Post[] = [];
  const live: Post[] = [];
  for (const post of posts) {
    if (post.draft) drafts++;
    else if (post.date.getTime() > at) scheduled.push(post);
    else if (post.expires && post.expires.getTime() <= at) expired++;
    else live.push(post);
  }
  live.sort(compareNewestFirst);
  scheduled.sort((a, b) => -compareNewestFirst(a, b));
  const items = limit > 0 ? live.slice(0, limit) : live;
  const nextExpiry = items.filter((p) => p.expires).sort((a, b) => a.expires!.getTime() - b.expires!.getTime() || compareStrings(a.id, b.id))[0];
  return {
    items,
    counts: { published: live.length, inFeed: items.length, drafts, scheduled: scheduled.length, expired },
    nextScheduled: scheduled[0],
    nextExpiry,
  };
}
