/** The field vocabulary (src/post/vocabulary.ts): names of the other tools, precedence, hiding, values as people write them. */
import { describe, expect, it } from "vitest";
import { FRONTMATTER_FIELDS } from "../../src/model/frontmatter.js";
import { applyVocabulary, DEFAULT_SOURCES, makeVocabulary, splitList } from "../../src/model/vocabulary.js";

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
    expect(vocabulary.sources.date).toEqual(["pubDate", "date", "publishDate", "published"]);
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
