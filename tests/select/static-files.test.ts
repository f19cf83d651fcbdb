/**
 * The static-file check as a pure function of plain data: entries and the facts read at the load
 * end (src/load/static.ts) in, diagnostics out; no file system.
 */
import { describe, expect, it } from "vitest";
import type { StaticSize } from "../../src/model/feed.js";
import type { PostEntry } from "../../src/model/post.js";
import { checkAndSelect } from "../../src/select/select.js";
import { checkStaticFiles, staticPathsOf } from "../../src/select/static-files.js";

const entry = (file: string, date: string, extra: Partial<PostEntry> = {}): PostEntry => ({
  file: `posts/${file}.md`,
  id: `https://example.org/${file}/`,
  url: `https://example.org/${file}/`,
  link: `https://example.org/${file}/`,
  title: file,
  date: new Date(date),
  draft: false,
  sourceHash: file,
  ...extra,
});
const withFile = (sitePath: string) => ({ staticFile: { sitePath, field: "enclosure.url" } });
const sizes = new Map<string, StaticSize>([
  ["media/there.mp3", { ok: true, value: 10 }],
  ["media/dir", { ok: false, why: "it is not a file" }],
]);
const facts = { sizes, shown: "static" };

describe("checkStaticFiles", () => {
  const posts = [
    entry("live", "2024-06-01", withFile("media/there.mp3")),
    entry("scheduled", "2030-02-01", withFile("media/ep9.mp3")),
    entry("folder", "2024-01-01", withFile("media/dir")),
    entry("draft", "2024-01-01", { draft: true, ...withFile("media/draft.mp3") }),
    entry("plain", "2024-01-01"),
  ];

  it("asks for the files of every post but drafts; with drafts (the full check) for all", () => {
    expect(staticPathsOf(posts, false)).toEqual(["media/there.mp3", "media/ep9.mp3", "media/dir"]);
    expect(staticPathsOf(posts, true)).toEqual(["media/there.mp3", "media/ep9.mp3", "media/dir", "media/draft.mp3"]);
  });

  it("one error per missing or unusable file, naming the field, whatever the post's date", () => {
    expect(checkStaticFiles(posts, facts, false)).toEqual([
      {
        severity: "error",
        file: "posts/scheduled.md",
        field: "enclosure.url",
        message: "the enclosure has no length, so it is read from static/media/ep9.mp3, but it does not exist; add the file to the static folder (staticDir) or give enclosure.length",
      },
      expect.objectContaining({ file: "posts/folder.md", message: expect.stringContaining("but it is not a file;") }),
    ]);
    expect(checkStaticFiles(posts, facts, true).map((d) => d.file)).toEqual(["posts/scheduled.md", "posts/folder.md", "posts/draft.md"]);
  });

  it("the select stage reports them for posts past the limit and scheduled, beside its selection", () => {
    const staged = checkAndSelect(posts, new Date("2026-12-01T00:00:00Z"), 1, facts);
    expect(staged.value.items.map((p) => p.file)).toEqual(["posts/live.md"]);
    expect(staged.diagnostics.map((d) => d.file)).toEqual(["posts/scheduled.md", "posts/folder.md"]);
  });
});
