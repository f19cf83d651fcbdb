import { compareStrings, error, type Diagnostic } from "../common/diagnostics.js";
import { statusAt, type PostEntry } from "../model/post.js";
import type { PreviousItem } from "../load/feeds.js";
import { createMatcher, type MatchedBy } from "./match.js";
import type { Staged } from "../common/result.js";

/**
 * The id guard. A feed reader knows an item by its id; if a published item comes back under
 * another id, every reader shows it again as new. So every item of the published feeds is looked
 * for among the new build's posts (by id, source file, link, then title and publication instant:
 * src/guard/match.ts). Found in the feed under another id: an error naming the post and the `id:`
 * line that keeps the published id. Found outside the feed, or not found: it left the feeds (a
 * note, with the reason).
 */
export type LeftReason = "deleted" | "draft" | "scheduled" | "expired" | "limit";

export interface ChangedId {
  file: string;
  title: string;
  previousId: string;
  id: string;
  matchedBy: Exclude<MatchedBy, "id">;
}

export interface LeftItem {
  id: string;
  reason: LeftReason;
  /** The post's source file, when it still exists or the published feed named it. */
  file?: string;
  title?: string;
}

export interface IdGuardReport {
  /** Items of the published feeds compared with the new build. */
  checked: number;
  /** Published items still in the feed under another id: each one fails the build. */
  changedIds: ChangedId[];
  /** Published items no longer in the feed: reported, not errors. */
  left: LeftItem[];
}

/** Items of one or more published feeds, merged by id (the three formats carry the same items). */
export function mergePreviousItems(feeds: readonly (readonly PreviousItem[])[]): PreviousItem[] {
  const byId = new Map<string, PreviousItem>();
  for (const items of feeds) {
    for (const item of items) {
      const known = byId.get(item.id);
      if (!known) {
        byId.set(item.id, { ...item, links: [...item.links] });
        continue;
      }
      for (const link of item.links) if (!known.links.includes(link)) known.links.push(link);
      known.file ??= item.file;
      known.title ??= item.title;
      known.published ??= item.published;
    }
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * Compares the published items with the new feed's items (`inFeed`) and every parsed post
 * (`posts`, for the reason an item left). Pure: `now` is the build's clock. `postsFolder`: the
 * posts folder as files are shown, which published source files are relative to.
 */
export function guardIds(previous: readonly PreviousItem[], inFeed: readonly PostEntry[], posts: readonly PostEntry[], now: Date, postsFolder?: string): Staged<IdGuardReport> {
  const newIds = new Set(inFeed.map((entry) => entry.id));
  const feedFiles = new Set(inFeed.map((entry) => entry.file));
  const changedIds: ChangedId[] = [];
  const left: LeftItem[] = [];
  const match = createMatcher(posts, new Set(previous.map((item) => item.id)), postsFolder);
  for (const item of previous) {
    if (newIds.has(item.id)) continue;
    const found = match(item);
    if (found && found.by !== "id" && feedFiles.has(found.post.file)) {
      changedIds.push({ file: found.post.file, title: found.post.title, previousId: item.id, id: found.post.id, matchedBy: found.by });
      continue;
    }
    const post = found?.post;
    left.push({
      id: item.id,
      reason: post ? reasonOut(post, now) : "deleted",
      ...(post?.file ?? item.file ? { file: post?.file ?? item.file } : {}),
      ...(post?.title ?? item.title ? { title: post?.title ?? item.title } : {}),
    });
  }
  const diagnostics = changedIds.map((changed) =>
    error(
      changed.file,
      `was published as '${changed.previousId}' and would now be '${changed.id}' (found by its ${FOUND_BY[changed.matchedBy]} in the published feeds); ` +
        `a new id makes every reader show the post again as new. Keep the published id: add  id: ${changed.previousId}  to the frontmatter, or undo the change to the file name, slug, postUrl or siteUrl`,
      { field: "id" },
    ),
  );
  return { value: { checked: previous.length, changedIds, left }, diagnostics };
}

const FOUND_BY: Record<Exclude<MatchedBy, "id">, string> = { file: "source file", link: "link", "title and date": "title and publication date" };

/** Why a post that still exists is not in the feed any more. */
function reasonOut(post: PostEntry, now: Date): LeftReason {
  const status = statusAt(post, now.getTime());
  // Live but not in the feed: newer posts pushed it past the limit.
  return status === "live" ? "limit" : status;
}

/** One line per item that left, for the report. */
export function describeLeft(item: LeftItem): string {
  const what = item.title ? `"${item.title}" (${item.id})` : item.id;
  const why: Record<LeftReason, string> = {
    deleted: "its post no longer exists",
    draft: "it is a draft again",
    scheduled: "its date is now in the future",
    expired: "it expired",
    limit: "newer posts pushed it past the item limit",
  };
  return `${what} left the feeds: ${why[item.reason]}`;
}
