/**
 * The `hub` setting (README "WebSub"): every feed names each hub, RSS as <atom:link rel="hub">,
 * Atom as <link rel="hub">, JSON Feed 1.1 as hubs [{ type: "WebSub", url }], read back by an
 * independent parser (feedsmith) and through the project's validators and readers; without the
 * setting no feed names one; a bad value is an error naming the entry.
 */
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { buildPosts } from "../helpers/build.js";
import { expectValidAndAgreed } from "../helpers/readers.js";

const NOW = "2030-01-01T00:00:00Z";
const SITE = { title: "Hubs", siteUrl: "https://blog.example.com/" };
const POSTS = [
  { file: "posts/one.md", text: "---\ntitle: One\ndate: 2024-03-01T10:00:00Z\n---\nFirst.\n" },
  { file: "posts/two.md", text: "---\ntitle: Two & more\ndate: 2024-03-02T10:00:00Z\n---\nSecond.\n" },
];
// A query with `&` tests the escaping in XML; the second hub tests a list.
const HUBS = ["https://hub.example.net/publish?site=1&key=a", "https://websub.example.org/"];

function hubLinks(feeds: { rss: string; atom: string; json: string }) {
  const rss = parseRssFeed(feeds.rss);
  const atom = parseAtomFeed(feeds.atom);
  const json = parseJsonFeed(JSON.parse(feeds.json) as unknown);
  return {
    rss: (rss.atom?.links ?? []).filter((link) => link.rel === "hub").map((link) => link.href),
    rssSelf: (rss.atom?.links ?? []).filter((link) => link.rel === "self").map((link) => link.href),
    atom: (atom.links ?? []).filter((link) => link.rel === "hub").map((link) => link.href),
    atomSelf: (atom.links ?? []).filter((link) => link.rel === "self").map((link) => link.href),
    json: json.hubs ?? [],
  };
}

describe("hub: the WebSub hub links in every feed", () => {
  it("names each hub in RSS, Atom and JSON Feed, beside the self link, valid and read alike by every reader", async () => {
    const built = await buildPosts({ ...SITE, hub: HUBS }, POSTS, NOW);
    expect(built.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    const feeds = built.feeds!;
    await expectValidAndAgreed(feeds);
    const links = hubLinks(feeds);
    expect(links.rss).toEqual(HUBS);
    expect(links.atom).toEqual(HUBS);
    expect(links.json).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
    // WebSub discovery: the topic is the feed's rel="self" URL, next to the hubs.
    expect(links.rssSelf).toEqual(["https://blog.example.com/rss.xml"]);
    expect(links.atomSelf).toEqual(["https://blog.example.com/atom.xml"]);
    expect((JSON.parse(feeds.json) as { feed_url: string }).feed_url).toBe("https://blog.example.com/feed.json");
    // The RSS uses the atom: namespace it already declares for its self link.
    expect(feeds.rss.match(/xmlns:atom="http:\/\/www\.w3\.org\/2005\/Atom"/g)).toHaveLength(1);
  });

  it("one hub as a plain string is a list of one; without the setting no feed names a hub", async () => {
    const one = (await buildPosts({ ...SITE, hub: HUBS[1] }, POSTS, NOW)).feeds!;
    expect(hubLinks(one)).toMatchObject({ rss: [HUBS[1]], atom: [HUBS[1]], json: [{ type: "WebSub", url: HUBS[1] }] });
    const none = (await buildPosts(SITE, POSTS, NOW)).feeds!;
    expect(hubLinks(none)).toMatchObject({ rss: [], atom: [], json: [] });
    expect(none.json).not.toContain('"hubs"');
  });

  it("a bad hub is an error naming the entry and the fix, and nothing is written", async () => {
    const bad = await buildPosts({ ...SITE, hub: ["https://hub.example.net/", "hub.example.org", "https://hub.example.net/"] }, POSTS, NOW);
    expect(bad.result.ok).toBe(false);
    expect(bad.feeds).toBeUndefined();
    const errors = bad.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({ field: "hub[1]", message: expect.stringContaining("the scheme https:// is missing") }),
      expect.objectContaining({ field: "hub[2]", message: expect.stringContaining("a second time") }),
    ]);
    const empty = await buildPosts({ ...SITE, hub: [] }, POSTS, NOW);
    expect(empty.diagnostics).toEqual([expect.objectContaining({ severity: "error", field: "hub", message: expect.stringContaining("leave hub out for none") })]);
  });
});
