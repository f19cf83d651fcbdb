/** The field vocabulary (src/post/vocabulary.ts): names of the other tools, precedence, hiding, values as people write them. */
import { describe, expect, it } from "vitest";
import { FRONTMATTER_FIELDS } from "../../src/model/frontmatter.js";
import { applyVocabulary, DEFAULT_SOURCES, GENERATOR_FIELDS, HIDING_FIELDS, isKnownName, makeVocabulary, PATH_FIELDS, splitList } from "../../src/model/vocabulary.js";

const at = () => ({ line: 1 });
const apply = (data: Record<string, unknown>, vocabulary = makeVocabulary()) => applyVocabulary(data, vocabulary, FRONTMATTER_FIELDS, "posts/a.md", at);

describe("applyVocabulary", () => {
  it("reads every other tool's name as feedwright's field", () => {
    const cases: [string, unknown, string, unknown][] = [
      ["description", "S", "summary", "S"],
      ["excerpt", "S", "summary", "S"],
      ["category", "news", "categories", ["news"]],
      ["lastmod", "2024-05-01", "updated", "2024-05-01"],
      ["last_modified_at", "2024-05-01", "updated", "2024-05-01"],
      ["modified", "2024-05-01", "updated", "2024-05-01"],
      ["updatedDate", "2024-05-01", "updated", "2024-05-01"],
      ["pubDate", "Jul 08 2022", "date", "Jul 08 2022"],
      ["publishDate", "2024-04-12", "date", "2024-04-12"],
      ["published", "2024-04-12", "date", "2024-04-12"],
      ["expiryDate", "2025-01-01", "expires", "2025-01-01"],
      ["unpublishdate", "2025-01-01", "expires", "2025-01-01"],
      ["heroImage", "/a.png", "image", "/a.png"],
      ["images", ["/a.png", "/b.png"], "image", "/a.png"],
      ["cover", { image: "/a.png", alt: "A" }, "image", "/a.png"],
    ];
    for (const [name, value, field, expected] of cases) {
      const mapped = apply({ title: "T", [name]: value });
      expect(mapped.fields[field], name).toEqual(expected);
      expect(mapped.origin.get(field), name).toBe(name);
      expect(mapped.fields[name], name).toBeUndefined();
    }
  });

  it("the first name of a list present wins; other date names are kept to hold the post back", () => {
    expect(apply({ summary: "own", description: "d", excerpt: "e" }).fields.summary).toBe("own");
    expect(apply({ description: "d", excerpt: "e" }).fields.summary).toBe("d");
    expect(apply({ date: "2024-01-01", publishDate: "2030-01-01" })).toMatchObject({ fields: { date: "2024-01-01" }, otherDates: [{ name: "publishDate", value: "2030-01-01" }] });
    // An empty string is an absent field, so the next name in the list is read.
    expect(apply({ summary: "", description: "d" }).fields.summary).toBe("d");
    expect(apply({ link: "", title: "T" }).fields).toEqual({ title: "T" });
    // title and date stay required: empty is for the schema to refuse.
    expect(apply({ title: "", date: "" }).fields).toEqual({ title: "", date: "" });
  });

  it("published: false, draft: true and eleventyExcludeFromCollections: true hide a post; 'true'/'false' text is read with a warning", () => {
    expect(apply({ published: false }).fields.draft).toBe(true);
    expect(apply({ published: true }).fields).toEqual({});
    expect(apply({ draft: false, published: false }).fields.draft).toBe(true);
    expect(apply({ eleventyExcludeFromCollections: true }).fields.draft).toBe(true);
    expect(apply({ title: "T" }).fields.draft).toBeUndefined();
    const quoted = apply({ draft: "true" });
    expect(quoted.fields.draft).toBe(true);
    expect(quoted.diagnostics.map((d) => `${d.field}: ${d.message}`)).toEqual(["draft: is the text 'true', read as true; write draft: true without quotes"]);
    expect(apply({ published: "False" }).fields.draft).toBe(true);
    // A value that is no yes/no is left for the schema's message.
    expect(apply({ draft: "yes" }).fields.draft).toBe("yes");
    // published with a date is a date, not a hiding flag.
    expect(apply({ published: "2024-04-12" }).fields).toEqual({ date: "2024-04-12" });
  });

  it("generator fields are silent; unknown fields stay for the caller to warn about", () => {
    const mapped = apply({ title: "T", layout: "post", permalink: "/x/", weight: 3, aliases: ["/y"], toc: true, redirect_from: ["/z"], menu: "main", tilte: "typo" });
    expect(mapped.fields).toEqual({ title: "T", tilte: "typo" });
    expect(apply({ extra: 1 }, makeVocabulary({ ignore: ["extra"] })).fields).toEqual({});
  });

  it("the configuration replaces a list; ':default' stands for the default list", () => {
    const vocabulary = makeVocabulary({ date: ["pubDate", ":default"], summary: ["excerpt"] });
    expect(vocabulary.sources.date).toEqual(["pubDate", "date", "publishDate", "published", ":filename"]);
    expect(apply({ date: "2024-01-01", pubDate: "2023-01-01" }, vocabulary).fields.date).toBe("2023-01-01");
    expect(apply({ excerpt: "e", description: "d" }, vocabulary).fields.summary).toBe("e");
    expect(DEFAULT_SOURCES.summary).toContain("description");
  });
});

