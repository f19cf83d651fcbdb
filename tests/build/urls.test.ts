/**
 * Post URLs and files through real builds: postUrl tokens, permalinks, page bundles, Jekyll file
 * names, section pages, exclude globs, uniqueness by URL, slug rules, and a site under a path.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2024-06-01T12:00:00Z";

async function site(posts: Record<string, string>, config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempDir("feedwright-urls-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "URLs", siteUrl: "https://urls.example/", limit: 0, ...config }));
  for (const [name, text] of Object.entries(posts)) {
    await mkdir(path.dirname(path.join(dir, "posts", name)), { recursive: true });
    await writeFile(path.join(dir, "posts", name), text);
  }
  return dir;
}

const post = (title: string, extra = "date: 2024-05-01T10:00:00Z\n") => `---\ntitle: "${title}"\n${extra}---\nBody of ${title}.\n`;

async function links(dir: string, config?: object) {
  if (config) await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "URLs", siteUrl: "https://urls.example/", limit: 0, ...config }));
  const built = await buildSite(dir, NOW);
  expect(built.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const feed = JSON.parse(built.json) as { items: { id: string; url: string; title: string; date_published: string; _feedwright: { file: string } }[] };
  return { built, items: Object.fromEntries(feed.items.map((item) => [item.title, item])) };
}

describe("postUrl tokens", () => {
  it("Jekyll's date permalink: categories, the date in the site's zone, the slug from a dated file name", async () => {
    const dir = await site({
      "2016-01-01-welcome.md": post("Welcome", "categories: [News]\n"),
      "2024-05-01-late.md": post("Late", "date: 2024-04-30T23:30:00Z\n"),
    });
    const { items } = await links(dir, { timezone: "Europe/Berlin", postUrl: "/{categories}/{year}/{month}/{day}/{slug}.html", slugify: "jekyll" });
    // The file name dates a post that gives no date: midnight in the site's zone.
    expect(items.Welcome).toMatchObject({ url: "https://urls.example/news/2016/01/01/welcome.html", date_published: "2015-12-31T23:00:00.000Z" });
    // 23:30 UTC is already May 1st in Berlin; no categories: the segment and its slash go.
    expect(items.Late!.url).toBe("https://urls.example/2024/05/01/late.html");
  });

  it("keep (the default) strips a file name's date only when the frontmatter has none: a slug today's build accepts stays", async () => {
    const dir = await site({ "2016-01-01-welcome.md": post("Welcome", ""), "2016-01-02-dated.md": post("Dated") });
    const { items } = await links(dir);
    expect(items.Welcome!.url).toBe("https://urls.example/posts/welcome/");
    expect(items.Dated!.url).toBe("https://urls.example/posts/2016-01-02-dated/");
  });

  it(":filename in the date list: by default (last) as earlier builds; first, Hugo's rule (date and slug from the name); left out, no date", async () => {
    const posts = { "2016-01-01-welcome.md": post("Welcome", ""), "2016-01-02-dated.md": post("Dated", "date: 2016-01-02T10:00:00Z\n"), "plain.md": post("Plain") };
    const byDefault = await links(await site(posts));
    expect(byDefault.items.Welcome).toMatchObject({ url: "https://urls.example/posts/welcome/", date_published: "2016-01-01T00:00:00.000Z" });
    expect(byDefault.items.Dated).toMatchObject({ url: "https://urls.example/posts/2016-01-02-dated/", date_published: "2016-01-02T10:00:00.000Z" });
    // Spelled out, the default list gives the same slugs, ids and dates.
    const spelled = await links(await site(posts), { frontmatter: { date: ["date", "publishDate", "pubDate", "published", ":filename"] } });
    expect(Object.values(spelled.items).map((i) => [i.id, i.date_published])).toEqual(Object.values(byDefault.items).map((i) => [i.id, i.date_published]));
    // First: the name's date and slug; the frontmatter's later instant still holds the post back and becomes its date.
    const first = await links(await site(posts), { frontmatter: { date: [":filename", ":default"] } });
    expect(first.items.Dated).toMatchObject({ url: "https://urls.example/posts/dated/", date_published: "2016-01-02T10:00:00.000Z" });
    expect(first.items.Plain!.url).toBe("https://urls.example/posts/plain/");
    // Left out: a dated name without a date in the frontmatter is the usual error.
    const without = await buildSite(await site(posts, { frontmatter: { date: ["date"] } }), NOW);
    expect(without.result.ok).toBe(false);
    expect(without.result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.file, d.field, d.message])).toEqual([
      ["posts/2016-01-01-welcome.md", "date", expect.stringMatching(/^is missing; add a line such as date: .*; or, for the file name's date 2016-01-01, add ":filename" to the configuration's frontmatter\.date list$/)],
    ]);
  });

  it("{path} and {filename}: Hugo's section paths and page bundles; nested files of one name are two posts", async () => {
    const dir = await site({
      "release/v1.md": post("Release v1"),
      "announcements/v1.md": post("Announcement v1"),
      "news/0.91.2/index.md": post("Bundle", "date: 2024-05-02\nslug: ignored-by-filename\n"),
    });
    const { items } = await links(dir, { postUrl: "/{path}/{filename}/" });
    expect(items["Release v1"]!.url).toBe("https://urls.example/release/v1/");
    expect(items["Announcement v1"]!.url).toBe("https://urls.example/announcements/v1/");
    expect(items.Bundle!.url).toBe("https://urls.example/news/0.91.2/");
    expect(items.Bundle!._feedwright.file).toBe("news/0.91.2/index.md");
  });

  it("one URL for two posts is an error naming both; slugs alone may repeat", async () => {
    const dir = await site({ "release/v1.md": post("Release v1"), "announcements/v1.md": post("Announcement v1") });
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.map((d) => [d.file, d.message.split(";")[0]])).toEqual([
      ["posts/announcements/v1.md", "has the same URL https://urls.example/posts/v1/ as posts/release/v1.md"],
      ["posts/release/v1.md", "has the same URL https://urls.example/posts/v1/ as posts/announcements/v1.md"],
    ]);
  });

  it("refuses unknown tokens and a template without {slug} or {filename}", async () => {
    for (const [postUrl, message] of [
      ["/{title}/{slug}/", "may use only the tokens"],
      ["/{year}/", "must contain {slug} or {filename}"],
    ]) {
      const dir = await site({ "a.md": post("A") }, { postUrl });
      const built = await buildSite(dir, NOW);
      expect(built.result.ok).toBe(false);
      expect(built.result.diagnostics[0]!.message).toContain(message);
    }
  });
});

describe("per-post permalink and url", () => {
  it("is the post's path verbatim, below siteUrl's own path", async () => {
    const dir = await site({ "a.md": post("Jekyll", "date: 2024-05-01\npermalink: /about/me.html\n"), "b.md": post("Hugo", "date: 2024-05-01\nurl: /old/path/\n") });
    const { items, built } = await links(dir, { siteUrl: "https://jane.github.io/blog/" });
    expect(items.Jekyll!.url).toBe("https://jane.github.io/blog/about/me.html");
    expect(items.Hugo!.url).toBe("https://jane.github.io/blog/old/path/");
    expect(built.result.diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
  });

  it("another site is an error naming the field", async () => {
    const dir = await site({ "a.md": post("A", "date: 2024-05-01\npermalink: https://elsewhere.example/x/\n") });
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics[0]).toMatchObject({ file: "posts/a.md", field: "permalink", line: 4 });
  });
});

describe("files that are not posts", () => {
  it("_index.md anywhere, index.md at the top, and what exclude matches are skipped with a note", async () => {
    const dir = await site({
      "_index.md": "---\ntitle: Blog\n---\n",
      "index.md": "---\ntitle: Home\n---\n",
      "news/_index.md": "---\ntitle: News\n---\n",
      "news/item.md": post("Item"),
      "drafts/wip.md": "not even frontmatter",
      "news/README.md": "# notes",
    });
    const { built, items } = await links(dir, { exclude: ["drafts/**", "**/README.md"] });
    expect(Object.keys(items)).toEqual(["Item"]);
    const notes = built.result.diagnostics.filter((d) => d.severity === "note").map((d) => [d.file, d.message.split(";")[0]]);
    expect(notes).toEqual([
      ["posts/_index.md", "is a section or landing page (_index.md, or index.md at the top of the posts folder), not a post"],
      ["posts/drafts", "is excluded by the configuration's exclude globs"],
      ["posts/index.md", "is a section or landing page (_index.md, or index.md at the top of the posts folder), not a post"],
      ["posts/news/README.md", "is excluded by the configuration's exclude globs"],
      ["posts/news/_index.md", "is a section or landing page (_index.md, or index.md at the top of the posts folder), not a post"],
    ]);
  });
});

