/**
 * The id guard, end to end: a real build publishes feeds, the site changes, and the next build
 * is run with `previous` pointing at what was published.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { guardIds, mergePreviousItems } from "../../src/guard/guard.js";
import type { PostEntry } from "../../src/model/post.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2024-06-01T12:00:00Z";

async function makeSite(posts: Record<string, string>, config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempDir("feedwright-guard-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Guarded", siteUrl: "https://guard.example/", timezone: "Europe/Berlin", ...config }));
  await mkdir(path.join(dir, "posts"));
  for (const [name, text] of Object.entries(posts)) await writeFile(path.join(dir, "posts", name), text);
  return dir;
}

function post(title: string, date: string, extra = ""): string {
  return `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\nBody of ${title}.\n`;
}

const POSTS = {
  "alpha.md": post("Alpha", "2024-05-01T10:00:00Z"),
  "beta.md": post("Beta", "2024-05-02T10:00:00Z", "slug: beta-story\n"),
  "gamma.md": post("Gamma", "2024-05-03T10:00:00Z"),
};

/** Builds the site once and returns the folder that now holds its published feeds. */
async function publish(site: string): Promise<string> {
  const published = await buildSite(site, NOW);
  expect(published.result.ok).toBe(true);
  return published.outDir;
}

describe("the id guard in a build", () => {
  it("fails a slug rename, naming the post, the published id and the new one; writes nothing", async () => {
    const site = await makeSite(POSTS);
    const published = await publish(site);
    await writeFile(path.join(site, "posts/beta.md"), post("Beta", "2024-05-02T10:00:00Z", "slug: beta-renamed\n"));
    const out = path.join(await tempDir(), "public");
    const next = await buildSite(site, NOW, { previous: published, outDir: out });
    expect(next.result.ok).toBe(false);
    const errors = next.result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "posts/beta.md", field: "id" });
    expect(errors[0]!.message).toContain("'https://guard.example/posts/beta-story/'");
    expect(errors[0]!.message).toContain("'https://guard.example/posts/beta-renamed/'");
    expect(errors[0]!.message).toContain("id: https://guard.example/posts/beta-story/");
    expect(next.result.idGuard).toMatchObject({ checked: 3, changedIds: [{ file: "posts/beta.md", matchedBy: "file" }], left: [] });
    await expect(readdir(out)).rejects.toThrow();
  });

  it("passes the rename once the published id is pinned, and passes a title edit", async () => {
    const site = await makeSite(POSTS);
    const published = await publish(site);
    await writeFile(path.join(site, "posts/beta.md"), post("Beta", "2024-05-02T10:00:00Z", "slug: beta-renamed\nid: https://guard.example/posts/beta-story/\n"));
    await writeFile(path.join(site, "posts/alpha.md"), post("Alpha, corrected title", "2024-05-01T10:00:00Z"));
    const next = await buildSite(site, NOW, { previous: published });
    expect(next.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(next.result.ok).toBe(true);
    expect(next.result.idGuard).toEqual({ checked: 3, changedIds: [], left: [] });
    expect(next.json).toContain("Alpha, corrected title");
  });

  it("catches a changed id field by the link when only an RSS or Atom file is given", async () => {
    const site = await makeSite(POSTS);
    const published = await publish(site);
    await writeFile(path.join(site, "posts/gamma.md"), post("Gamma", "2024-05-03T10:00:00Z", "id: tag:guard.example,2024:gamma\n"));
    for (const name of ["rss.xml", "atom.xml"]) {
      const next = await buildSite(site, NOW, { previous: path.join(published, name) });
      expect(next.result.ok, name).toBe(false);
      expect(next.result.idGuard?.changedIds, name).toEqual([
        { file: "posts/gamma.md", title: "Gamma", previousId: "https://guard.example/posts/gamma/", id: "tag:guard.example,2024:gamma", matchedBy: "link" },
      ]);
    }
  });

  it("reports items that left (deleted, expired, draft, pushed past the limit) without failing", async () => {
    const site = await makeSite({ ...POSTS, "delta.md": post("Delta", "2024-05-04T10:00:00Z") }, { limit: 3 });
    const published = await publish(site);
    // Published: delta, gamma, beta (alpha is past the limit). Now delta has expired, gamma is
    // deleted and beta is a draft again: only alpha is left in the feed.
    await writeFile(path.join(site, "posts/delta.md"), post("Delta", "2024-05-04T10:00:00Z", "expires: 2024-05-30\n"));
    await rm(path.join(site, "posts/gamma.md"));
    await writeFile(path.join(site, "posts/beta.md"), post("Beta", "2024-05-02T10:00:00Z", "slug: beta-story\ndraft: true\n"));
    const next = await buildSite(site, NOW, { previous: published });
    expect(next.result.ok).toBe(true);
    expect(next.result.idGuard?.changedIds).toEqual([]);
    expect(next.result.idGuard?.left).toEqual([
      { id: "https://guard.example/posts/beta-story/", reason: "draft", file: "posts/beta.md", title: "Beta" },
      { id: "https://guard.example/posts/delta/", reason: "expired", file: "posts/delta.md", title: "Delta" },
      // Deleted: the file as the published feed names it, below the posts folder.
      { id: "https://guard.example/posts/gamma/", reason: "deleted", file: "gamma.md", title: "Gamma" },
    ]);

    // A newer post pushes the oldest out of a limit of 1.
    const limited = await makeSite(POSTS, { limit: 1 });
    const first = await publish(limited);
    await writeFile(path.join(limited, "posts/epsilon.md"), post("Epsilon", "2024-05-05T10:00:00Z"));
    const after = await buildSite(limited, NOW, { previous: first });
    expect(after.result.idGuard?.left).toEqual([{ id: "https://guard.example/posts/gamma/", reason: "limit", file: "posts/gamma.md", title: "Gamma" }]);
  });

  it("on the first run (an empty folder) checks nothing and builds", async () => {
    const site = await makeSite(POSTS);
    const next = await buildSite(site, NOW, { previous: await tempDir() });
    expect(next.result.ok).toBe(true);
    expect(next.result.idGuard).toEqual({ checked: 0, changedIds: [], left: [] });
  });

  it("skips a published file that is not a feed with a warning; a missing --previous path is an error", async () => {
    const site = await makeSite(POSTS);
    const published = await publish(site);
    await writeFile(path.join(published, "rss.xml"), "<html>Not Found</html>");
    const next = await buildSite(site, NOW, { previous: published });
    expect(next.result.ok).toBe(true);
    expect(next.result.diagnostics).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining("the id guard skipped it") })]);
    expect(next.result.idGuard?.checked).toBe(3);

    const missing = await buildSite(site, NOW, { previous: path.join(published, "no-such-folder") });
    expect(missing.result.ok).toBe(false);
    expect(missing.result.diagnostics[0]).toMatchObject({ severity: "error", message: expect.stringContaining("--previous names no file or folder") });
  });
});

