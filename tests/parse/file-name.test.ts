import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fileFacts, SLUG_PATTERN, slugOfName, sourcePathOf } from "../../src/parse/file-name.js";

describe("what a file name says", () => {
  it("a Jekyll-style name carries a date; a page bundle is named by its folder", () => {
    expect(fileFacts("2016-01-01-welcome.md")).toEqual({ sourcePath: "2016-01-01-welcome.md", folders: [], name: "2016-01-01-welcome", nameDate: "2016-01-01" });
    expect(fileFacts("news/0.91.2/index.md")).toEqual({ sourcePath: "news/0.91.2/index.md", folders: ["news"], name: "0.91.2" });
    expect(fileFacts("index.md").name).toBe("index");
    expect(fileFacts("2021-02-30-not-a-day.md").nameDate).toBeUndefined();
    expect(fileFacts("gru\u0308\u00dfe.md").name).toBe("gr\u00fc\u00dfe");
  });

  it("paths below the posts folder", () => {
    expect(sourcePathOf("posts/a/b.md", "posts")).toBe("a/b.md");
    expect(sourcePathOf("site/content/b.md", "site/content/")).toBe("b.md");
    expect(sourcePathOf("b.md", ".")).toBe("b.md");
    expect(sourcePathOf("../elsewhere/b.md", "posts")).toBe("../elsewhere/b.md");
  });
});

describe("slug rules", () => {
  it("Jekyll keeps the case and turns spaces into hyphens; Hugo lower-cases", () => {
    expect(slugOfName("2021-03-21-New Website", "jekyll", true)).toBe("New-Website");
    expect(slugOfName("2021-03-13-Allowing Access", "jekyll", true)).toBe("Allowing-Access");
    expect(slugOfName("über größe", "hugo", false)).toBe("über-größe");
    expect(slugOfName("My Post!", "hugo", false)).toBe("my-post");
    expect(slugOfName("a -- b", "jekyll", false)).toBe("a-b");
  });

  it("keep (the default): a name today's build accepts stays exactly as it is; others get Jekyll's rule", () => {
    const valid = fc.stringMatching(/^[a-zA-Z0-9äöüßé][a-zA-Z0-9äöüßé._~-]{0,20}$/);
    fc.assert(
      fc.property(valid, (name) => {
        expect(slugOfName(name, "keep", false)).toBe(name);
      }),
    );
    expect(slugOfName("2016-01-01-welcome", "keep", false)).toBe("2016-01-01-welcome");
    expect(slugOfName("2016-01-01-welcome", "keep", true)).toBe("welcome");
    expect(slugOfName("New Website", "keep", false)).toBe("New-Website");
  });

  it("every rule gives a slug or an empty string for any name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), fc.constantFrom("keep", "jekyll", "hugo" as const), (name, rule) => {
        // File names reach the rule in NFC (fileFacts), e.g. U+F900 as U+8C48.
        const nfc = name.normalize("NFC");
        const slug = slugOfName(nfc, rule, true);
        if (rule !== "hugo" && slug !== "") expect(slug).toMatch(/^[\p{L}\p{N}._~][\p{L}\p{N}._~-]*$/u);
        if (SLUG_PATTERN.test(nfc) && rule === "keep" && !/^\d{4}-\d{2}-\d{2}-./.test(nfc)) expect(slug).toBe(nfc);
      }),
    );
  });
});
