/**
 * Feeds per tag, category, author and language (README "Feeds per tag, category, author and
 * language"), built through runBuild: every feed through the validators and the independent
 * readers, never a draft, scheduled or expired post, the newest items of each term (also ones past
 * the main feed's limit), a renamed tag's old feed removed and nothing else rewritten, two terms
 * with one name an error naming both, and every feed listed in the OPML, the snippet and the home page.
 */
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { buildSite, folderSnapshot, tempDir, tsWorker } from "../helpers/build.js";
import { expectValidAndAgreed } from "../helpers/readers.js";
import { readWithFeedparser, readWithFeedsmith, readWithRssParser, validateRss } from "../support/feed-readers.js";

const NOW = "2024-04-01T12:00:00Z";
const SITE_URL = "https://example.org/blog/";

function post(name: string, fields: string, body = "Text."): { file: string; text: string } {
  return { file: `posts/${name}.md`, text: `---\ntitle: ${name}\n${fields}\n---\n${body}\n` };
}

/** Tags, categories, two authors and two languages, with a draft, a scheduled and an expired post that carry tags of their own. */
const POSTS = [
  post("a", "date: 2024-03-01\ntags: [KI, Technik]\ncategories: [News]\nauthor: Jana Beispiel"),
  post("b", "date: 2024-03-02\ntags: [KI]\nauthor: Max Muster\nlang: en"),
  post("c", "date: 2024-03-03\ntags: [Technik, Über Größe]\nauthors: [Jana Beispiel, Max Muster]"),
  post("draft", "date: 2024-03-04\ndraft: true\ntags: [KI, Geheim]\nlang: fr"),
  post("scheduled", "date: 2030-01-01\ntags: [KI, Zukunft]\nauthor: Zoe Zukunft"),
  post("expired", "date: 2024-03-05\nexpires: 2024-03-20\ntags: [KI, Alt]\ncategories: [Alt]"),
];

const TERM_FEEDS = {
  tags: { limit: 2 },
  categories: { files: { rss: "feed/by_category/{term}.xml" }, title: "{term} bei {site}" },
  authors: { page: "/authors/{term}/", limit: 0 },
  languages: {},
};

async function siteWith(config: Record<string, unknown>, posts: readonly { file: string; text: string }[]): Promise<string> {
  const dir = await tempDir("feedwright-terms-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Küstenfunk", siteUrl: SITE_URL, language: "de", timezone: "UTC", ...config }, null, 2));
  await writeSite(dir, posts);
  return dir;
}

async function writeSite(dir: string, posts: readonly { file: string; text: string }[]): Promise<void> {
  await mkdir(path.join(dir, "posts"), { recursive: true });
  for (const { file, text } of posts) await writeFile(path.join(dir, file), text);
}

const read = (out: string, name: string) => readFile(path.join(out, name), "utf8");

/** A feed in all three formats through every validator and reader; its items' ids, titles and the self and home links. */
async function readAll(out: string, base: string) {
  const feeds = { rss: await read(out, `${base}/index.xml`), atom: await read(out, `${base}/atom.xml`), json: await read(out, `${base}/feed.json`) };
  const { json } = await expectValidAndAgreed(feeds);
  const doc = JSON.parse(feeds.json) as { title: string; home_page_url: string; feed_url: string; language: string };
  const atomId = /<feed[^>]*>[\s\S]*?<id>([^<]+)<\/id>/.exec(feeds.atom)![1];
  return { titles: json.items.map((item) => item.title), title: doc.title, home: doc.home_page_url, self: doc.feed_url, language: doc.language, atomId, feeds };
}

