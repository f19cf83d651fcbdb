/**
 * Fixture sites in the conventions of Jekyll, Hugo, Astro and Eleventy (tests/fixtures/<tool>/),
 * each built as it is (no post edited) with its feedwright.config.json, which must be exactly the
 * configuration the README's "Coming from <tool>" section shows, so the two cannot drift. The
 * expected links are what each tool's documentation gives for the same permalink setting (cited
 * at each test); for Hugo, the real `hugo` builds the same site and its RSS is the oracle.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildSite, FIXTURES, REPO, tempDir } from "../helpers/build.js";
import { expectValidAndAgreed, type JsonFeedItem } from "../helpers/readers.js";
import { readWithRssParser } from "../support/feed-readers.js";

const NOW = "2026-01-01T00:00:00Z";
const TOOLS = { jekyll: "Jekyll", hugo: "Hugo", astro: "Astro", eleventy: "Eleventy" } as const;
type Tool = keyof typeof TOOLS;

/** The first ```json block of the README section "### Coming from <Tool>". */
async function readmeConfig(tool: Tool): Promise<unknown> {
  const readme = await readFile(path.join(REPO, "README.md"), "utf8");
  const start = readme.indexOf(`\n### Coming from ${TOOLS[tool]}\n`);
  expect(start, `README has a section "Coming from ${TOOLS[tool]}"`).toBeGreaterThan(-1);
  const section = readme.slice(start + 1).split(/\n#{2,3} /)[0]!;
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  expect(block, `the section "Coming from ${TOOLS[tool]}" shows a configuration`).not.toBeNull();
  return JSON.parse(block![1]!);
}

/** Every file the build wrote, by path, with its text. */
async function outputs(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(outDir, file).replaceAll("\\", "/"), await readFile(file, "utf8"));
  }
  return files;
}

async function built(tool: Tool) {
  const dir = path.join(FIXTURES, tool);
  // The fixture's configuration is the README's, key for key.
  expect(JSON.parse(await readFile(path.join(dir, "feedwright.config.json"), "utf8"))).toEqual(await readmeConfig(tool));
  const site = await buildSite(dir, NOW);
  expect(site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
  expect(site.result.ok).toBe(true);
  const { json } = await expectValidAndAgreed(site);
  const files = await outputs(site.outDir);
  const byTitle = new Map(json.items.map((item) => [item.title, item]));
  const item = (title: string): JsonFeedItem => {
    expect([...byTitle.keys()]).toContain(title);
    return byTitle.get(title)!;
  };
  const warnings = site.result.diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic);
  /** What must be in no output at all: not in a feed, not on a page, not in a file name. */
  const expectNowhere = (...texts: string[]) => {
    for (const text of texts) {
      for (const [file, content] of files) {
        expect(file, `${text} in a file name`).not.toContain(text);
        expect(content.includes(text), `${text} in ${file}`).toBe(false);
      }
    }
  };
  return { site, json, files, item, warnings, links: json.items.map((i) => i.url).sort(), expectNowhere };
}

describe("a Jekyll site (tests/fixtures/jekyll)", () => {
  it("builds as it is with the README's Jekyll config; feeds valid, readers agree", async () => {
    const { json, warnings, item } = await built("jekyll");
    expect(json.items.map((i) => i.title)).toEqual(["About this blog", "New website", "Welcome to Jekyll!"]);
    expect(warnings).toEqual([]);
    // `category: news` and `tags: jekyll ruby` (Jekyll splits a string at spaces).
    expect(item("Welcome to Jekyll!").tags).toEqual(["jekyll", "ruby", "news"]);
    // No date in the frontmatter: the file name's, the start of that day in the site's zone.
    expect(item("Welcome to Jekyll!").date_published).toBe("2015-12-31T23:00:00.000Z");
    expect(item("About this blog").date_published).toBe("2022-04-30T22:00:00.000Z");
  });

  it("links are Jekyll's for /:categories/:year/:month/:day/:title.html under baseurl /blog", async () => {
    // jekyllrb.com/docs/permalinks: :categories, the date, :title = the slug of the file name with
    // its case kept (UrlDrop#title: slugify mode "pretty", cased); a post's permalink: is its path.
    const { links, item } = await built("jekyll");
    expect(links).toEqual([
      "https://jane.github.io/blog/about/",
      "https://jane.github.io/blog/news/2016/01/01/welcome.html",
      "https://jane.github.io/blog/release/2021/03/21/New-Website.html",
    ]);
    // A root-relative image is below baseurl, as Jekyll's relative_url puts it.
    expect(item("Welcome to Jekyll!").content_html).toContain('src="https://jane.github.io/blog/img/lake.jpg"');
  });

  it("the published: false post is absent from every output", async () => {
    const { expectNowhere, files } = await built("jekyll");
    expect([...files.keys()].some((f) => f.endsWith(".html"))).toBe(true);
    expectNowhere("Not ready", "Jekyll does not publish this post", "unpublished");
  });
});