describe("guardIds on its own", () => {
  const entry = (file: string, id: string, link = id, extra: Partial<PostEntry> = {}): PostEntry => ({
    file,
    id,
    url: link,
    link,
    title: file,
    date: new Date("2024-01-01T00:00:00Z"),
    draft: false,
    sourceHash: "h",
    ...extra,
  });
  const now = new Date("2024-06-01T00:00:00Z");

  it("does not take a new post for a deleted one only because it links to the same place", () => {
    const previous = mergePreviousItems([[{ id: "https://s/old/", links: ["https://elsewhere/story"], file: "posts/old.md" }]]);
    const fresh = entry("posts/new.md", "https://s/new/", "https://elsewhere/story");
    const result = guardIds(previous, [fresh], [fresh], now);
    expect(result.diagnostics).toEqual([]);
    expect(result.value.left).toEqual([{ id: "https://s/old/", reason: "deleted", file: "posts/old.md" }]);
  });

  it("merges the three formats' items by id: links united, the file from JSON", () => {
    const merged = mergePreviousItems([
      [{ id: "a", links: ["https://s/a/"] }],
      [{ id: "a", links: ["https://s/a/", "https://elsewhere/"], file: "posts/a.md", title: "A" }],
      [{ id: "b", links: [] }],
    ]);
    expect(merged).toEqual([
      { id: "a", links: ["https://s/a/", "https://elsewhere/"], file: "posts/a.md", title: "A" },
      { id: "b", links: [] },
    ]);
  });

  it("leaves alone a new item whose id is another published item's", () => {
    // b's file now holds the post published as a; a's file is gone: a is that post, b left.
    const previous = mergePreviousItems([[{ id: "a", links: [], file: "posts/a.md" }, { id: "b", links: [], file: "posts/b.md" }]]);
    const moved = entry("posts/b.md", "a");
    const result = guardIds(previous, [moved], [moved], now);
    expect(result.diagnostics).toEqual([]);
    expect(result.value.left.map((item) => item.id)).toEqual(["b"]);
  });
});
