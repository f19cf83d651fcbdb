/**
 * The self-check in the build: it accepts every feed the project's fixtures and a random corpus
 * build, and when a defect of the `feed` package's table (docs/feed-package.md) is put back into
 * the serialized bytes (the write stage's beforeCheck seam), the build fails naming the feed, the
 * item and the rule, and the output folder is left exactly as it was.
 */
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFeed, checkShortened } from "../../src/check/check.js";
import { checkJsonByItem } from "../../src/check/json.js";
import { buildPosts, buildSite, FIXTURES, folderSnapshot, tempDir } from "../helpers/build.js";
import { validateAtom, validateJsonFeed, validateRss } from "../support/feed-readers.js";

const NOW = "2030-01-01T00:00:00Z";

async function fixtureSites(): Promise<string[]> {
  const dirs: string[] = [];
  for (const parent of [FIXTURES, path.join(FIXTURES, "sites")]) {
    for (const name of await readdir(parent)) {
      if (existsSync(path.join(parent, name, "feedwright.config.json"))) dirs.push(path.join(parent, name));
    }
  }
  return dirs;
}

describe("the self-check accepts what the project builds", () => {
  it("every fixture site builds with it, and its feeds pass it when checked again from disk", async () => {
    const sites = await fixtureSites();
    expect(sites.length).toBeGreaterThanOrEqual(10);
    for (const site of sites) {
      const built = await buildSite(site, NOW);
      expect(built.result.diagnostics.filter((d) => d.severity === "error"), site).toEqual([]);
      expect(built.result.timings?.check, site).toEqual(expect.any(Number));
      for (const [format, text] of [["rss", built.rss], ["atom", built.atom], ["json", built.json]] as const) {
        expect(checkFeed([Buffer.from(text)], format), `${site} ${format}`).toMatchObject({ format, diagnostics: [] });
        // And the first pass answers for what the build writes, without the plain pass (the check's speed depends on it).
        const first = format === "json" ? checkJsonByItem([Buffer.from(text)]) : checkShortened([Buffer.from(text)])?.violations;
        expect(first, `${site} ${format}: first pass`).toEqual(format === "json" ? expect.any(Number) : 0);
      }
    }
  });

  it("a random corpus (titles, authors, tags, dates over the whole range, links, enclosures) builds and passes", async () => {
    const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", "&", "<", ">", "]]>", "\"", "'", "ß", "🎉", "\u0001", "\uFFFE", "#", "%", "/"), minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== "" && /[a-zß🎉Z]/.test(s));
    const post = fc.record({
      title: text,
      year: fc.integer({ min: 1000, max: 2029 }),
      day: fc.integer({ min: 1, max: 28 }),
      tags: fc.array(text, { maxLength: 3 }),
      author: fc.option(fc.record({ name: text, email: fc.option(fc.constant("a@example.org"), { nil: undefined }) }), { nil: undefined }),
      link: fc.option(fc.constantFrom("https://example.com/a b/", "https://example.com/ü?x=[1]#a#b", "https://example.com/%zz"), { nil: undefined }),
      enclosure: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(post, { minLength: 1, maxLength: 6 }), async (posts) => {
        const files = posts.map((p, index) => ({
          file: `posts/p${index}.md`,
          text: [
            "---",
            `title: ${JSON.stringify(p.title)}`,
            `date: ${p.year}-03-${String(p.day).padStart(2, "0")}T10:00:00Z`,
            `tags: ${JSON.stringify(p.tags)}`,
            ...(p.author ? [`author: ${JSON.stringify(p.author)}`] : []),
            ...(p.link ? [`link: ${JSON.stringify(p.link)}`] : []),
            ...(p.enclosure ? ['enclosure: { url: "https://example.com/a.mp3", type: "audio/mpeg", length: 10 }'] : []),
            "---",
            `Body ${JSON.stringify(p.title)}`,
          ].join("\n"),
        }));
        const built = await buildPosts({ title: "Random", siteUrl: "https://example.org/blog/", timezone: "UTC", limit: 0 }, files, NOW);
        expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        for (const [format, doc] of Object.entries(built.feeds!)) expect(checkFeed([Buffer.from(doc)], format).diagnostics, format).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

/** Each row of docs/feed-package.md that a check can see, as a change to the bytes the serializer wrote. */
const DEFECTS: { row: string; file: "rss.xml" | "atom.xml" | "feed.json"; rule: string; inject: (text: string) => string; item?: RegExp }[] = [
  { row: "a C0 control character in a title", file: "rss.xml", rule: "xml-well-formed", inject: (t) => t.replace("<title>Second", "<title>Sec\u0001ond") },
  { row: "`]]>` more than once: the CDATA section ends early", file: "rss.xml", rule: "xml-well-formed", inject: (t) => t.replace("<title>Second post</title>", "<title><![CDATA[one ]]> two ]]> three]]></title>") },
  { row: "`&` unescaped in an RSS category's domain", file: "rss.xml", rule: "xml-well-formed", inject: (t) => t.replace("<category>", '<category domain="a&b">') },
  { row: "`<` unescaped in an Atom category's term", file: "atom.xml", rule: "xml-well-formed", inject: (t) => t.replace('<category term="', '<category term="<') },
  { row: "an extension element without its namespace declaration", file: "rss.xml", rule: "xml-well-formed", inject: (t) => t.replace("</item>", "<itunes:duration>3</itunes:duration></item>") },
  { row: "a relative item link", file: "rss.xml", rule: "rss-uri", inject: (t) => t.replace(/<link>https:\/\/example\.org\/blog\/posts\/second\/<\/link>/, "<link>/posts/second/</link>"), item: /^item 1 \(id 'https:\/\/example\.org\/blog\/posts\/second\/'\)/ },
  { row: "an Atom id that is not a URL", file: "atom.xml", rule: "atom-uri", inject: (t) => t.replace("<id>https://example.org/blog/posts/second/</id>", "<id>post-1</id>"), item: /^item 1 \(id 'post-1'\)/ },
  { row: "an invalid Date: `Invalid Date` in RSS", file: "rss.xml", rule: "rss-date", inject: (t) => t.replace(/<pubDate>[^<]*<\/pubDate>/, "<pubDate>Invalid Date</pubDate>") },
  { row: "a URL with non-ASCII characters left raw (JSON)", file: "feed.json", rule: "json-uri", inject: (t) => t.replace('"url": "https://example.org/blog/posts/second/"', '"url": "https://example.org/blog/posts/größe/"') },
  { row: "an enclosure whose type is dropped", file: "rss.xml", rule: "rss-enclosure", inject: (t) => t.replace(/(<enclosure[^>]*) type="[^"]*"/, "$1") },
  { row: "an Atom category with a label only, without term", file: "atom.xml", rule: "atom-category-term", inject: (t) => t.replace('<category term="', '<category label="') },
  { row: "one RSS <author> per author, without an e-mail address", file: "rss.xml", rule: "rss-one-author", inject: (t) => t.replace(/<author>[^<]*<\/author>/g, "").replace("</item>", "<author>Jane</author><author>John</author></item>") },
  { row: "RSS <author> holding a name, not an e-mail address", file: "rss.xml", rule: "rss-author-email", inject: (t) => t.replace(/<author>[^<]*<\/author>/g, "").replace("</item>", "<author>Jane</author></item>") },
  { row: "JSON Feed written as version 1", file: "feed.json", rule: "json-version", inject: (t) => t.replace("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1") },
  { row: "no feed id: Atom with an empty <id/>", file: "atom.xml", rule: "atom-feed-id", inject: (t) => t.replace("<id>https://example.org/blog/</id>", "<id/>") },
  { row: "no author for the feed or an entry", file: "atom.xml", rule: "atom-author", inject: (t) => t.replace(/<author>[\s\S]*?<\/author>/g, "") },
  { row: "a JSON item without id", file: "feed.json", rule: "json-item-id", inject: (t) => t.replace('"id": "https://example.org/blog/posts/second/",', "") },
  { row: "a JSON item with neither content nor description", file: "feed.json", rule: "json-item-content", inject: (t) => t.replace(/"content_html": "[^"]*",/, "") },
  { row: "two items with one id", file: "rss.xml", rule: "unique-id", inject: (t) => t.replaceAll("<guid isPermaLink=\"true\">https://example.org/blog/posts/first/</guid>", "<guid isPermaLink=\"true\">https://example.org/blog/posts/second/</guid>") },
];

const CONFIG = { title: "Defects", siteUrl: "https://example.org/blog/", timezone: "UTC", author: { name: "Jane", email: "jane@example.org" } };
const POSTS = (second: string) => [
  { file: "posts/first.md", text: "---\ntitle: First post\ndate: 2024-03-01T10:00:00Z\ntags: [a]\n---\nOne." },
  { file: "posts/second.md", text: `---\ntitle: Second post\ndate: 2024-03-02T10:00:00Z\ntags: [b]\nenclosure: { url: "https://example.org/a.mp3", type: "audio/mpeg", length: 10 }\n---\n${second}` },
];

describe("a defect of the `feed` package, put back, fails the build and writes nothing", () => {
  it.each(DEFECTS)("$row → $rule", async ({ file, rule, inject, item }) => {
    // The injected document is broken by the oracles too: the defect is real, not the check's taste.
    const site = await tempDir("feedwright-defect-");
    await writeFile(path.join(site, "feedwright.config.json"), JSON.stringify(CONFIG));
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(site, "posts"));
    const write = async (second: string) => {
      for (const post of POSTS(second)) await writeFile(path.join(site, post.file), post.text);
    };
    await write("Two.");
    const outDir = path.join(site, "public");
    const first = await buildSite(site, NOW, { outDir });
    expect(first.result.ok).toBe(true);
    const before = await folderSnapshot(outDir);
    const original = { "rss.xml": first.rss, "atom.xml": first.atom, "feed.json": first.json }[file];
    const broken = inject(original);
    expect(broken, "the injection applies to what the serializer writes").not.toBe(original);
    const oracle = file === "rss.xml" ? validateRss(broken) : file === "atom.xml" ? await validateAtom(broken) : (() => { try { return validateJsonFeed(JSON.parse(broken)); } catch (cause) { return [String(cause)]; } })();
    if (rule !== "rss-uri" && rule !== "rss-enclosure" && rule !== "rss-author-email" && rule !== "unique-id") expect(oracle.length, "the oracle refuses it too").toBeGreaterThan(0);

    // A changed post, so the build would rewrite the pages and feeds.
    await write("Two, edited.");
    const second = await buildSite(site, NOW, {
      outDir,
      writeHooks: { beforeCheck: (name, data) => (name === file ? [Buffer.from(inject(Buffer.concat(data.map((d) => Buffer.from(d))).toString("utf8")))] : data) },
    });
    expect(second.result.ok).toBe(false);
    const errors = second.result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.field)).toContain(rule);
    const named = errors.find((d) => d.field === rule)!;
    expect(named.file).toBe(`public/${file}`);
    expect(named.message).toMatch(/nothing was written/);
    if (item) expect(named.message).toMatch(item);
    expect(await folderSnapshot(outDir)).toEqual(before);
  });
});
