/**
 * Drafts and scheduled posts never reach any file, whatever the limit; drafts take no place in it.
 * The build runs for real (runBuild) on tests/fixtures/schedule with limits 0, 1, 2 and 1000.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/build.js";
import type { PostEntry } from "../../src/model/post.js";
import { selectPosts } from "../../src/select/select.js";
import { FIXTURES, REPO, tempDir } from "../helpers/build.js";
import { readWithFeedsmith } from "../support/feed-readers.js";

const SITE = path.join(FIXTURES, "schedule");
const NOW = new Date("2024-04-11T10:00:00+02:00");
const id = (slug: string) => `https://schedule.example/posts/${slug}/`;
/** Published at NOW, newest first. */
const LIVE = ["2024-04-10-spring", "2024-04-05-expiring", "2024-03-31-gap", "2024-03-01-winter"].map(id);

async function buildWithLimit(limit: number, now = NOW) {
  const dir = await tempDir("feedwright-select-");
  const config = JSON.parse(await readFile(path.join(SITE, "feedwright.config.json"), "utf8")) as Record<string, unknown>;
  const configPath = path.join(dir, "feedwright.config.json");
  await writeFile(configPath, JSON.stringify({ ...config, limit }));
  const outDir = path.join(dir, "public");
  const result = await runBuild({ configPath, postsDir: path.join(SITE, "posts"), outDir, cwd: REPO, now, env: {}, cache: false, threads: 1 });
  expect(result.ok).toBe(true);
  const files = await Promise.all(["rss.xml", "atom.xml", "feed.json"].map((name) => readFile(path.join(outDir, name), "utf8")));
  return { result, files: { rss: files[0]!, atom: files[1]!, json: files[2]! } };
}

describe("drafts and scheduled posts, whatever the limit", () => {
  for (const limit of [0, 1, 2, 1000]) {
    it(`limit ${limit}: no draft or future post in any file; the newest published posts fill the limit`, async () => {
      const { result, files } = await buildWithLimit(limit);
      for (const [format, text] of Object.entries(files)) {
        // Neither title nor body nor URL of a draft or a scheduled post, anywhere in the bytes.
        expect(text, format).not.toContain("DRAFT-MARKER");
        expect(text, format).not.toContain("FUTURE-MARKER");
        expect(text, format).not.toContain("draft-newest");
        expect(text, format).not.toContain("2024-04-20-future");
        expect(text, format).not.toContain("2099-draft-future");
        const ids = (await readWithFeedsmith(text, format as "rss" | "atom" | "json")).items.map((item) => item.id);
        // The draft dated 09:00 today is newer than every live post: were it counted, limit 1 would be empty.
        expect(ids, format).toEqual(limit === 0 ? LIVE : LIVE.slice(0, limit));
      }
      expect(result.selection?.counts).toEqual({ published: 4, inFeed: limit === 0 ? 4 : Math.min(limit, 4), drafts: 2, scheduled: 1, expired: 0 });
      expect(result.selection?.nextScheduled?.file).toBe("tests/fixtures/schedule/posts/2024-04-20-future.md");
    });
  }

  it("once its time comes the scheduled post is in, and the expired one is out; drafts still absent", async () => {
    const { result, files } = await buildWithLimit(0, new Date("2024-04-20T10:00:00+02:00"));
    expect(result.selection?.counts).toEqual({ published: 4, inFeed: 4, drafts: 2, scheduled: 0, expired: 1 });
    for (const text of Object.values(files)) {
      expect(text).toContain(id("2024-04-20-future"));
      expect(text).not.toContain(id("2024-04-05-expiring"));
      expect(text).not.toContain("DRAFT-MARKER");
    }
  });
});

describe("selectPosts", () => {
  const post = (name: string, date: string, extra: Partial<PostEntry> = {}): PostEntry => ({
    file: `posts/${name}.md`,
    id: `https://s.example/${name}/`,
    url: `https://s.example/${name}/`,
    link: `https://s.example/${name}/`,
    title: name,
    date: new Date(date),
    draft: false,
    sourceHash: name,
    ...extra,
  });
  const now = new Date("2024-06-01T12:00:00Z");

  it("a post dated exactly now is in; a millisecond later it waits; it expires exactly at its expiry", () => {
    const posts = [
      post("now", "2024-06-01T12:00:00.000Z"),
      post("soon", "2024-06-01T12:00:00.001Z"),
      post("ends-now", "2024-01-01T00:00:00Z", { expires: new Date("2024-06-01T12:00:00.000Z") }),
      post("ends-later", "2024-01-01T00:00:00Z", { expires: new Date("2024-06-01T12:00:00.001Z") }),
    ];
    const selection = selectPosts(posts, now, 0);
    expect(selection.items.map((p) => p.title)).toEqual(["now", "ends-later"]);
    expect(selection.counts).toEqual({ published: 2, inFeed: 2, drafts: 0, scheduled: 1, expired: 1 });
    expect(selection.nextScheduled?.title).toBe("soon");
    expect(selection.nextExpiry?.title).toBe("ends-later");
  });

  it("names the earliest of several scheduled posts, whatever the input order", () => {
    const posts = [post("late", "2024-07-01T00:00:00Z"), post("early", "2024-06-02T00:00:00Z"), post("mid", "2024-06-15T00:00:00Z")];
    expect(selectPosts(posts, now, 0).nextScheduled?.title).toBe("early");
    expect(selectPosts([...posts].reverse(), now, 0).nextScheduled?.title).toBe("early");
  });

  it("a draft is counted as a draft only, even when it is also scheduled or expired", () => {
    const posts = [
      post("draft-future", "2030-01-01T00:00:00Z", { draft: true }),
      post("draft-expired", "2020-01-01T00:00:00Z", { draft: true, expires: new Date("2021-01-01T00:00:00Z") }),
      post("live", "2024-01-01T00:00:00Z"),
    ];
    const selection = selectPosts(posts, now, 1);
    expect(selection.items.map((p) => p.title)).toEqual(["live"]);
    expect(selection.counts).toEqual({ published: 1, inFeed: 1, drafts: 2, scheduled: 0, expired: 0 });
    expect(selection.nextScheduled).toBeUndefined();
  });

  it("equal dates are ordered by id, so file order never matters", () => {
    const a = post("a", "2024-01-01T00:00:00Z");
    const b = post("b", "2024-01-01T00:00:00Z");
    expect(selectPosts([b, a], now, 0).items).toEqual([a, b]);
    expect(selectPosts([a, b], now, 0).items).toEqual([a, b]);
  });
});
