/**
 * A post with thousands of unknown keys (issue 11, item 3): each of the first
 * MAX_UNKNOWN_FIELD_MESSAGES is named with its line and a suggestion, the rest are counted in one
 * message, so the report and the work stay bounded. The scaling itself (linear, not quadratic) is
 * a row of `npm run bench`, not a timed test here.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { MAX_UNKNOWN_FIELD_MESSAGES } from "../../src/common/issues.js";
import { createPostParser } from "../../src/parse/post.js";
import { siteOf } from "../helpers/site.js";

const parse = createPostParser(siteOf(parseConfig(JSON.stringify({ title: "Test", siteUrl: "https://example.org/" }), "feedwright.config.json", {})));

function postWithUnknownKeys(count: number, extra = ""): Buffer {
  const keys = Array.from({ length: count }, (_, i) => `stray${i}: value ${i}`).join("\n");
  return Buffer.from(`---\ntitle: Hello\ndate: 2024-01-01\n${keys}\n${extra}---\nBody\n`);
}

describe("unknown frontmatter keys", () => {
  it.each([MAX_UNKNOWN_FIELD_MESSAGES + 1, 1_000, 5_000])("%i unknown keys: a bounded report that says how many were left out, and the post still builds", (count) => {
    const parsed = parse({ file: "posts/many.md", bytes: postWithUnknownKeys(count) });
    expect(parsed.post?.title).toBe("Hello");
    const lines = parsed.diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(MAX_UNKNOWN_FIELD_MESSAGES + 1);
    // Frontmatter line 2 is title, 3 is date, so stray<i> is on line 4 + i.
    expect(lines[0]).toBe("posts/many.md:4:1: warning: stray0: 'stray0' is not a field; it is ignored (fields: " + lines[0]!.split("(fields: ")[1]);
    expect(lines[MAX_UNKNOWN_FIELD_MESSAGES - 1]).toMatch(new RegExp(`^posts/many\\.md:${3 + MAX_UNKNOWN_FIELD_MESSAGES}:1: warning: stray${MAX_UNKNOWN_FIELD_MESSAGES - 1}: `));
    const rest = count - MAX_UNKNOWN_FIELD_MESSAGES;
    const examples = [0, 1, 2].filter((i) => i < rest).map((i) => `'stray${MAX_UNKNOWN_FIELD_MESSAGES + i}'`).join(", ");
    expect(lines.at(-1)).toMatch(new RegExp(`^posts/many\\.md:${4 + MAX_UNKNOWN_FIELD_MESSAGES}:1: warning: ${rest} more names are not fields either \\(${examples}${rest > 3 ? ", …" : ""}\\), not reported one by one; it is ignored`));
  });

  it("below the bound every key is named, with its suggestion", () => {
    const parsed = parse({ file: "posts/few.md", bytes: Buffer.from("---\ntitle: Hello\ndate: 2024-01-01\ntilte: x\nfoo: y\n---\nBody\n") });
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([
      "posts/few.md:4:1: warning: tilte: 'tilte' is not a field; did you mean 'title'?",
      expect.stringMatching(/^posts\/few\.md:5:1: warning: foo: 'foo' is not a field; it is ignored \(fields: title, date, /),
    ]);
  });

  it("unknown keys inside a mapping (enclosure) are bounded the same way, with the mapping named", () => {
    const keys = Array.from({ length: 500 }, (_, i) => `  extra${i}: 1`).join("\n");
    const text = `---\ntitle: Hello\ndate: 2024-01-01\nenclosure:\n  url: https://example.org/a.mp3\n  type: audio/mpeg\n  length: 5\n${keys}\n---\nBody\n`;
    const lines = parse({ file: "posts/enc.md", bytes: Buffer.from(text) }).diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(MAX_UNKNOWN_FIELD_MESSAGES + 1);
    expect(lines[0]).toMatch(/^posts\/enc\.md:8:3: warning: enclosure\.extra0: 'extra0' is not a field; /);
    expect(lines.at(-1)).toMatch(new RegExp(`^posts/enc\\.md:${8 + MAX_UNKNOWN_FIELD_MESSAGES}:3: warning: enclosure: ${500 - MAX_UNKNOWN_FIELD_MESSAGES} more names in enclosure are not fields either`));
  });
});
