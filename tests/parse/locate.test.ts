/**
 * placeFields: the line and column of a field named by a check after parsing, found by reading
 * the post again; only where the post writes that field, and only for the bytes that were parsed.
 */
import { describe, expect, it } from "vitest";
import { error, warning } from "../../src/common/diagnostics.js";
import type { PostEntry, SourceFile } from "../../src/model/post.js";
import { placeFields } from "../../src/parse/locate.js";
import { sourceHashOf } from "../../src/parse/post.js";

const texts: Record<string, string> = {
  "posts/yaml.md": "---\ntitle: A\ndate: 2024-01-01\nenclosure:\n  url: /media/a.mp3\n  type: audio/mpeg\n---\nBody.\n",
  "posts/flow.md": "---\ntitle: B\ndate: 2024-01-01\nenclosure: { type: audio/mpeg, url: /media/b.mp3 }\n---\nBody.\n",
  "posts/toml.md": '+++\ntitle = "C"\ndate = 2024-01-01\n\n[enclosure]\nurl = "/media/c.mp3"\ntype = "audio/mpeg"\n+++\nBody.\n',
  "posts/derived.md": "---\ntitle: D\ndate: 2024-01-01\n---\nBody.\n",
};
const bytes = (file: string) => new TextEncoder().encode(texts[file]);
const entry = (file: string, hash = sourceHashOf(bytes(file))): PostEntry => ({ file, id: file, url: file, link: file, title: file, date: new Date(0), draft: false, sourceHash: hash });
const read = (file: string): SourceFile | undefined => (texts[file] === undefined ? undefined : { file, bytes: bytes(file) });

describe("placeFields", () => {
  it("places a field's value in block, flow and TOML frontmatter, reading each post once", async () => {
    const reads: string[] = [];
    const placed = await placeFields(
      [error("posts/yaml.md", "m", { field: "enclosure.url" }), error("posts/flow.md", "m", { field: "enclosure.url" }), error("posts/toml.md", "m", { field: "enclosure.url" }), warning("posts/yaml.md", "n", { field: "title" })],
      ["posts/yaml.md", "posts/flow.md", "posts/toml.md"].map((f) => entry(f)),
      (file) => (reads.push(file), read(file)),
    );
    expect(placed.map((d) => [d.file, d.field, d.line, d.column])).toEqual([
      ["posts/yaml.md", "enclosure.url", 5, 8],
      ["posts/flow.md", "enclosure.url", 4, 37],
      // TOML positions come from a line locator (src/parse/matter.ts), as in parsing: the table's line.
      ["posts/toml.md", "enclosure.url", 5, 1],
      ["posts/yaml.md", "title", 2, 8],
    ]);
    expect(reads).toEqual(["posts/yaml.md", "posts/flow.md", "posts/toml.md"]);
  });

  it("leaves a message without a line for a derived field, a changed file, a missing file or one already placed", async () => {
    const given = [
      error("posts/derived.md", "m", { field: "slug" }),
      error("posts/yaml.md", "m", { field: "enclosure.url" }),
      error("posts/gone.md", "m", { field: "enclosure.url" }),
      error("posts/flow.md", "m", { field: "enclosure.url", line: 9 }),
      error("posts/flow.md", "m"),
    ];
    const placed = await placeFields(given, [entry("posts/derived.md"), entry("posts/yaml.md", "another hash"), entry("posts/gone.md", "x"), entry("posts/flow.md")], read);
    expect(placed).toEqual(given);
  });
});
