import type { PostEntry } from "../model/post.js";
import type { PreviousItem } from "../load/feeds.js";
import { sourcePathOf } from "../parse/file-name.js";

/**
 * Finds the post a published item came from, whatever tool wrote the published feed. In order:
 *
 * 1. the id (the same item);
 * 2. the source file, when the feed names it (feedwright's JSON Feed): while that file exists it
 *    alone decides, so a new post that happens to link where a deleted one did is not taken for it;
 * 3. the link, for items that name no file (RSS, Atom, other tools' feeds): a changed `id` field;
 * 4. the title and the publication instant (to the second, what RFC 822 keeps): what survives a
 *    file rename, a new slug rule and a new URL scheme. Titles are compared by their letters and
 *    digits only (NFKC, any case), because other tools rewrite them (jekyll-feed's curly quotes
 *    and dashes, entities); a title and instant two posts share decide nothing.
 *
 * The guard and the adopt command both match with this, so what one reports the other can fix.
 */
export type MatchedBy = "id" | "file" | "link" | "title and date";

export interface Match<P> {
  post: P;
  by: MatchedBy;
}

type Matchable = Pick<PostEntry, "file" | "id" | "link" | "title" | "date">;

export function titleKey(title: string): string {
  return title.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

const toSecond = (ms: number) => Math.floor(ms / 1000);

/**
 * Made once per build. `taken`: ids of published items; a post carrying one of them is that
 * item, so it is never matched to another by file, link or title.
 */
export function createMatcher<P extends Matchable>(posts: readonly P[], taken: ReadonlySet<string>, postsFolder?: string) {
  const byId = new Map<string, P>();
  const byFile = new Map<string, P>();
  const byLink = new Map<string, P[]>();
  const byTitle = new Map<string, P[]>();
  const push = (map: Map<string, P[]>, key: string, post: P) => {
    const list = map.get(key);
    if (list) list.push(post);
    else map.set(key, [post]);
  };
  for (const post of posts) {
    if (!byId.has(post.id)) byId.set(post.id, post);
    if (taken.has(post.id)) continue;
    // Feeds name the file below the posts folder; those written before that, from the working directory.
    byFile.set(post.file, post);
    if (postsFolder !== undefined) byFile.set(sourcePathOf(post.file, postsFolder), post);
    push(byLink, post.link, post);
    const key = titleKey(post.title);
    if (key !== "") push(byTitle, `${toSecond(post.date.getTime())}\0${key}`, post);
  }
  const only = (list: P[] | undefined) => (list && list.length === 1 ? list[0] : undefined);

  return (item: PreviousItem): Match<P> | undefined => {
    const same = byId.get(item.id);
    if (same) return { post: same, by: "id" };
    if (item.file !== undefined) {
      const file = byFile.get(item.file);
      if (file) return { post: file, by: "file" };
    } else {
      for (const link of item.links) {
        const post = only(byLink.get(link));
        if (post) return { post, by: "link" };
      }
    }
    if (item.title === undefined || item.published === undefined) return undefined;
    const key = titleKey(item.title);
    const post = key === "" ? undefined : only(byTitle.get(`${toSecond(item.published)}\0${key}`));
    return post ? { post, by: "title and date" } : undefined;
  };
}