describe("a Hugo site (tests/fixtures/hugo)", () => {
  const HUGO_LINKS = [
    "https://example.org/news/v1/",
    "https://example.org/posts/%C3%BCber-gr%C3%B6%C3%9Fe/",
    "https://example.org/posts/2024-02-10-dated-name/",
    "https://example.org/posts/2024/nested/",
    "https://example.org/posts/bundle-post/",
    "https://example.org/posts/first-post/",
    "https://example.org/posts/my-own-slug/",
  ];

  it("builds as it is with the README's Hugo config: TOML and YAML, description, lastmod; feeds valid, readers agree", async () => {
    const { json, warnings, item, site } = await built("hugo");
    expect(json.items).toHaveLength(7);
    expect(warnings).toEqual([]);
    expect(item("First post")).toMatchObject({ date_published: "2024-03-01T10:00:00.000Z", date_modified: "2024-03-05T10:00:00.000Z", tags: ["hugo", "toml"] });
    expect(item("A page bundle").summary).toBe("Its summary comes from description.");
    expect(site.result.selection!.counts).toMatchObject({ scheduled: 1, expired: 1 });
  });

  it("links are Hugo's default ones: folders, then slug or the urlized file name; bundles by folder; _index.md skipped", async () => {
    // gohugo.io/content-management/urls: without [permalinks] a page's URL is its path in content/
    // with `slug` replacing the file name; a leaf bundle is its folder; section pages are no posts.
    const { links, site } = await built("hugo");
    expect(links).toEqual(HUGO_LINKS);
    const notes = site.result.diagnostics.filter((d) => d.severity === "note").map((d) => d.file);
    expect(notes).toEqual(["content/_index.md", "content/news/_index.md"]);
  });

  it("the future publishDate and past expiryDate posts are absent from every output", async () => {
    const { expectNowhere } = await built("hugo");
    expectNowhere("Not yet", "Held back by publishDate", "Gone", "Expired by expiryDate", "scheduled", "expired");
  });

  const hugo = spawnSync("hugo", ["version"], { encoding: "utf8" });
  const hugoMissing = hugo.error !== undefined || hugo.status !== 0;
  /** Builds a copy of the fixture with real hugo (it writes beside its sources), extra hugo.toml lines added: its RSS. */
  async function hugoRss(extraToml = ""): Promise<string> {
    const dir = await tempDir("feedwright-hugo-");
    await cp(path.join(FIXTURES, "hugo"), dir, { recursive: true });
    if (extraToml) await writeFile(path.join(dir, "hugo.toml"), `${await readFile(path.join(dir, "hugo.toml"), "utf8")}\n${extraToml}\n`);
    const run = spawnSync("hugo", ["--quiet", "--source", dir, "--destination", path.join(dir, "public")], { encoding: "utf8", env: { ...process.env, HUGO_ENVIRONMENT: "production" } });
    // Newer hugo versions may print deprecation notes; only a failed build counts.
    expect(run.status, run.stderr).toBe(0);
    return readFile(path.join(dir, "public", "index.xml"), "utf8");
  }
  async function hugoFeed(extraToml = ""): Promise<{ link: string; date: string; title: string }[]> {
    const feed = await readWithRssParser(await hugoRss(extraToml));
    return feed.items.map((i) => ({ link: i.link!, date: i.date!, title: i.title! }));
  }
  async function feedwrightFeed(config: Record<string, unknown> = {}) {
    const dir = await tempDir("feedwright-hugo-");
    await cp(path.join(FIXTURES, "hugo"), dir, { recursive: true });
    const own = JSON.parse(await readFile(path.join(dir, "feedwright.config.json"), "utf8")) as Record<string, unknown>;
    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ ...own, ...config }));
    const site = await buildSite(dir, NOW);
    expect(site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    const feed = await readWithRssParser(site.rss);
    return feed.items.map((i) => ({ link: i.link!, date: i.date!, title: i.title! }));
  }

  it.skipIf(hugoMissing)(`real hugo builds the same site: its RSS has the same items, links and dates as feedwright's${hugoMissing ? " (skipped: `hugo` is not on PATH)" : ""}`, async () => {
    const theirs = await hugoFeed();
    expect(theirs.map((i) => i.link).sort()).toEqual(HUGO_LINKS);
    expect(await feedwrightFeed()).toEqual(theirs);
  });

  it.skipIf(hugoMissing)(`with date = [":filename", ":default"] in both, the date and slug come from the file name as in hugo${hugoMissing ? " (skipped: `hugo` is not on PATH)" : ""}`, async () => {
    const theirs = await hugoFeed('[frontmatter]\ndate = [":filename", ":default"]');
    expect(theirs.find((i) => i.title === "Dated name")).toEqual({ title: "Dated name", link: "https://example.org/posts/dated-name/", date: "2024-02-10T00:00:00.000Z" });
    expect(await feedwrightFeed({ frontmatter: { date: [":filename", ":default"] } })).toEqual(theirs);
  });

  it.skipIf(hugoMissing)(`beside real hugo in one job: hugo builds the site, feedwright adds its feeds into hugo's public/, every hugo file stays byte for byte, every feed link is a hugo page${hugoMissing ? " (skipped: `hugo` is not on PATH)" : ""}`, async () => {
    const dir = await tempDir("feedwright-hugo-beside-");
    await cp(path.join(FIXTURES, "hugo"), dir, { recursive: true });
    // The smallest theme that makes hugo write a page per post (the fixture has none): title and content.
    await mkdir(path.join(dir, "layouts/_default"), { recursive: true });
    const layout = '<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>';
    await writeFile(path.join(dir, "layouts/_default/single.html"), layout);
    await writeFile(path.join(dir, "layouts/_default/list.html"), '<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1></body></html>');
    const own = JSON.parse(await readFile(path.join(dir, "feedwright.config.json"), "utf8")) as Record<string, unknown>;
    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ ...own, publish: "beside", outDir: "public" }));
    // The workflow's order for a Hugo site: hugo first, then feedwright into the same folder.
    const hugoRun = spawnSync("hugo", ["--quiet", "--source", dir, "--destination", path.join(dir, "public")], { encoding: "utf8", env: { ...process.env, HUGO_ENVIRONMENT: "production" } });
    expect(hugoRun.status, hugoRun.stderr).toBe(0);
    const hugoFiles = await outputs(path.join(dir, "public"));
    expect([...hugoFiles.keys()]).toEqual(expect.arrayContaining(["index.xml", "sitemap.xml", "posts/first-post/index.html"]));
    const site = await buildSite(dir, NOW, { outDir: path.join(dir, "public") });
    expect(site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    const after = await outputs(path.join(dir, "public"));
    for (const [name, text] of hugoFiles) expect(after.get(name), name).toBe(text);
    const added = [...after.keys()].filter((name) => !hugoFiles.has(name)).sort();
    expect(added).toEqual([".feedwright-manifest.json", "atom.xml", "feed.css", "feed.json", "feeds.opml", "feedwright-links.html", "rss.xml"]);
    // Every item's link is a page hugo wrote: the feeds beside hugo lead somewhere.
    const links = (await readWithRssParser(site.rss)).items.map((i) => decodeURIComponent(new URL(i.link!).pathname));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(after.has(`${link.replace(/^\//, "")}index.html`), link).toBe(true);
  });

  it.skipIf(hugoMissing)(`a migration from the real Hugo site keeps every id it published: new URLs fail against its RSS, adopt writes the ids, the build passes${hugoMissing ? " (skipped: `hugo` is not on PATH)" : ""}`, async () => {
    const published = await hugoRss();
    const hugoIds = (await readWithRssParser(published)).items.map((i) => i.id!).sort();
    expect(hugoIds).toEqual(HUGO_LINKS);
    const dir = await tempDir("feedwright-migrate-");
    await cp(path.join(FIXTURES, "hugo"), dir, { recursive: true });
    await writeFile(path.join(dir, "old.xml"), published);
    // The new site: other URLs than Hugo's.
    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "…", siteUrl: "https://example.org/", postsDir: "content", postUrl: "/blog/{slug}/", slugify: "hugo" }));
    const cli = async (...argv: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await main({ argv, env: {}, cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
      return { code, stdout, stderr };
    };
    const build = async (...extra: string[]) => {
      const run = await cli("--now", NOW, "--no-cache", "--threads", "1", "--json", ...extra);
      return { ...run, report: JSON.parse(run.stdout) as BuildReport };
    };
    const before = await build("--previous", "old.xml");
    expect(before.code).toBe(1);
    expect(before.report.idGuard!.changedIds.map((c) => c.matchedBy)).toEqual(Array(7).fill("title and date"));
    const adopted = await cli("adopt", "old.xml");
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toMatch(/adopt: 7 id\(s\) written, 0 already the same, 0 left as they are, 0 not matched/);
    const after = await build("--previous", "old.xml", "--out", "new");
    expect(after.code).toBe(0);
    expect(after.report.idGuard).toMatchObject({ changedIds: [], left: [] });
    const feeds = { rss: await readFile(path.join(dir, "new/rss.xml"), "utf8"), atom: await readFile(path.join(dir, "new/atom.xml"), "utf8"), json: await readFile(path.join(dir, "new/feed.json"), "utf8") };
    const { json } = await expectValidAndAgreed(feeds);
    // Every reader knows every item: the ids are Hugo's; the links are the new site's.
    expect(json.items.map((i) => i.id).sort()).toEqual(hugoIds);
    expect(json.items.map((i) => i.url)).toContain("https://example.org/blog/my-own-slug/");
  });
});

