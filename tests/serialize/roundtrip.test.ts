/**
 * The rich fixture site (tests/fixtures/rich) built for real, then read back by independent
 * parsers: every field of every item must survive in every format, the same in each.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite, FIXTURES, type BuiltSite } from "../helpers/build.js";
import {
  readWithFeedsmith,
  readWithRowanmanning,
  readWithRssParser,
  validateAtom,
  validateJsonFeed,
  validateRss,
  type ReadEnclosure,
  type ReadFeed,
} from "../support/feed-readers.js";

/** What the fixture's posts say, written out by hand: the readers must find exactly this. */
const EXPECTED = [
  {
    id: "https://example.org/blog/posts/gr%C3%B6%C3%9Fe/",
    title: "„Größe“ zählt – Übermäßig 🎉 und עברית",
    link: "https://example.org/blog/posts/gr%C3%B6%C3%9Fe/",
    date: "2024-03-10T23:00:00.000Z", // date-only: start of the day in Europe/Berlin
    content: ["Erster Absatz mit Umlauten: äöüß ÄÖÜ, Emoji 🎉, rechts-nach-links: שלום עולם.", "Mehr Text nach dem Auszug."],
    authors: ["Jürgen Groß"],
    categories: ["Größe", "Ümlaut"],
    enclosures: [],
  },
  {
    id: "https://example.org/blog/posts/why-div-matters/",
    title: 'Why <div> matters & "more"',
    link: "https://example.org/blog/posts/why-div-matters/",
    date: "2024-03-10T08:30:00.000Z",
    content: [
      '<a href="https://example.org/blog/posts/other/">relative link</a>',
      '<a href="https://example.org/blog/posts/why-div-matters/#details">anchor</a>',
      '<img src="https://example.org/blog/posts/why-div-matters/pic.png" alt="a picture">',
      "<s>old</s>",
      '<a href="https://example.com/bare">https://example.com/bare</a>',
    ],
    authors: ["Jane Doe", "Max Mustermann"],
    categories: ["html", "a&b", "c<d", "Essays"],
    // A root-relative enclosure URL is below the site URL's own path (/blog/).
    enclosures: [{ url: "https://example.org/blog/media/episode-1.mp3", type: "audio/mpeg", length: 123456 }],
    image: "https://example.org/blog/posts/why-div-matters/images/lead.jpg",
  },
  {
    id: "tag:example.org,2024:linkpost",
    title: "A post that points elsewhere",
    link: "https://other.example.com/article?x=1&y=2",
    date: "2024-03-09T12:00:00.000Z",
    content: ["Worth reading.", 'Quelle: <a href="https://other.example.com/">Other Site</a>'],
    authors: ["Site Author"],
    categories: [],
    enclosures: [],
  },
];

let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite(path.join(FIXTURES, "rich"), "2024-06-01T00:00:00Z");
  expect(site.result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
});

const isImage = (e: ReadEnclosure) => e.type?.startsWith("image/") === true;

/**
 * Some readers list the post's image among the enclosures (Atom's link rel="enclosure", RSS
 * media:content), others keep it apart: real enclosures are compared with the post's, and an
 * image, where a reader lists one, must be the post's image.
 */
function expectSameItems(feed: ReadFeed, label: string) {
  expect(feed.items.map((i) => i.id), label).toEqual(EXPECTED.map((e) => e.id));
  feed.items.forEach((item, index) => {
    const want = EXPECTED[index]!;
    expect(item.title, `${label}: title`).toBe(want.title);
    expect(item.link, `${label}: link`).toBe(want.link);
    expect(item.date, `${label}: date`).toBe(want.date);
    for (const piece of want.content) expect(item.content, `${label}: content`).toContain(piece);
    expect(item.authors, `${label}: authors`).toEqual(want.authors);
    expect(item.categories, `${label}: categories`).toEqual(want.categories);
    expect(item.enclosures.filter((e) => !isImage(e)), `${label}: enclosures`).toEqual(want.enclosures);
    const images = item.enclosures.filter(isImage);
    expect(images, `${label}: image`).toEqual(images.length === 0 ? [] : [{ url: want.image, type: "image/jpeg" }]);
  });
}

