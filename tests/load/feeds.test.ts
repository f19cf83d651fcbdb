/**
 * Reading a published feed back (src/load/feeds.ts): each format feedwright writes, and the
 * RSS 1.0, Atom and RSS variants other generators write, and refusing what is not a feed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePreviousFeed } from "../../src/load/feeds.js";
import { buildPosts } from "../helpers/build.js";

const NOW = "2024-06-01T12:00:00Z";
const CONFIG = { title: "Guarded", siteUrl: "https://guard.example/", timezone: "Europe/Berlin" };

function post(file: string, title: string, date: string, extra = ""): { file: string; text: string } {
  return { file: `posts/${file}`, text: `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\nBody of ${title}.\n` };
}

const POSTS = [
  post("alpha.md", "Alpha", "2024-05-01T10:00:00Z"),
  post("beta.md", "Beta", "2024-05-02T10:00:00Z", "slug: beta-story\n"),
  post("gamma.md", "Gamma", "2024-05-03T10:00:00Z"),
];

describe("reading the published feeds back", () => {
  it("reads id, links and (JSON) source file from each format feedwright writes", async () => {
    const built = await buildPosts(CONFIG, POSTS, NOW);
    expect(built.result.ok).toBe(true);
    const out = built.result.outDir!;
    const expected = ["alpha", "beta-story", "gamma"].map((slug) => `https://guard.example/posts/${slug}/`);
    for (const name of ["rss.xml", "atom.xml", "feed.json"]) {
      const feed = parsePreviousFeed(await readFile(path.join(out, name), "utf8"));
      expect(feed.ok, name).toBe(true);
      if (!feed.ok) continue;
      expect(feed.value.items.map((item) => item.id).sort()).toEqual(expected);
      for (const item of feed.value.items) expect(item.links).toContain(item.id);
    }
    const json = parsePreviousFeed(await readFile(path.join(out, "feed.json"), "utf8"));
    expect(json.ok && json.value.items.find((item) => item.id.endsWith("/beta-story/"))?.file).toBe("beta.md");
  });

  it("decodes entities and CDATA, reads RSS without guid, Atom alternate links only, and RSS 1.0", () => {
    const rss = parsePreviousFeed(
      `<?xml version="1.0"?><rss version="2.0"><channel><item><guid isPermaLink="false">tag:a&amp;b,2024:&#49;</guid><link><![CDATA[https://x.example/?a=1&b=2]]></link></item><item><link>https://x.example/only-link</link></item></channel></rss>`,
    );
    expect(rss).toEqual({
      ok: true,
      value: { format: "rss", items: [
        { id: "tag:a&b,2024:1", links: ["https://x.example/?a=1&b=2"] },
        { id: "https://x.example/only-link", links: ["https://x.example/only-link"] },
      ] },
    });
    const atom = parsePreviousFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:uuid:1</id><title type="text">T</title><link rel="enclosure" href="https://x.example/a.mp3"/><link href="https://x.example/p/"/></entry></feed>`,
    );
    expect(atom).toEqual({ ok: true, value: { format: "atom", items: [{ id: "urn:uuid:1", links: ["https://x.example/p/"], title: "T" }] } });
    const rdf = parsePreviousFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://x.example/r/"><link>https://x.example/r/</link></item></rdf:RDF>`,
    );
    expect(rdf.ok && rdf.value.items).toEqual([{ id: "https://x.example/r/", links: ["https://x.example/r/"] }]);
  });

  it("refuses what is not a feed, and entity declarations", () => {
    expect(parsePreviousFeed("<html><body>404</body></html>")).toMatchObject({ ok: false, why: expect.stringContaining("neither RSS") });
    expect(parsePreviousFeed('{"a":1}')).toMatchObject({ ok: false, why: expect.stringContaining("not a JSON Feed") });
    expect(parsePreviousFeed("Not Found")).toMatchObject({ ok: false });
    expect(parsePreviousFeed('<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel/></rss>')).toMatchObject({ ok: false, why: expect.stringContaining("entities") });
    expect(parsePreviousFeed("<rss><channel><item></channel></rss>")).toMatchObject({ ok: false, why: expect.stringContaining("well-formed") });
  });
});
