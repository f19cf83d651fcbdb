/**
 * checkRenders, the full check's render: what rendering found in each post outside the feeds
 * (its errors, the item's warnings), with the items for the build's other checks.
 */
import { describe, expect, it } from "vitest";
import { error, warning } from "../../src/common/diagnostics.js";
import type { FeedItem } from "../../src/model/feed.js";
import type { PostEntry } from "../../src/model/post.js";
import { checkRenders } from "../../src/render/check.js";

const entry = (file: string): PostEntry => ({ file, id: file, url: file, link: file, title: file, date: new Date(0), draft: false, sourceHash: file });
const item = (file: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  file, id: file, link: file, url: file, title: "T", published: new Date(0), modified: new Date(0), authors: [], contentHtml: "<p>x</p>", categories: [], ...extra,
});

describe("checkRenders", () => {
  it("reports render errors and item warnings, and hands back the items that rendered", async () => {
    const seen: string[] = [];
    const found = await checkRenders([entry("a.md"), entry("b.md"), entry("c.md")], async (entries) => {
      seen.push(...entries.map((e) => e.file));
      return [
        { ok: true, value: { item: item("a.md", { warnings: [warning("a.md", "unclosed", { line: 7 })] }) } },
        { ok: false, why: error("b.md", "changed while the build was running; run the build again") },
        { ok: true, value: { item: item("c.md", { title: "Bell\u0007" }) } },
      ];
    });
    expect(seen).toEqual(["a.md", "b.md", "c.md"]);
    expect(found.diagnostics).toEqual([error("b.md", "changed while the build was running; run the build again"), warning("a.md", "unclosed", { line: 7 })]);
    expect(found.value.map((i) => i.file)).toEqual(["a.md", "c.md"]);
  });

  it("nothing to check, nothing found", async () => {
    expect(await checkRenders([], async (entries) => entries.map(() => { throw new Error("nothing to render"); }))).toEqual({ value: [], diagnostics: [] });
  });
});