describe("slug rules for file names", () => {
  const names = { "2021-03-21-New Website.md": post("Jekyll name", ""), "über größe.md": post("Hugo name"), "Plain-Name.md": post("Plain") };
  it("keep (default): a valid name as it is, others by Jekyll's rule", async () => {
    const { items } = await links(await site(names));
    expect(items["Jekyll name"]!.url).toBe("https://urls.example/posts/New-Website/");
    expect(items["Hugo name"]!.url).toBe(`https://urls.example/posts/${encodeURIComponent("über-größe")}/`);
    expect(items.Plain!.url).toBe("https://urls.example/posts/Plain-Name/");
  });
  it("hugo: lower-cased", async () => {
    const { items } = await links(await site(names), { slugify: "hugo" });
    expect(items.Plain!.url).toBe("https://urls.example/posts/plain-name/");
    expect(items["Hugo name"]!.url).toBe(`https://urls.example/posts/${encodeURIComponent("über-größe")}/`);
  });
});

describe("a site under a path (a GitHub project site)", () => {
  it("root-relative URLs in content, image, enclosure, logo and icon resolve below siteUrl's path", async () => {
    const dir = await site(
      { "lake.md": `---\ntitle: Lake\ndate: 2024-05-01\nimage: /img/lead.jpg\nenclosure: { url: /media/a.mp3, type: audio/mpeg, length: 10 }\n---\n![lake](/img/lake.jpg) and <img src="/img/raw.png" srcset="/img/raw-2x.png 2x"> [rel](other/) [proto](//cdn.example/x.js)\n` },
      { siteUrl: "https://jane.github.io/blog/", logo: "/logo.png", icon: "/icon.png" },
    );
    const { built } = await links(dir);
    const feed = JSON.parse(built.json) as { icon: string; favicon: string; items: { content_html: string; image: string; attachments: { url: string }[] }[] };
    const item = feed.items[0]!;
    expect(item.content_html).toContain('src="https://jane.github.io/blog/img/lake.jpg"');
    expect(item.content_html).toContain('src="https://jane.github.io/blog/img/raw.png"');
    expect(item.content_html).toContain('srcset="https://jane.github.io/blog/img/raw-2x.png 2x"');
    expect(item.content_html).toContain('href="https://jane.github.io/blog/posts/lake/other/"');
    expect(item.content_html).toContain('href="https://cdn.example/x.js"');
    expect(item.image).toBe("https://jane.github.io/blog/img/lead.jpg");
    expect(item.attachments[0]!.url).toBe("https://jane.github.io/blog/media/a.mp3");
    expect(feed.icon).toBe("https://jane.github.io/blog/logo.png");
    expect(feed.favicon).toBe("https://jane.github.io/blog/icon.png");
    expect(built.rss).toContain("https://jane.github.io/blog/img/lake.jpg");
    expect(built.atom).toContain("https://jane.github.io/blog/media/a.mp3");
  });

  it("_feedwright.file is relative to the posts folder, also with --posts outside the working directory", async () => {
    const dir = await site({ "sub/a.md": post("A") });
    const cwd = await tempDir("feedwright-cwd-");
    const built = await buildSite(dir, NOW, { cwd, configPath: path.join(dir, "feedwright.config.json"), postsDir: path.join(dir, "posts") });
    expect(built.result.ok).toBe(true);
    expect(JSON.parse(built.json).items[0]._feedwright.file).toBe("sub/a.md");
  });
});
