/** Two posts with one URL or one id (src/select/unique.ts): both files named, with the fix. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { parseConfig } from "../../src/config/parse.js";
import { createPostParser } from "../../src/parse/post.js";
import { checkUnique } from "../../src/select/unique.js";
import { FIXTURES } from "../helpers/build.js";
import { siteOf } from "../helpers/site.js";

const parse = createPostParser(siteOf(parseConfig(JSON.stringify({ title: "Test", siteUrl: "https://example.org/", timezone: "Europe/Berlin" }), "feedwright.config.json", {})));
const DUPLICATES = path.join(FIXTURES, "bad", "duplicates");

describe("two posts with one id or URL", () => {
  it("names both files, for URL and for id", () => {
    const posts = ["a.md", "b.md", "c.md", "d.md"].map((name) => {
      const parsed = parse({ file: `posts/${name}`, bytes: readFileSync(path.join(DUPLICATES, name)) });
      expect(parsed.diagnostics).toEqual([]);
      return parsed.post!;
    });
    expect(checkUnique(posts).map(formatDiagnostic).sort()).toEqual([
      "posts/a.md: error: slug: has the same URL https://example.org/posts/same/ as posts/b.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/b.md: error: slug: has the same URL https://example.org/posts/same/ as posts/a.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/c.md: error: id: has the same id 'tag:example.org,2024:one' as posts/d.md; give one of them another id",
      "posts/d.md: error: id: has the same id 'tag:example.org,2024:one' as posts/c.md; give one of them another id",
    ]);
  });

  it("posts whose ids are their URLs: each repeated URL reported once per pair, and an id set to another post's URL still found", () => {
    const url = "https://example.org/posts/same/";
    const plain = ["a", "b", "c"].map((name) => ({ file: `posts/${name}.md`, id: url, url }));
    const urlPairs = [
      "posts/a.md: error: slug: has the same URL https://example.org/posts/same/ as posts/b.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/a.md: error: slug: has the same URL https://example.org/posts/same/ as posts/c.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/b.md: error: slug: has the same URL https://example.org/posts/same/ as posts/a.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/c.md: error: slug: has the same URL https://example.org/posts/same/ as posts/a.md; give one of them another slug (or permalink), or add {path} to postUrl",
    ];
    expect(checkUnique(plain).map(formatDiagnostic).sort()).toEqual(urlPairs);
    const withId = [...plain, { file: "posts/d.md", id: url, url: "https://example.org/posts/other/" }];
    expect(checkUnique(withId).map(formatDiagnostic).sort()).toEqual([
      ...urlPairs,
      "posts/a.md: error: id: has the same id 'https://example.org/posts/same/' as posts/d.md; give one of them another id",
      "posts/d.md: error: id: has the same id 'https://example.org/posts/same/' as posts/a.md; give one of them another id",
    ].sort());
  });
});
