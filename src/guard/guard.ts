import { compareStrings, error, type Diagnostic } from "../common/diagnostics.js";
import { statusAt, type PostEntry } from "../model/post.js";
import type { PreviousItem } from "../load/feeds.js";
import type { Staged } from "../common/result.js";

/**
 * The id guard. A feed reader knows an item by its id; if a published item comes back under
 * another id, every reader shows it again as new. So every item of the published feeds is looked
 * for in the new build: by its id (fine), else by its source file or its link (the same post under
 * another id: an error naming the post), else it has left the feeds (a note, with the reason).
 *
 * Matching: the source file (JSON Feed extension `_feedwright.file`, relative to the directory the
 * build runs in) is what survives a slug change, which changes both id and link; when the published
 * item names its file, the file alone decides, so a new post that happens to link where a deleted
 * one did is not mistaken for it. The link decides only for items without a known file (a feed from
 * before the extension, or an RSS or Atom file alone): it catches a changed `id` field, not a slug
 * change.
 */
export type LeftReason = "deleted" | "draft" | "scheduled" | "expired" | "limit";

export interface ChangedId {
  file: string;
  title: string;
  previousId: string;
  id: string;
  matchedBy: "file" | "link";
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
    }
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * Compares the published items with the new feed's items (`inFeed`) and every parsed post
 * (`posts`, for the reason an item left). Pure: `now` is the build's clock.
 */
export function guardIds(previous: readonly PreviousItem[], inFeed: readonly PostEntry[], posts: readonly PostEntry[], now: Date): Staged<IdGuardReport> {
  const newIds = new Set(inFeed.map((entry) => entry.id));
  const previousIds = new Set(previous.map((item) => item.id));
  const changedIds: ChangedId[] = [];
  const left: LeftItem[] = [];
  // A new item that carries some published id is that item, not another one.
  const candidates = inFeed.filter((entry) => !previousIds.has(entry.id));
  for (const item of previous) {
    if (newIds.has(item.id)) continue;
    const byFile = item.file !== undefined;
    const match = byFile ? candidates.find((entry) => entry.file === item.file) : candidates.find((entry) => item.links.includes(entry.link));
    if (match) {
      changedIds.push({ file: match.file, title: match.title, previousId: item.id, id: match.id, matchedBy: byFile ? "file" : "link" });
      continue;
    }
    const post = byFile ? posts.find((p) => p.file === item.file) : posts.find((p) => p.id === item.id || item.links.includes(p.link));
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
      `was published as '${changed.previousId}' and would now be '${changed.id}' (found by its ${changed.matchedBy === "file" ? "source file" : "link"} in the published feeds); ` +
        `a new id makes every reader show the post again as new. Keep the published id: add  id: ${changed.previousId}  to the frontmatter, or undo the change to slug, postUrl or siteUrl`,
      { field: "id" },
    ),
  );
  return { value: { checked: previous.length, changedIds, left }, diagnostics };
}

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
