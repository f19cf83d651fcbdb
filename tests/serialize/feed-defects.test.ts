/**
 * Every row of docs/feed-package.md (the measured defects of the `feed` package),
 * fed to the serializer with the very inputs that break `feed`, and checked with a strict XML
 * parser, the strict validators of tests/support and independent feed parsers. Each test names
 * the row it proves impossible.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import Parser from "rss-parser";
import { afterAll, describe, expect, it } from "vitest";
import { serializeFeeds } from "../../src/serialize/index.js";
import type { FeedItem, FeedMeta } from "../../src/model/feed.js";
import { buildPosts } from "../helpers/build.js";
import { feedMetaWith } from "../helpers/meta.js";
import { readWithFeedparser, readWithFeedsmith, readWithRowanmanning, atomBatch, validateJsonFeed, validateRss } from "../support/feed-readers.js";

const rssParser = new Parser({ customFields: { item: [["dc:creator", "creators", { keepArray: true }]] } });

const META = feedMetaWith();

function item(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    file: "posts/a.md",
    id: "https://example.org/posts/a/",
    link: "https://example.org/posts/a/",
    url: "https://example.org/posts/a/",
    title: "A title",
    published: new Date("2024-03-10T08:00:00Z"),
    modified: new Date("2024-03-10T08:00:00Z"),
    authors: [{ name: "Jane" }],
    summary: "A summary",
    contentHtml: "<p>Body</p>",
    categories: [],
    ...overrides,
  };
}

function serialize(items: FeedItem[], meta: Partial<FeedMeta> = {}) {
  return serializeFeeds({ ...META, ...meta }, items, "feedwright.config.json");
}

/**
 * Strictly well-formed (saxes) and valid: RSS 2.0 structure, Atom RELAX NG + Schematron, JSON Feed
 * 1.1 schema. The Atom feeds of all tests are validated together after the file (one xmllint run,
 * tests/support/feed-readers.ts atomBatch), each named by its test.
 */
const atoms = atomBatch();
afterAll(async () => {
  expect(await atoms.problems()).toEqual([]);
});
async function expectValid(feeds: { rss: string; atom: string; json: string }) {
  expect(validateRss(feeds.rss), "RSS").toEqual([]);
  atoms.add(feeds.atom, expect.getState().currentTestName ?? "?");
  expect(validateJsonFeed(feeds.json), "JSON Feed").toEqual([]);
}

const CONTROLS = "\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF";