describe("every field survives in every format, for independent readers", () => {
  it("RSS 2.0 is valid and read the same by rss-parser, @rowanmanning/feed-parser and feedsmith", async () => {
    // validateRss includes the strict well-formedness check (saxes).
    expect(validateRss(site.rss)).toEqual([]);
    // rss-parser gives the raw <author> text ("e-mail (name)", as RSS writes it) and dc:creator names;
    // a post of several authors names them all as dc:creator (RSS has one <author>).
    const byRssParser = await readWithRssParser(site.rss);
    expect(byRssParser.items.map((i) => i.authors)).toEqual([["Jürgen Groß"], ["Jane Doe", "Max Mustermann"], ["site@example.org (Site Author)"]]);
    expect(byRssParser.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(byRssParser.items.map((i) => i.date)).toEqual(EXPECTED.map((e) => e.date));
    expectSameItems(await readWithRowanmanning(site.rss), "@rowanmanning/feed-parser on RSS");
    const bySmith = await readWithFeedsmith(site.rss, "rss");
    expect(bySmith.items[1]!.authors).toEqual(["Jane Doe", "Max Mustermann"]);
    expect(bySmith.items.map((i) => i.id)).toEqual(EXPECTED.map((e) => e.id));
    expect(bySmith.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(bySmith.items.map((i) => i.categories)).toEqual(EXPECTED.map((e) => e.categories));
    expect(bySmith.items.map((i) => i.enclosures)).toEqual(EXPECTED.map((e) => e.enclosures));
    expect(bySmith.language).toBe("de");
  });

  it("Atom 1.0 is valid and read the same by @rowanmanning/feed-parser and feedsmith", async () => {
    // RELAX NG and Schematron from RFC 4287, its prose rules, and strict well-formedness.
    expect(await validateAtom(site.atom)).toEqual([]);
    const byRowanmanning = await readWithRowanmanning(site.atom);
    const bySmith = await readWithFeedsmith(site.atom, "atom");
    expectSameItems(byRowanmanning, "@rowanmanning/feed-parser on Atom");
    expectSameItems(bySmith, "feedsmith on Atom");
    // Atom carries the post's image as a link rel="enclosure": both readers must see it.
    for (const feed of [byRowanmanning, bySmith]) expect(feed.items[1]!.enclosures.filter(isImage)).toHaveLength(1);
    const byRssParser = await readWithRssParser(site.atom);
    expect(byRssParser.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(byRssParser.items.map((i) => i.id)).toEqual(EXPECTED.map((e) => e.id));
  });

  it("JSON Feed 1.1 is valid against a schema written from the spec and read the same by feedsmith", async () => {
    expect(validateJsonFeed(site.json)).toEqual([]);
    const doc = JSON.parse(site.json);
    const smith = await readWithFeedsmith(site.json, "json");
    expect(smith.language).toBe("de");
    // JSON Feed's url is the post; a link post's target is external_url, which the reader maps to link.
    expectSameItems(smith, "feedsmith on JSON");
    expect(doc.items[1].image).toBe(EXPECTED[1]!.image);
    expect(doc.items[2]).toMatchObject({ url: "https://example.org/blog/posts/linkpost/", external_url: "https://other.example.com/article?x=1&y=2" });
  });

  it("the same ids, titles and dates in all three formats", async () => {
    const rss = await readWithRowanmanning(site.rss);
    const atom = await readWithRowanmanning(site.atom);
    const json = await readWithFeedsmith(site.json, "json");
    for (const key of ["id", "title", "date"] as const) {
      expect(atom.items.map((i) => i[key])).toEqual(rss.items.map((i) => i[key]));
      expect(json.items.map((i) => i[key])).toEqual(rss.items.map((i) => i[key]));
    }
  });

  it("drafts and future posts are in no format", () => {
    for (const text of [site.rss, site.atom, site.json]) {
      expect(text).not.toContain("draft that must never appear");
      expect(text).not.toContain("Secret draft body");
      expect(text).not.toContain("from the future");
    }
  });
});