describe("term feeds", () => {
  for (const publish of ["site", "beside"] as const) {
    it(`a site with tags, categories, authors and two languages builds all its feeds, each valid and read alike (publish: ${publish})`, async () => {
      const dir = await siteWith({ limit: 1, publish, termFeeds: TERM_FEEDS }, POSTS);
      const built = await buildSite(dir, NOW);
      expect(built.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(built.result.ok).toBe(true);
      const out = built.outDir;
      const files = [...(await folderSnapshot(out)).keys()].filter((name) => /\.(xml|json)$/.test(name) && !name.startsWith(".")).sort();
      expect(files).toEqual(
        [
          "atom.xml", "feed.json", "rss.xml",
          "authors/Jana-Beispiel/atom.xml", "authors/Jana-Beispiel/feed.json", "authors/Jana-Beispiel/index.xml",
          "authors/Max-Muster/atom.xml", "authors/Max-Muster/feed.json", "authors/Max-Muster/index.xml",
          "feed/by_category/News.xml",
          "languages/de/atom.xml", "languages/de/feed.json", "languages/de/index.xml",
          "languages/en/atom.xml", "languages/en/feed.json", "languages/en/index.xml",
          "tags/KI/atom.xml", "tags/KI/feed.json", "tags/KI/index.xml",
          "tags/Technik/atom.xml", "tags/Technik/feed.json", "tags/Technik/index.xml",
          "tags/Über-Größe/atom.xml", "tags/Über-Größe/feed.json", "tags/Über-Größe/index.xml",
        ].sort(),
      );
      // The main feed holds the newest `limit` (1); a term feed the newest of its term, older ones too.
      expect((await expectValidAndAgreed({ rss: built.rss, atom: built.atom, json: built.json })).json.items.map((item) => item.title)).toEqual(["c"]);
      const ki = await readAll(out, "tags/KI");
      expect(ki).toMatchObject({ titles: ["b", "a"], title: "Küstenfunk – KI", home: SITE_URL, self: `${SITE_URL}tags/KI/feed.json`, language: "de", atomId: `${SITE_URL}tags/KI/atom.xml` });
      expect(ki.feeds.rss).toContain(`<atom:link href="${SITE_URL}tags/KI/index.xml" rel="self"`);
      // The stylesheet at the root, as the feed's folder reaches it.
      expect(ki.feeds.rss).toContain('<?xml-stylesheet type="text/css" href="../../feed.css"?>');
      expect((await readAll(out, "tags/Technik")).titles).toEqual(["c", "a"]);
      const unicode = await readAll(out, "tags/Über-Größe");
      expect(unicode).toMatchObject({ titles: ["c"], title: "Küstenfunk – Über Größe", self: `${SITE_URL}tags/%C3%9Cber-Gr%C3%B6%C3%9Fe/feed.json` });
      // limit 0: all of the author's posts; the home link is the author's page.
      expect(await readAll(out, "authors/Jana-Beispiel")).toMatchObject({ titles: ["c", "a"], title: "Küstenfunk – Jana Beispiel", home: `${SITE_URL}authors/Jana-Beispiel/` });
      expect((await readAll(out, "authors/Max-Muster")).titles).toEqual(["c", "b"]);
      // A language feed: the site's language for posts without lang, and the feed's own language.
      expect(await readAll(out, "languages/de")).toMatchObject({ titles: ["c"], language: "de" });
      expect(await readAll(out, "languages/en")).toMatchObject({ titles: ["b"], language: "en", title: "Küstenfunk – en" });
      // jekyll-feed's layout, RSS only, with its own title pattern.
      const news = await read(out, "feed/by_category/News.xml");
      expect(validateRss(news)).toEqual([]);
      for (const reader of [await readWithRssParser(news), await readWithFeedparser(news), await readWithFeedsmith(news, "rss")]) {
        expect(reader.title).toBe("News bei Küstenfunk");
        expect(reader.items.map((item) => item.title)).toEqual(["a"]);
      }
      expect(news).toContain('href="../../feed.css"');
      // No draft, scheduled or expired post in any feed, nor a feed of a term only they have.
      for (const name of files) {
        const text = await read(out, name);
        for (const hidden of ["draft", "scheduled", "expired"]) expect(text, name).not.toContain(`posts/${hidden}/`);
      }
      for (const term of ["Geheim", "Zukunft", "Alt", "Zoe", "fr"]) expect(files.some((name) => name.includes(term)), term).toBe(false);

      // The OPML lists every feed file, each with its title, own URL and home page.
      const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "outline" }).parse(await read(out, "feeds.opml")) as {
        opml: { body: { outline: { xmlUrl: string; htmlUrl: string; title: string }[] } };
      };
      const outlines = opml.opml.body.outline;
      expect(outlines.map((o) => o.xmlUrl).sort()).toEqual(files.map((name) => new URL(name, SITE_URL).href).sort());
      expect(outlines).toContainEqual({ type: "rss", text: "Küstenfunk – Jana Beispiel (Atom)", title: "Küstenfunk – Jana Beispiel (Atom)", xmlUrl: `${SITE_URL}authors/Jana-Beispiel/atom.xml`, htmlUrl: `${SITE_URL}authors/Jana-Beispiel/` });
      const hrefs = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => new URL(m[1]!.replaceAll("&amp;", "&"), SITE_URL).href);
      if (publish === "beside") {
        // The snippet names every feed.
        const snippet = await read(out, "feedwright-links.html");
        expect(hrefs(snippet, /<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)">/g).sort()).toEqual(outlines.map((o) => o.xmlUrl).sort());
        expect(snippet).toContain(`<link rel="alternate" type="application/rss+xml" title="News bei Küstenfunk (RSS)" href="${SITE_URL}feed/by_category/News.xml">`);
      } else {
        // The home page links every feed; a post page links its tags' feeds.
        const home = await read(out, "index.html");
        expect([...new Set(hrefs(home, /<a href="([^"]+\.(?:xml|json))"/g))].sort()).toEqual(outlines.map((o) => o.xmlUrl).sort());
        expect(home).toContain("<h3>Feeds nach Schlagwort</h3>");
        const page = await read(out, "posts/a/index.html");
        expect(page).toContain('<li><a href="../../tags/KI/index.xml" type="application/rss+xml">KI</a></li>');
        expect(page).toContain('<li><a href="../../feed/by_category/News.xml" type="application/rss+xml">News</a></li>');
      }
    });
  }

  for (const publish of ["site", "beside"] as const) {
    it(`a tag renamed between builds: its old feed is removed, the new one written, nothing else rewritten (publish: ${publish})`, async () => {
      const posts = [post("x", "date: 2024-03-01\ntags: [Alpha, Beta]"), post("y", "date: 2024-03-02\ntags: [Beta]"), post("z", "date: 2024-03-03\ntags: [Gamma]")];
      // limit 1: x is past the main feed's limit, so its tag is in no main feed.
      const dir = await siteWith({ limit: 1, publish, termFeeds: { tags: {} } }, posts);
      const first = await buildSite(dir, NOW, { outDir: path.join(dir, "public") });
      expect(first.result.ok).toBe(true);
      const out = first.outDir;
      const past = new Date("2020-01-01T00:00:00Z");
      for (const name of (await folderSnapshot(out)).keys()) await utimes(path.join(out, name), past, past);
      const before = await folderSnapshot(out);
      expect([...before.keys()].filter((name) => name.startsWith("tags/Alpha/")).sort()).toEqual(["tags/Alpha/atom.xml", "tags/Alpha/feed.json", "tags/Alpha/index.xml"]);

      await writeSite(dir, [post("x", "date: 2024-03-01\ntags: [Alpha2, Beta]")]);
      const second = await buildSite(dir, NOW, { outDir: out });
      expect(second.result.ok).toBe(true);
      const after = await folderSnapshot(out);
      const alpha2 = ["tags/Alpha2/atom.xml", "tags/Alpha2/feed.json", "tags/Alpha2/index.xml"];
      expect(second.result.write!.removed.sort()).toEqual(["tags/Alpha/atom.xml", "tags/Alpha/feed.json", "tags/Alpha/index.xml"]);
      // The feeds' list changed (OPML; the home page or the snippet), x's page shows its tags; Beta's feed holds only y (limit 1).
      const listing = publish === "site" ? ["index.html", "posts/x/index.html"] : ["feedwright-links.html"];
      expect(second.result.write!.written.sort()).toEqual([...alpha2, "feeds.opml", ...listing].sort());
      await expect(stat(path.join(out, "tags/Alpha"))).rejects.toThrow();
      expect((await readAll(out, "tags/Alpha2")).titles).toEqual(["x"]);
      for (const [name, was] of before) {
        if (second.result.write!.written.includes(name) || name.startsWith("tags/Alpha/") || name === ".feedwright-manifest.json") continue;
        expect(after.get(name), name).toEqual(was);
      }
      const manifest = JSON.parse(await read(out, ".feedwright-manifest.json")) as { files: { name: string }[] };
      expect(manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(alpha2));
      expect(manifest.files.some((f) => f.name.startsWith("tags/Alpha/"))).toBe(false);

      // The tag gone from every post: its feed goes too; a third build with nothing changed writes nothing.
      await writeSite(dir, [post("x", "date: 2024-03-01\ntags: [Beta]")]);
      const third = await buildSite(dir, NOW, { outDir: out });
      expect(third.result.write!.removed.sort()).toEqual(alpha2);
      const fourth = await buildSite(dir, NOW, { outDir: out });
      expect(fourth.result.write!.written).toEqual([]);
      expect(fourth.result.write!.removed).toEqual([]);
    });
  }

  it.each([
    ["keep", "Machine Learning", "machine-learning", "become the feed names 'Machine-Learning' and 'machine-learning', one file on file systems that ignore case"],
    ["hugo", "Machine Learning", "machine-learning", "both become the feed name 'machine-learning'"],
  ])("two tags with one name (slugify %s) are an error naming both and a post of each; nothing is written", async (slugify, one, other, why) => {
    const dir = await siteWith({ slugify, termFeeds: { tags: {} } }, [post("p1", `date: 2024-03-01\ntags: [${one}]`), post("p2", `date: 2024-03-02\ntags: [${other}]`)]);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    const errors = built.result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "posts/p2.md", field: "tags", line: 4 });
    expect(errors[0]!.message).toContain(`its tag '${other}' and the tag '${one}' of posts/p1.md ${why}`);
    expect(errors[0]!.message).toContain("write the tag the same way in both posts");
    await expect(readdir(built.outDir)).resolves.toEqual([]);
  });

  it("a scheduled post's tag that collides fails today's build too, as every check of the select stage", async () => {
    const dir = await siteWith({ termFeeds: { tags: {} } }, [post("p1", "date: 2024-03-01\ntags: [Rust]"), post("p2", "date: 2030-01-01\ntags: [rust]")]);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.find((d) => d.severity === "error")?.message).toContain("its tag 'rust' and the tag 'Rust' of posts/p1.md");
  });

  it("two feeds at one file are an error naming it and the pattern to change", async () => {
    const dir = await siteWith({ termFeeds: { tags: { files: { rss: "feeds/{term}.xml" } }, categories: { files: { rss: "feeds/{term}.xml" } } } }, [post("p1", "date: 2024-03-01\ntags: [News]\ncategories: [News]")]);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.find((d) => d.severity === "error")?.message).toBe(
      "the rss feed of the category 'News' would be written to feeds/News.xml, which is already the rss feed of the tag 'News': give termFeeds.categories.files a pattern no other file of the site has",
    );
  });

  it.each([
    ["tags/{tag}/index.xml", "must contain {term}"],
    ["tags/{term}/", "must end in a file name"],
    ["../{term}.xml", "has the folder or file name '..'"],
  ])("a bad pattern (%s) is a configuration error at its line, with the fix", async (pattern, message) => {
    const dir = await siteWith({ termFeeds: { tags: { files: { rss: pattern } } } }, [post("p1", "date: 2024-03-01\ntags: [A]")]);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    const config = await readFile(path.join(dir, "feedwright.config.json"), "utf8");
    const line = config.split("\n").findIndex((text) => text.includes(`"rss": ${JSON.stringify(pattern)}`)) + 1;
    expect(built.result.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", file: "feedwright.config.json", field: "termFeeds.tags.files.rss", line, message: expect.stringContaining(message) }),
    ]);
    expect(built.result.diagnostics[0]!.message).toContain("e.g. tags/{term}/index.xml (Hugo) or feed/by_tag/{term}.xml (jekyll-feed)");
  });

  it("the build cache and worker threads give the same term feeds (the terms travel in the cache's rows and to the workers)", async () => {
    const dir = await siteWith({ limit: 1, publish: "beside", termFeeds: TERM_FEEDS }, POSTS);
    const files = async (built: { outDir: string }) => new Map([...(await folderSnapshot(built.outDir))].filter(([name]) => !name.startsWith(".")).map(([name, { bytes }]) => [name, bytes]));
    const reference = await files(await buildSite(dir, NOW));
    const cold = await buildSite(dir, NOW, { cache: true });
    const warm = await buildSite(dir, NOW, { cache: true });
    expect(warm.result.work).toMatchObject({ parsed: 0, rendered: 0 });
    const parallel = await buildSite(dir, NOW, { threads: 2, minJobsPerThread: 1, startWorker: tsWorker });
    expect(reference.size).toBe(28);
    for (const built of [cold, warm, parallel]) expect(await files(built)).toEqual(reference);
  });

  it("a kind's maxBytes cuts each of its feeds to the newest items that fit; one below the empty feed is an error at its line", async () => {
    const long = "Ein langer Absatz. ".repeat(300);
    const posts = Array.from({ length: 6 }, (_, i) => post(`p${i}`, `date: 2024-03-0${i + 1}\ntags: [Lang]`, long));
    const dir = await siteWith({ limit: 0, termFeeds: { tags: { maxBytes: { rss: 20000 } } } }, posts);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(true);
    const rss = await read(built.outDir, "tags/Lang/index.xml");
    expect(Buffer.byteLength(rss)).toBeLessThanOrEqual(20000);
    const kept = (await readWithFeedsmith(rss, "rss")).items.map((item) => item.title);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(["p5", "p4", "p3", "p2", "p1", "p0"].slice(0, kept.length));
    expect(kept.length).toBeLessThan(6);
    expect(validateRss(rss)).toEqual([]);
    // Its other formats and the main feeds have no limit: every item.
    expect((await readWithFeedsmith(await read(built.outDir, "tags/Lang/atom.xml"), "atom")).items).toHaveLength(6);
    expect((await readWithFeedsmith(await read(built.outDir, "tags/Lang/feed.json"), "json")).items).toHaveLength(6);
    expect((await readWithFeedsmith(built.rss, "rss")).items).toHaveLength(6);

    const tooSmall = await siteWith({ maxBytes: 5000000, termFeeds: { tags: { maxBytes: 100 } } }, posts.slice(0, 1));
    const failed = await buildSite(tooSmall, NOW);
    expect(failed.result.ok).toBe(false);
    const config = (await readFile(path.join(tooSmall, "feedwright.config.json"), "utf8")).split("\n");
    const errors = failed.result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatchObject({ file: "feedwright.config.json", field: "termFeeds.tags.maxBytes" });
      expect(config[error.line! - 1]).toContain('"maxBytes": 100');
    }
  });

  it("without termFeeds no term feed is written", async () => {
    const dir = await siteWith({}, [post("p1", "date: 2024-03-01\ntags: [A]\nauthor: Jana")]);
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(true);
    expect([...(await folderSnapshot(built.outDir)).keys()].filter((name) => name.includes("/") && !name.startsWith("posts/"))).toEqual([]);
  });
});