describe("feed 6.0.0 defects are impossible", () => {
  it("C0 controls, U+FFFE and U+FFFF are removed from every text, with a warning naming the post", async () => {
    const { feeds, diagnostics } = serialize([item({ title: `Bell${CONTROLS}Title`, summary: `S${CONTROLS}`, contentHtml: `<p>C${CONTROLS}</p>`, categories: [`t${CONTROLS}`] })]);
    await expectValid(feeds);
    const rss = await rssParser.parseString(feeds.rss);
    expect(rss.items[0]!.title).toBe("BellTitle");
    expect(JSON.parse(feeds.json).items[0].title).toBe("BellTitle");
    expect(diagnostics.filter((d) => d.severity === "warning" && d.file === "posts/a.md").map((d) => d.field)).toEqual(
      expect.arrayContaining(["title", "summary", "contentHtml", "categories[0]"]),
    );
    expect(diagnostics[0]!.message).toMatch(/U\+0001.*removed/);
  });

  it("lone surrogates are removed with a warning, not silently turned into U+FFFD", async () => {
    const { feeds, diagnostics } = serialize([item({ title: "a\uD800b\uDC00c 🎉" })]);
    await expectValid(feeds);
    expect(feeds.rss).not.toContain("\uFFFD");
    expect((await rssParser.parseString(feeds.rss)).items[0]!.title).toBe("abc 🎉");
    expect(JSON.parse(feeds.json).items[0].title).toBe("abc 🎉");
    expect(diagnostics.some((d) => d.field === "title" && /U\+D800/.test(d.message) && /U\+DC00/.test(d.message))).toBe(true);
  });

  it("`]]>` twice in a title, summary or content stays well-formed and survives", async () => {
    const twice = "one ]]> two ]]> three";
    const { feeds } = serialize([item({ title: twice, summary: twice, contentHtml: `<p>${twice.replaceAll(">", "&gt;")}</p><pre>]]>]]></pre>` })]);
    await expectValid(feeds);
    const rss = await rssParser.parseString(feeds.rss);
    expect(rss.items[0]!.title).toBe(twice);
    const atom = parseFeed(feeds.atom);
    expect(atom.items[0]!.title).toBe(twice);
    expect(atom.items[0]!.content).toContain("<pre>]]>]]></pre>");
  });

  it("`&`, `<` and quotes in categories are escaped (RSS category text, Atom category term)", async () => {
    const { feeds } = serialize([item({ categories: ['a&b', "c<d", 'e"f'] })]);
    await expectValid(feeds);
    const atom = parseFeed(feeds.atom);
    expect(atom.items[0]!.categories.map((c) => c.term)).toEqual(["a&b", "c<d", 'e"f']);
    const rss = parseFeed(feeds.rss);
    expect(rss.items[0]!.categories.map((c) => c.label)).toEqual(["a&b", "c<d", 'e"f']);
  });

  it("URLs with `&` and non-ASCII stay well-formed and identical in every format (no per-format percent-encoding)", async () => {
    const url = "https://example.org/posts/gr%C3%B6%C3%9Fe/?a=1&b=2";
    const { feeds } = serialize([item({ id: url, link: url, url, enclosure: { url: "https://example.org/a.mp3?x=1&y=2", type: "audio/mpeg", length: 10 } })]);
    await expectValid(feeds);
    const rss = parseFeed(feeds.rss);
    const atom = parseFeed(feeds.atom);
    const json = JSON.parse(feeds.json);
    expect(rss.items[0]!.id).toBe(url);
    expect(atom.items[0]!.id).toBe(url);
    expect(json.items[0].id).toBe(url);
    expect(rss.items[0]!.media[0]!.url).toBe("https://example.org/a.mp3?x=1&y=2");
  });

  it("an Atom id that is not a URL (a tag: or urn: URI) is written as given", async () => {
    const { feeds } = serialize([item({ id: "tag:example.org,2024:post-1" }), item({ id: "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", file: "posts/b.md" })]);
    await expectValid(feeds);
    expect(parseFeed(feeds.atom).items.map((i) => i.id)).toEqual(["tag:example.org,2024:post-1", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"]);
    expect(feeds.rss).toContain('<guid isPermaLink="false">tag:example.org,2024:post-1</guid>');
  });

  it("Atom always has a feed id and an author; every entry has its author", async () => {
    const { feeds } = serialize([item({ authors: [{ name: "Jane", email: "jane@example.org" }] })]);
    await expectValid(feeds);
    expect(feeds.atom).toMatch(/<feed[^>]*>\s*<id>https:\/\/example\.org\/<\/id>/);
    expect(feeds.atom).toMatch(/<author>\s*<name>Site Author<\/name>/);
    expect(parseFeed(feeds.atom).items[0]!.authors.map((a) => a.name)).toEqual(["Jane"]);
  });

  it("a JSON item always has id and content_html, even with an empty body", async () => {
    const { feeds } = serialize([item({ contentHtml: "", summary: undefined })]);
    await expectValid(feeds);
    const json = JSON.parse(feeds.json);
    expect(json.items[0]).toMatchObject({ id: "https://example.org/posts/a/", content_html: "" });
  });

  it("titles are plain text in all three formats: `Why <div> matters & \"more\"` keeps its <div>", async () => {
    const title = 'Why <div> matters & "more"';
    const { feeds } = serialize([item({ title })]);
    await expectValid(feeds);
    expect((await rssParser.parseString(feeds.rss)).items[0]!.title).toBe(title);
    expect(parseFeed(feeds.rss).items[0]!.title).toBe(title);
    expect(parseFeed(feeds.atom).items[0]!.title).toBe(title);
    expect(feeds.atom).toContain('<title type="text">Why &lt;div&gt; matters &amp; &quot;more&quot;</title>');
    expect(JSON.parse(feeds.json).items[0].title).toBe(title);
  });

  it("a literal `&amp;` in feed-level text stays literal", async () => {
    const { feeds } = serialize([item()], { title: "Tom &amp; Jerry", description: "A &lt;b&gt; tag" });
    await expectValid(feeds);
    expect((await rssParser.parseString(feeds.rss)).title).toBe("Tom &amp; Jerry");
    // (@rowanmanning/feed-parser decodes entities in titles a second time, so it cannot see this.)
    expect((await rssParser.parseString(feeds.atom)).title).toBe("Tom &amp; Jerry");
    expect(feeds.atom).toContain("<title>Tom &amp;amp; Jerry</title>");
    expect(JSON.parse(feeds.json).title).toBe("Tom &amp; Jerry");
  });

  it("JSON Feed is version 1.1 with authors, language, summary, tags, image, attachments and date_modified", async () => {
    const { feeds } = serialize([
      item({
        authors: [{ name: "Jane", email: "jane@example.org" }, { name: "Max", url: "https://example.org/max/" }],
        categories: ["x", "y"],
        image: "https://example.org/a.png",
        enclosure: { url: "https://example.org/a.mp3", type: "audio/mpeg", length: 1234 },
        lang: "en",
        modified: new Date("2024-03-11T00:00:00Z"),
      }),
    ]);
    await expectValid(feeds);
    const json = JSON.parse(feeds.json);
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(json.language).toBe("de");
    expect(json.authors).toEqual([{ name: "Site Author" }]);
    expect(json).not.toHaveProperty("author");
    expect(json.items[0]).toMatchObject({
      authors: [{ name: "Jane", url: "mailto:jane@example.org" }, { name: "Max", url: "https://example.org/max/" }],
      language: "en",
      summary: "A summary",
      tags: ["x", "y"],
      image: "https://example.org/a.png",
      attachments: [{ url: "https://example.org/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 1234 }],
      date_published: "2024-03-10T08:00:00.000Z",
      date_modified: "2024-03-11T00:00:00.000Z",
    });
    expect(json.items[0]).not.toHaveProperty("author");
  });

  it("Atom carries xml:lang on the feed and on entries in another language", async () => {
    const { feeds } = serialize([item({ lang: "en-GB" }), item({ file: "posts/b.md", id: "https://example.org/posts/b/" })]);
    await expectValid(feeds);
    expect(feeds.atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">');
    expect(feeds.atom.match(/<entry[^>]*>/g)).toEqual(['<entry xml:lang="en-GB">', "<entry>"]);
  });

  it("enclosures keep their true type and length (audio/mpeg does not become image/mp3)", async () => {
    const { feeds } = serialize([item({ enclosure: { url: "https://example.org/e.mp3", type: "audio/mpeg", length: 98765 } })]);
    await expectValid(feeds);
    expect(feeds.rss).toContain('<enclosure length="98765" type="audio/mpeg" url="https://example.org/e.mp3"/>');
    const atom = parseFeed(feeds.atom).items[0]!.media[0]!;
    expect(atom).toMatchObject({ url: "https://example.org/e.mp3", mimeType: "audio/mpeg", length: 98765 });
    expect(feeds.atom).not.toContain("image/mp3");
  });

  it("RSS has at most one <author>, always an e-mail address: a single author with one; every other author is a dc:creator, never beside <author>", async () => {
    const jane = { name: "Jane", email: "jane@example.org" };
    const cases: [FeedItem["authors"], string[], string[]][] = [
      [[jane], ["<author>jane@example.org (Jane)</author>"], []],
      [[{ name: "Max" }], [], ["Max"]],
      [[jane, { name: "Max" }, { name: "Eva" }], [], ["Jane", "Max", "Eva"]],
      [[{ name: "Max" }, jane], [], ["Max", "Jane"]],
      [[jane, { name: "Bob", email: "bob@example.org" }], [], ["Jane", "Bob"]],
    ];
    for (const [authors, authorElements, creators] of cases) {
      const { feeds } = serialize([item({ authors })]);
      // validateRss: at most one <author>, an e-mail address, and never <author> beside <dc:creator> (W3C's DuplicateItemSemantics).
      expect(validateRss(feeds.rss), JSON.stringify(authors)).toEqual([]);
      expect(feeds.rss.match(/<author>[^<]*<\/author>/g) ?? []).toEqual(authorElements);
      const rss = await rssParser.parseString(feeds.rss);
      expect((rss.items[0] as unknown as { creators?: string[] }).creators ?? []).toEqual(creators);
      // Every reader finds every author by name.
      const names = authors.map((a) => a.name);
      expect((await readWithFeedsmith(feeds.rss, "rss")).items[0]!.authors).toEqual(names);
      expect((await readWithRowanmanning(feeds.rss)).items[0]!.authors).toEqual(authorElements.length > 0 ? ["Jane"] : names);
      // (feedparser's raw view: <author> as written, "address (name)".)
      expect((await readWithFeedparser(feeds.rss)).items[0]!.authors).toEqual(authorElements.length > 0 ? ["jane@example.org (Jane)"] : names);
      expect(parseFeed(feeds.atom).items[0]!.authors.map((a) => a.name)).toEqual(names);
    }
  });

  it("Atom categories always have a term", async () => {
    const { feeds } = serialize([item({ categories: ["news"] })]);
    await expectValid(feeds);
    expect(feeds.atom).toContain('<category term="news"/>');
  });

  it("feed-level updated is the newest item, never the build time: same input, same bytes", () => {
    const first = serialize([item()]).feeds;
    const later = serialize([item()]).feeds;
    expect(later).toEqual(first);
    expect(first.rss).toContain("<lastBuildDate>Sun, 10 Mar 2024 08:00:00 GMT</lastBuildDate>");
    expect(first.atom).toContain("<updated>2024-03-10T08:00:00.000Z</updated>");
  });

  it("the caller's objects are never mutated (feed's podcast mode deletes duration from them)", () => {
    const frozen = item({ enclosure: Object.freeze({ url: "https://example.org/e.mp3", type: "audio/mpeg", length: 1 }), authors: [Object.freeze({ name: "Jane" })] });
    const deepFrozen = Object.freeze({ ...frozen, categories: Object.freeze(["a"]) as unknown as string[] });
    expect(() => serialize([deepFrozen as FeedItem])).not.toThrow();
    expect(serialize([deepFrozen as FeedItem]).feeds.rss).not.toContain("itunes");
  });

  it("every namespace prefix used is declared (media: for images, dc: for creators, atom: for self)", async () => {
    const { feeds } = serialize([item({ image: "https://example.org/a.jpg", authors: [{ name: "Max" }] })]);
    await expectValid(feeds);
    expect(feeds.rss).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    expect(feeds.rss).toContain('<media:content url="https://example.org/a.jpg" medium="image" type="image/jpeg"/>');
    expect(feeds.rss).toContain('<atom:link href="https://example.org/rss.xml" rel="self" type="application/rss+xml"/>');
  });
});

describe("defects that the input stage makes impossible", () => {
  const config = { title: "T", siteUrl: "https://example.org/blog/", timezone: "Europe/Berlin" };
  const build = (text: string) => buildPosts(config, [{ file: "posts/p.md", text }], "2030-01-01T00:00:00Z");

  it("relative links, images and enclosures are resolved, never thrown on", async () => {
    const built = await build("---\ntitle: T\ndate: 2024-01-01\nimage: img/a.png\nenclosure: {url: ../media/a.mp3, type: audio/mpeg, length: 5}\n---\n[x](../other/) ![i](i.png) [a](#top)\n");
    expect(built.feeds).toBeDefined();
    await expectValid(built.feeds!);
    const json = JSON.parse(built.feeds!.json);
    expect(json.items[0].image).toBe("https://example.org/blog/posts/p/img/a.png");
    expect(json.items[0].attachments[0].url).toBe("https://example.org/blog/posts/media/a.mp3");
    expect(json.items[0].content_html).toContain('href="https://example.org/blog/posts/other/"');
    expect(json.items[0].content_html).toContain('src="https://example.org/blog/posts/p/i.png"');
    expect(json.items[0].content_html).toContain('href="https://example.org/blog/posts/p/#top"');
  });

  it("an id that is not an absolute URI is an error naming the field, not a crash", async () => {
    const built = await build("---\ntitle: T\ndate: 2024-01-01\nid: post-1\n---\nx\n");
    expect(built.feeds).toBeUndefined();
    expect(built.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", file: "posts/p.md", field: "id", line: 4 }));
  });

  it("an invalid date is an error, never `Invalid Date` in a feed", async () => {
    const built = await build("---\ntitle: T\ndate: not a date\n---\nx\n");
    expect(built.feeds).toBeUndefined();
    expect(built.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", field: "date", line: 3 }));
  });
});
