/**
 * feeds.opml (src/render/opml.ts): an OPML 2.0 subscription list of every feed the build writes,
 * read back with fast-xml-parser (an independent parser) and saxes (strict well-formedness), and
 * linked from the home page and every page's head; in "beside" mode written with the snippet.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderOpml } from "../../src/render/opml.js";
import { buildPosts, buildSite, FIXTURES } from "../helpers/build.js";
import { feedMetaWith } from "../helpers/meta.js";
import { wellFormednessProblems } from "../support/feed-readers.js";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "outline" });

interface Outline {
  type: string;
  text: string;
  title: string;
  xmlUrl: string;
  htmlUrl: string;
}

function read(text: string): { version: string; title: string; outlines: Outline[] } {
  expect(wellFormednessProblems(text)).toEqual([]);
  const doc = parser.parse(text) as { opml: { version: string; head: { title: string }; body: { outline: Outline[] } } };
  return { version: doc.opml.version, title: String(doc.opml.head.title), outlines: doc.opml.body.outline };
}

describe("feeds.opml", () => {
  it("escapes the title and drops what XML cannot carry", () => {
    const text = renderOpml({ title: 'A & <B> "C"\u0001\nD', language: "en" }, [
      {
        meta: feedMetaWith({ title: 'A & <B> "C"\u0001\nD', homeUrl: "https://example.org/", selfUrls: { rss: "https://example.org/rss.xml?a=1&b=2", atom: "https://example.org/atom.xml", json: "https://example.org/feed.json" } }),
        files: { rss: "rss.xml", atom: "atom.xml", json: "feed.json" },
      },
    ]);
    const opml = read(text);
    expect(opml.title).toBe('A & <B> "C" D');
    expect(opml.outlines.map((o) => o.text)).toEqual(['A & <B> "C" D (RSS)', 'A & <B> "C" D (Atom)', 'A & <B> "C" D (JSON Feed)']);
    expect(opml.outlines[0]!.xmlUrl).toBe("https://example.org/rss.xml?a=1&b=2");
  });

  it("a built site lists its three feeds, links the list from the home page and every page's head", async () => {
    const built = await buildSite(path.join(FIXTURES, "site"), "2030-01-01T00:00:00Z");
    expect(built.result.ok).toBe(true);
    const site = built.result.site!;
    const opml = read(await readFile(path.join(built.outDir, "feeds.opml"), "utf8"));
    expect(opml.version).toBe("2.0");
    expect(opml.title).toBe(site.title);
    const self = (name: string) => new URL(name, site.siteUrl).href;
    expect(opml.outlines).toEqual([
      { type: "rss", text: `${site.title} (RSS)`, title: `${site.title} (RSS)`, xmlUrl: self(site.files.rss), htmlUrl: site.siteUrl },
      { type: "rss", text: `${site.title} (Atom)`, title: `${site.title} (Atom)`, xmlUrl: self(site.files.atom), htmlUrl: site.siteUrl },
      { type: "rss", text: `${site.title} (JSON Feed)`, title: `${site.title} (JSON Feed)`, xmlUrl: self(site.files.json), htmlUrl: site.siteUrl },
    ]);
    // Each xmlUrl is the feed's own self link.
    expect(built.rss).toContain(`<atom:link href="${self(site.files.rss)}" rel="self"`);
    const home = await readFile(path.join(built.outDir, "index.html"), "utf8");
    expect(home).toContain('<a href="feeds.opml" type="text/x-opml">OPML</a>');
    expect(home).toMatch(new RegExp(`<link rel="outline" type="text/x-opml" title="[^"]+ \\(OPML\\)" href="${self("feeds.opml").replace(/[.?]/g, "\\$&")}">`));
  });

  it("is written beside another generator's site too, and the snippet links it", async () => {
    const built = await buildPosts({ title: "Beside", siteUrl: "https://example.org/b/", timezone: "UTC", publish: "beside" }, [{ file: "posts/a.md", text: "---\ntitle: A\ndate: 2024-01-01\n---\nA" }], "2030-01-01T00:00:00Z");
    expect(built.result.ok).toBe(true);
    const out = built.result.outDir!;
    expect(read(await readFile(path.join(out, "feeds.opml"), "utf8")).outlines.map((o) => o.xmlUrl)).toEqual(["https://example.org/b/rss.xml", "https://example.org/b/atom.xml", "https://example.org/b/feed.json"]);
    expect(await readFile(path.join(out, "feedwright-links.html"), "utf8")).toContain('<link rel="outline" type="text/x-opml" title="Beside (OPML)" href="https://example.org/b/feeds.opml">');
  });
});
