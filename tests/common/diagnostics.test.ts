/** The report's folding of repeated warnings (src/diagnostics.ts), and a CLI run whose report of many foreign fields fits on a screen. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { formatFolded, warning, error, type Diagnostic } from "../../src/common/diagnostics.js";
import { tempDir } from "../helpers/build.js";

describe("formatFolded", () => {
  it("prints a warning shared by more than three posts once, with the count and two more places; errors all", () => {
    const many: Diagnostic[] = Array.from({ length: 1043 }, (_, i) => warning(`posts/p${String(i).padStart(4, "0")}.md`, "'hero' is not a field; it is ignored", { field: "hero", line: 2, column: 1 }));
    const few = [warning("posts/a.md", "'x' is not a field", { field: "x", line: 3 }), warning("posts/b.md", "'x' is not a field", { field: "x", line: 3 })];
    const errors = [error("posts/p0001.md", "date: is missing"), error("posts/p0002.md", "date: is missing")];
    const lines = formatFolded([...few, ...many.slice(0, 2), ...errors, ...many.slice(2)]);
    expect(lines).toEqual([
      "posts/a.md:3: warning: x: 'x' is not a field",
      "posts/b.md:3: warning: x: 'x' is not a field",
      "posts/p0000.md:2:1: warning: hero: 'hero' is not a field; it is ignored [the same in 1,043 posts, e.g. posts/p0001.md:2, posts/p0002.md:2]",
      "posts/p0001.md: error: date: is missing",
      "posts/p0002.md: error: date: is missing",
    ]);
  });

  it("keeps three or fewer as they are", () => {
    const three = ["a", "b", "c"].map((f) => warning(`posts/${f}.md`, "same"));
    expect(formatFolded(three)).toEqual(["posts/a.md: warning: same", "posts/b.md: warning: same", "posts/c.md: warning: same"]);
  });
});

describe("a site of 1,000 Jekyll posts with foreign fields", () => {
  it("builds with a report that fits on a screen", async () => {
    const root = await tempDir("feedwright-fold-");
    await mkdir(path.join(root, "posts"));
    await writeFile(path.join(root, "feedwright.config.json"), JSON.stringify({ title: "Fold", siteUrl: "https://fold.test/", limit: 5, publish: "beside" }));
    // Feeds only (publish beside): the report is the subject, not a thousand pages.
    // Known fields of Jekyll (layout, category, tags as a string, permalink) are silent; two unknown ones fold.
    for (let i = 0; i < 1000; i++) {
      const name = `post-${i}`;
      await writeFile(path.join(root, "posts", `${name}.md`), `---\nlayout: post\ntitle: "Post ${i}"\ndate: 2024-01-01\ncategory: news\nheader_image: x.png\nauthor_bio: x\ntags: jekyll ruby\npermalink: /p/${i}/\n---\nBody ${i}.\n`);
    }
    const err: string[] = [];
    const code = await main({ argv: ["--now", "2025-01-01T00:00:00Z", "--threads", "1", "--no-cache"], env: {}, cwd: root, stdout: () => {}, stderr: (t) => err.push(t), clock: () => new Date() });
    expect(code).toBe(0);
    const lines = err.join("").trimEnd().split("\n");
    // A screen: 24 lines of 80 columns would do; the report is far inside that.
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.filter((l) => l.includes("warning"))).toEqual([
      expect.stringMatching(/^posts\/post-0\.md:6:1: warning: header_image: 'header_image' is not a field; it is ignored .* \[the same in 1,000 posts, e\.g\. posts\/post-1\.md:6, posts\/post-10\.md:6\]$/),
      expect.stringMatching(/^posts\/post-0\.md:7:1: warning: author_bio: 'author_bio' is not a field; .* \[the same in 1,000 posts, e\.g\. posts\/post-1\.md:7, posts\/post-10\.md:7\]$/),
    ]);
  });
});