describe("an Astro site (tests/fixtures/astro)", () => {
  it("builds as it is with the README's Astro config: pubDate 'Jul 08 2022', description, heroImage, .mdx; feeds valid, readers agree", async () => {
    const { json, warnings, item } = await built("astro");
    expect(json.items.map((i) => i.title)).toEqual(["Using MDX", "Getting started", "First post"]);
    expect(item("First post")).toMatchObject({ date_published: "2022-07-08T00:00:00.000Z", summary: "Lorem ipsum dolor sit amet" });
    expect(item("Using MDX").content_html).not.toContain("HeaderLink");
    expect(warnings).toEqual([expect.stringMatching(/^src\/content\/blog\/using-mdx\.mdx:7: warning: is MDX: read as Markdown/)]);
  });

  it("links are /blog/<id>/ as the starter's [...slug] route makes them from post.id; heroImage resolves below siteUrl", async () => {
    // The blog starter: src/pages/blog/[...slug].astro returns params { slug: post.id }, and its
    // rss.xml.js links each item to `/blog/${post.id}/`; a glob-loader id is the path without extension,
    // slugified with github-slugger (withastro/astro: `collection/Entry With Spaces.md` → `collection/entry-with-spaces`).
    const { links, item } = await built("astro");
    expect(links).toEqual(["https://example.org/blog/first-post/", "https://example.org/blog/guides/getting-started/", "https://example.org/blog/using-mdx/"]);
    expect(item("First post").image).toBe("https://example.org/blog-placeholder-3.jpg");
    expect(item("Using MDX").image).toBe("https://example.org/blog-placeholder-5.jpg");
  });
});

describe("an Eleventy site (tests/fixtures/eleventy)", () => {
  it("builds as it is with the README's Eleventy config: ---js read statically, a string tag is one tag; feeds valid, readers agree", async () => {
    const { json, warnings, item } = await built("eleventy");
    expect(json.items.map((i) => i.title)).toEqual(["A post in a folder of its own", "This is my first post."]);
    expect(warnings).toEqual([]);
    expect(item("This is my first post.").tags).toEqual(["another tag"]);
    expect(item("A post in a folder of its own").tags).toEqual(["number 2"]);
  });

  it("links are Eleventy's default permalinks from the input path; a post in a folder of its own is that folder", async () => {
    // 11ty.dev/docs/permalinks: posts/firstpost.md → /posts/firstpost/; "when the file name is the
    // same as the directory name", posts/folder-post/folder-post.md → /posts/folder-post/.
    const { links } = await built("eleventy");
    expect(links).toEqual(["https://example.org/posts/firstpost/", "https://example.org/posts/folder-post/"]);
  });

  it("the ---js draft is absent from every output", async () => {
    const { expectNowhere } = await built("eleventy");
    expectNowhere("A draft in JavaScript frontmatter", "Never published");
  });
});
