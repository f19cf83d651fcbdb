/**
 * The rich fixture site (tests/fixtures/rich) built for real, then read back by independent
 * parsers: every field of every item must survive in every format, the same in each.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite, FIXTURES, type BuiltSite } from "../helpers/build.js";
import { readWithFeedsmith, readWithRowanmanning, readWithRssParser, type ReadFeed } from "../helpers/readers.js";
import { xmlError } from "../helpers/xml.js";

/** What the fixture's posts say, written out by hand: the readers must find exactly this. */
const EXPECTED = [
  {
    id: "https://example.org/blog/posts/gr%C3%B6%C3%9Fe/",
    title: "„Größe“ zählt – Übermäßig 🎉 und עברית",
    link: "https://example.org/blog/posts/gr%C3%B6%C3%9Fe/",
    published: "2024-03-10T23:00:00.000Z", // date-only: start of the day in Europe/Berlin
    content: ["Erster Absatz mit Umlauten: äöüß ÄÖÜ, Emoji 🎉, rechts-nach-links: שלום עולם.", "Mehr Text nach dem Auszug."],
    authors: ["Jürgen Groß"],
    categories: ["Größe", "Ümlaut"],
    enclosures: [],
  },
  {
    id: "https://example.org/blog/posts/why-div-matters/",
    title: 'Why <div> matters & "more"',
    link: "https://example.org/blog/posts/why-div-matters/",
    published: "2024-03-10T08:30:00.000Z",
    content: [
      '<a href="https://example.org/blog/posts/other/">relative link</a>',
      '<a href="https://example.org/blog/posts/why-div-matters/#details">anchor</a>',
      '<img src="https://example.org/blog/posts/why-div-matters/pic.png" alt="a picture">',
      "<s>old</s>",
      '<a href="https://example.com/bare">https://example.com/bare</a>',
    ],
    authors: ["Jane Doe", "Max Mustermann"],
    categories: ["html", "a&b", "c<d", "Essays"],
    enclosures: [{ url: "https://example.org/media/episode-1.mp3", type: "audio/mpeg", length: 123456 }],
  },
  {
    id: "tag:example.org,2024:linkpost",
    title: "A post that points elsewhere",
    link: "https://other.example.com/article?x=1&y=2",
    published: "2024-03-09T12:00:00.000Z",
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

function expectSameItems(feed: ReadFeed, format: string) {
  const label = `${feed.reader} on ${format}`;
  expect(feed.items.map((i) => i.id), label).toEqual(EXPECTED.map((e) => e.id));
  feed.items.forEach((item, index) => {
    const want = EXPECTED[index]!;
    expect(item.title, `${label}: title`).toBe(want.title);
    expect(item.link, `${label}: link`).toBe(want.link);
    expect(item.published, `${label}: published`).toBe(want.published);
    for (const piece of want.content) expect(item.content, `${label}: content`).toContain(piece);
    expect(item.authors, `${label}: authors`).toEqual(want.authors);
    expect(item.categories, `${label}: categories`).toEqual(want.categories);
    expect(item.enclosures, `${label}: enclosures`).toEqual(want.enclosures);
  });
}

describe("every field survives in every format, for independent readers", () => {
  it("RSS 2.0 is well-formed and read the same by rss-parser, @rowanmanning/feed-parser and feedsmith", async () => {
    expect(xmlError(site.rss)).toBeUndefined();
    // rss-parser gives the raw <author> text ("e-mail (name)", as RSS writes it) and dc:creator names.
    const byRssParser = await readWithRssParser(site.rss);
    expect(byRssParser.items.map((i) => i.authors)).toEqual([["Jürgen Groß"], ["jane@example.org (Jane Doe)", "Max Mustermann"], ["site@example.org (Site Author)"]]);
    expect(byRssParser.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(byRssParser.items.map((i) => i.published)).toEqual(EXPECTED.map((e) => e.published));
    expectSameItems({ ...readWithRowanmanning(site.rss) }, "RSS");
    const bySmith = readWithFeedsmith(site.rss, "rss");
    expect(bySmith.items[1]!.authors).toEqual(["Jane Doe", "Max Mustermann"]);
    expect(bySmith.items.map((i) => i.id)).toEqual(EXPECTED.map((e) => e.id));
    expect(bySmith.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(bySmith.items.map((i) => i.categories)).toEqual(EXPECTED.map((e) => e.categories));
    expect(bySmith.items.map((i) => i.enclosures)).toEqual(EXPECTED.map((e) => e.enclosures));
    expect(bySmith.language).toBe("de");
  });

  it("Atom 1.0 is well-formed and read the same by @rowanmanning/feed-parser and feedsmith", async () => {
    expect(xmlError(site.atom)).toBeUndefined();
    expectSameItems(readWithRowanmanning(site.atom), "Atom");
    expectSameItems(readWithFeedsmith(site.atom, "atom"), "Atom");
    const byRssParser = await readWithRssParser(site.atom);
    expect(byRssParser.items.map((i) => i.title)).toEqual(EXPECTED.map((e) => e.title));
    expect(byRssParser.items.map((i) => i.id)).toEqual(EXPECTED.map((e) => e.id));
  });

  it("JSON Feed 1.1 is valid against a schema written from the spec and read the same by feedsmith", async () => {
    const schema = JSON.parse(await readFile(path.join(FIXTURES, "../support/schemas/jsonfeed-1.1.schema.json"), "utf8"));
    const ajv = new Ajv.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const doc = JSON.parse(site.json);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const smith = readWithFeedsmith(site.json, "json");
    expect(smith.language).toBe("de");
    // JSON Feed's url is the post; a link post's target is external_url, which the reader maps to link.
    expectSameItems(smith, "JSON");
    expect(doc.items[2]).toMatchObject({ url: "https://example.org/blog/posts/linkpost/", external_url: "https://other.example.com/article?x=1&y=2" });
  });

  it("the same ids, titles and dates in all three formats", async () => {
    const rss = readWithRowanmanning(site.rss);
    const atom = readWithRowanmanning(site.atom);
    const json = readWithFeedsmith(site.json, "json");
    for (const key of ["id", "title", "published"] as const) {
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
