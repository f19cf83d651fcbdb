/**
 * The whole output through runBuild: pages appear and leave with their posts, every live post has
 * a page whatever `limit` is, staticDir is copied, and beside another generator nothing that feedwright did not
 * write is ever replaced or removed.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, FIXTURES, tempDir } from "../helpers/build.js";
import { crawlOutput } from "../helpers/crawl.js";

const SITE = path.join(FIXTURES, "site");
const NOW = "2024-04-20T12:00:00Z";

async function filesOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  const entries = await Promise.all(names.sort().map(async (name) => [name, (await readFile(path.join(dir, name))).toString("base64")] as const));
  return Object.fromEntries(entries);
}

/** A copy of the fixture site, to change posts and config in. */
async function siteCopy(config: Record<string, unknown> = {}): Promise<string> {
  const dir = path.join(await tempDir(), "site");
  await cp(SITE, dir, { recursive: true });
  const file = path.join(dir, "feedwright.config.json");
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, "utf8")), ...config }));
  return dir;
}

describe('publish: "site"', () => {
  it("writes a page per live post at the path of its URL, the home page, the stylesheets, and a copy of staticDir", async () => {
    const built = await buildSite(SITE, NOW);
    expect(built.result.ok).toBe(true);
    const files = Object.keys(await filesOf(built.outDir));
    expect(files).toEqual(
      [
        ".feedwright-manifest.json",
        "atom.xml",
        "feed.css",
        "feed.json",
        "feeds.opml",
        "img/leuchtturm.svg",
        "index.html",
        "media/ebbe.mp4",
        "media/episode-1.mp3",
        // Past limit (3) but live: a page as well. Drafts, scheduled and expired posts have none.
        "posts/aelter/index.html",
        "posts/ebbe/index.html",
        "posts/leuchtturm/index.html",
        "posts/podcast/index.html",
        "rss.xml",
        "style.css",
      ].sort(),
    );
    // The static files are copied byte for byte.
    expect(await readFile(path.join(built.outDir, "media/episode-1.mp3"))).toEqual(await readFile(path.join(SITE, "static/media/episode-1.mp3")));
    // Every feed item links to a page that exists.
    for (const item of (JSON.parse(built.json) as { items: { url: string }[] }).items) {
      const file = path.join(built.outDir, new URL(item.url).pathname.replace(/^\/blog\//, ""), "index.html");
      expect((await stat(file)).isFile(), item.url).toBe(true);
    }
  });

  it("a second build with nothing changed touches no file", async () => {
    const first = await buildSite(SITE, NOW);
    const before = await stat(path.join(first.outDir, "posts/leuchtturm/index.html"));
    const again = await buildSite(SITE, NOW, { outDir: first.outDir });
    expect(again.result.write?.written).toEqual([]);
    expect((await stat(path.join(first.outDir, "posts/leuchtturm/index.html"))).mtimeMs).toBe(before.mtimeMs);
  });

  it("a post that becomes a draft or expires loses its page; a page pushed past limit stays; files feedwright did not write stay", async () => {
    const dir = await siteCopy({ limit: 0 });
    const first = await buildSite(dir, NOW);
    expect(first.result.ok).toBe(true);
    await writeFile(path.join(first.outDir, "posts", "mine.txt"), "not feedwright's");
    expect(Object.keys(await filesOf(first.outDir))).toContain("posts/aelter/index.html");
    // The podcast becomes a draft, the film expires, and the limit pushes the oldest post out of the feeds.
    const podcast = path.join(dir, "posts/podcast.md");
    await writeFile(podcast, (await readFile(podcast, "utf8")).replace("slug: podcast", "slug: podcast\ndraft: true"));
    const video = path.join(dir, "posts/video.md");
    await writeFile(video, (await readFile(video, "utf8")).replace("slug: ebbe", "slug: ebbe\nexpires: 2024-04-19T00:00:00Z"));
    const config = path.join(dir, "feedwright.config.json");
    await writeFile(config, JSON.stringify({ ...JSON.parse(await readFile(config, "utf8")), limit: 1 }));
    const second = await buildSite(dir, NOW, { outDir: first.outDir });
    expect(second.result.ok).toBe(true);
    const files = Object.keys(await filesOf(first.outDir));
    expect(files).not.toContain("posts/podcast/index.html");
    expect(files).not.toContain("posts/ebbe/index.html");
    expect(files).toContain("posts/leuchtturm/index.html");
    expect(files).toContain("posts/aelter/index.html");
    expect(files).toContain("posts/mine.txt");
    // Emptied folders go too.
    expect(await stat(path.join(first.outDir, "posts/podcast")).catch(() => undefined)).toBeUndefined();
    // And once the kept post is a draft, its page goes as well.
    const older = path.join(dir, "posts/alt.md");
    await writeFile(older, (await readFile(older, "utf8")).replace("slug: aelter", "slug: aelter\ndraft: true"));
    await buildSite(dir, NOW, { outDir: first.outDir });
    expect(Object.keys(await filesOf(first.outDir))).not.toContain("posts/aelter/index.html");
  });

  it("limit 2 with 5 live posts: 5 pages, never one for a draft, a scheduled or an expired post; the feeds and the home page carry 2; the crawl finds no broken link", async () => {
    const dir = path.join(await tempDir(), "five");
    await mkdir(path.join(dir, "posts"), { recursive: true });
    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Five", siteUrl: "https://five.test/", language: "en", timezone: "UTC", limit: 2 }));
    for (let day = 1; day <= 5; day++) {
      await writeFile(path.join(dir, "posts", `p${day}.md`), `---\ntitle: Post ${day}\ndate: 2024-04-0${day}T09:00:00Z\n---\nPost number ${day}, [the first](/posts/p1/).\n`);
    }
    await writeFile(path.join(dir, "posts/draft.md"), "---\ntitle: Draft\ndate: 2024-04-03T10:00:00Z\ndraft: true\n---\nNot yet.\n");
    await writeFile(path.join(dir, "posts/later.md"), "---\ntitle: Later\ndate: 2030-01-01T00:00:00Z\n---\nScheduled.\n");
    await writeFile(path.join(dir, "posts/gone.md"), "---\ntitle: Gone\ndate: 2024-04-02T10:00:00Z\nexpires: 2024-04-10T00:00:00Z\n---\nExpired.\n");
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(true);
    const pages = Object.keys(await filesOf(built.outDir)).filter((name) => name.startsWith("posts/"));
    expect(pages).toEqual(["posts/p1/index.html", "posts/p2/index.html", "posts/p3/index.html", "posts/p4/index.html", "posts/p5/index.html"]);
    expect((JSON.parse(built.json) as { items: { title: string }[] }).items.map((item) => item.title)).toEqual(["Post 5", "Post 4"]);
    const home = await readFile(path.join(built.outDir, "index.html"), "utf8");
    expect(home).toContain("Post 4");
    expect(home).not.toContain("Post 3");
    expect(await readFile(path.join(built.outDir, "posts/p1/index.html"), "utf8")).toContain("<h1>Post 1</h1>");
    const crawl = await crawlOutput(built.outDir, "https://five.test/");
    expect(crawl.checked.length).toBeGreaterThan(0);
    expect(crawl.broken).toEqual([]);

    // A warm build (the cache on) renders nothing again and rewrites no file.
    const cold = await buildSite(dir, NOW, { outDir: built.outDir, cache: true });
    expect(cold.result.work?.rendered).toBe(5);
    const warm = await buildSite(dir, NOW, { outDir: built.outDir, cache: true });
    expect(warm.result.work).toMatchObject({ rendered: 0, renderReused: 5 });
    expect(warm.result.write?.written).toEqual([]);
  });

  it("a build that only removes a file (a static file deleted) reports changed; one that changes nothing does not", async () => {
    const dir = await siteCopy();
    const first = await buildSite(dir, NOW);
    expect(first.result.changed).toBe(true);
    expect((await buildSite(dir, NOW, { outDir: first.outDir })).result.changed).toBe(false);
    await rm(path.join(dir, "static/img/leuchtturm.svg"));
    // The page that shows it would now point nowhere; the build only needs to see the removal here.
    const removed = await buildSite(dir, NOW, { outDir: first.outDir });
    expect(removed.result.write?.removed).toEqual(["img/leuchtturm.svg"]);
    expect(removed.result.changed).toBe(true);
  });

  it("a static file at the path of a generated one stops the build, with nothing written", async () => {
    const dir = await siteCopy();
    await writeFile(path.join(dir, "static/index.html"), "<p>mine</p>");
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.map((d) => `${d.file}: ${d.message}`)).toContainEqual(expect.stringMatching(/static\/index\.html: feedwright writes index\.html itself/));
    expect(await readdir(built.outDir)).toEqual([]);
  });
});

describe('publish: "beside" another generator', () => {
  /** Another generator's output folder: its own home page, feed and sitemap. */
  async function otherSite(): Promise<string> {
    const out = path.join(await tempDir(), "_site");
    await mkdir(path.join(out, "posts/leuchtturm"), { recursive: true });
    await writeFile(path.join(out, "index.html"), "<!DOCTYPE html><title>Hugo's home</title>\n");
    await writeFile(path.join(out, "feed.xml"), '<?xml version="1.0"?><rss version="2.0"><channel><title>jekyll-feed</title></channel></rss>\n');
    await writeFile(path.join(out, "sitemap.xml"), '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n');
    await writeFile(path.join(out, "posts/leuchtturm/index.html"), "<!DOCTYPE html><title>Hugo's page</title>\n");
    return out;
  }

  it("writes only the feeds, their stylesheet and the discovery snippet; every other file stays byte for byte", async () => {
    const dir = await siteCopy({ publish: "beside" });
    const out = await otherSite();
    const before = await filesOf(out);
    const built = await buildSite(dir, NOW, { outDir: out });
    expect(built.result.ok).toBe(true);
    const after = await filesOf(out);
    for (const [name, bytes] of Object.entries(before)) expect(after[name], name).toBe(bytes);
    expect(Object.keys(after).filter((name) => !(name in before)).sort()).toEqual([".feedwright-manifest.json", "atom.xml", "feed.css", "feed.json", "feeds.opml", "feedwright-links.html", "rss.xml"]);
    const snippet = await readFile(path.join(out, "feedwright-links.html"), "utf8");
    expect(snippet).toContain('<link rel="alternate" type="application/rss+xml" title="Küstenfunk &amp; &lt;Notizen&gt; (RSS)" href="https://example.org/blog/rss.xml">');
    // The three feeds and their OPML list (src/render/opml.ts).
    expect(snippet.split("\n").filter((line) => line.startsWith("<link"))).toHaveLength(4);
    // Built again (the other generator ran in between): still nothing of its own touched.
    const again = await buildSite(dir, NOW, { outDir: out });
    expect(again.result.ok).toBe(true);
    const third = await filesOf(out);
    for (const [name, bytes] of Object.entries(before)) expect(third[name], name).toBe(bytes);
  });

  it("refuses to replace a file the other generator wrote, and writes nothing", async () => {
    const dir = await siteCopy({ publish: "beside", files: { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } });
    const out = await otherSite();
    const before = await filesOf(out);
    const built = await buildSite(dir, NOW, { outDir: out });
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.map((d) => `${d.file}: ${d.message}`)).toContainEqual(expect.stringMatching(/_site\/feed\.xml: exists and was not written by feedwright/));
    expect(await filesOf(out)).toEqual(before);
  });
});