describe("splitList: a string where a list is expected", () => {
  it("commas (default) splits at commas only when there is one; spaces is Jekyll's rule; none keeps one entry", () => {
    expect(splitList("news, ai", "commas")).toEqual(["news", "ai"]);
    expect(splitList("another tag", "commas")).toEqual(["another tag"]);
    expect(splitList("jekyll ruby", "spaces")).toEqual(["jekyll", "ruby"]);
    expect(splitList("  news   release ", "spaces")).toEqual(["news", "release"]);
    expect(splitList("a, b", "none")).toEqual(["a, b"]);
    expect(apply({ tags: "jekyll ruby", categories: "news release" }, makeVocabulary({}, "spaces")).fields).toMatchObject({ tags: ["jekyll", "ruby"], categories: ["news", "release"] });
  });
});

describe("the date token :filename (Hugo's)", () => {
  const named = (data: Record<string, unknown>, nameDate: string | undefined, vocabulary = makeVocabulary()) => applyVocabulary(data, vocabulary, FRONTMATTER_FIELDS, "posts/a.md", at, nameDate);

  it("is last by default: a file name's date only when the frontmatter gives none, and then the slug is the rest of the name", () => {
    expect(DEFAULT_SOURCES.date.at(-1)).toBe(":filename");
    expect(named({ title: "T" }, "2016-01-01")).toMatchObject({ fields: { date: "2016-01-01" }, datedByName: true, otherDates: [] });
    // A date in the frontmatter wins, and the file name's never holds the post back (as earlier builds did).
    expect(named({ date: "2015-06-01" }, "2016-01-01")).toMatchObject({ fields: { date: "2015-06-01" }, datedByName: false, otherDates: [] });
    expect(named({ pubDate: "Jul 08 2022" }, "2016-01-01")).toMatchObject({ fields: { date: "Jul 08 2022" }, datedByName: false });
    expect(named({ title: "T" }, undefined)).toMatchObject({ fields: { title: "T" }, datedByName: false });
  });

  it("first in the list, it wins over the frontmatter's date, which may still hold the post back", () => {
    const first = makeVocabulary({ date: [":filename", ":default"] });
    expect(first.sources.date).toEqual([":filename", "date", "publishDate", "pubDate", "published"]);
    expect(named({ date: "2016-01-01T08:00:00Z" }, "2016-01-01", first)).toMatchObject({ fields: { date: "2016-01-01" }, datedByName: true, otherDates: [{ name: "date", value: "2016-01-01T08:00:00Z" }] });
  });

  it("left out of the list, a file name gives no date", () => {
    expect(named({ title: "T" }, "2016-01-01", makeVocabulary({ date: ["date"] })).fields).toEqual({ title: "T" });
  });

  it("is a token, not a field name: a post's ':filename' key is not read as the date", () => {
    expect(makeVocabulary().fieldOf.has(":filename")).toBe(false);
  });
});

describe("one story per field: read, or known and silent", () => {
  it("no name that is read is also in the silent generator fields", () => {
    const read = [...FRONTMATTER_FIELDS, ...Object.values(DEFAULT_SOURCES).flat(), ...Object.keys(HIDING_FIELDS), ...PATH_FIELDS];
    expect(GENERATOR_FIELDS.filter((name) => read.includes(name))).toEqual([]);
  });

  it("permalink and url are read as the post's path (not dropped as silent), and ignore does not stop that", () => {
    for (const vocabulary of [makeVocabulary(), makeVocabulary({ ignore: ["permalink", "url", "published", "description"] })]) {
      for (const name of PATH_FIELDS) expect(isKnownName(name, vocabulary, FRONTMATTER_FIELDS)).toBe(true);
      // Not a schema field: the build reads them from the post (tests/build/urls.test.ts "per-post permalink and url").
      expect(apply({ title: "T", permalink: "/x/", url: "/y/" }, vocabulary).fields).toEqual({ title: "T" });
      expect(apply({ title: "T", published: false, description: "d" }, vocabulary).fields).toMatchObject({ draft: true, summary: "d" });
    }
  });
});
