/**
 * The frontmatter split, which decides the language and the closing line before gray-matter reads
 * the head (src/parse/matter.ts). On well-formed posts it must give exactly gray-matter's own
 * frontmatter block and body; the refusals and their lines are the split's own.
 */
import fc from "fast-check";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { splitFrontmatter } from "../../src/parse/frontmatter.js";

/** gray-matter's split, with an engine that only hands the block back (nothing is evaluated). */
function grayMatterSplit(text: string): { yaml: string; body: string } {
  const file = matter(text, { engines: { yaml: { parse: () => ({}) } } } as Parameters<typeof matter>[1]);
  return { yaml: file.matter, body: file.content };
}

function split(text: string) {
  const result = splitFrontmatter(text);
  if (!result.ok) throw new Error(result.why.message);
  return result.value;
}

describe("splitFrontmatter", () => {
  it("gives gray-matter's frontmatter block and body for well-formed posts", () => {
    // Lines of a frontmatter: anything that does not start with '---' (gray-matter would close there).
    const line = fc.string({ unit: fc.constantFrom("a", "ü", " ", ":", "-", "#", "\"", "'", "\t", "🙂", "x"), maxLength: 12 }).filter((l) => !l.startsWith("---"));
    // Lines of a body: anything, '---' lines and more frontmatter-looking blocks included.
    const bodyLine = fc.oneof(line, fc.constantFrom("---", "--- ", "----", "---js", "", "title: not frontmatter"));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.array(bodyLine, { maxLength: 8 }), fc.boolean(), (head, body, finalNewline) => {
        const text = `---\n${head.map((l) => `${l}\n`).join("")}---\n${body.join("\n")}${finalNewline ? "\n" : ""}`;
        const ours = split(text);
        expect({ yaml: ours.block, body: ours.body }).toEqual(grayMatterSplit(text));
        expect(ours.bodyLine).toBe(head.length + 3);
      }),
      { numRuns: 2000 },
    );
  });

  it("YAML line numbers are file line numbers (the block starts with the break after line 1)", () => {
    const result = split("---\ntitle: A\ndate: 2024-04-12\n---\nBody\n");
    expect(result.block.split("\n").indexOf("date: 2024-04-12") + 1).toBe(3);
  });

  it("a closing line may carry trailing spaces; a line that only starts with --- does not close", () => {
    expect(split("---\ntitle: A\n---  \nBody")).toMatchObject({ block: "\ntitle: A", body: "Body", bodyLine: 4 });
    expect(split("---\ntitle: A\n----\nb: 1\n---\nBody")).toMatchObject({ block: "\ntitle: A\n----\nb: 1", body: "Body", bodyLine: 6 });
    expect(split("---\n---\nBody")).toMatchObject({ block: "", body: "Body", bodyLine: 3 });
    expect(split("---\ntitle: A\n---")).toMatchObject({ block: "\ntitle: A", body: "", bodyLine: 4 });
  });

  it("refuses a file without frontmatter, one never closed, and every language marker", () => {
    expect(splitFrontmatter("   \n")).toMatchObject({ ok: false, why: { message: expect.stringContaining("empty") } });
    expect(splitFrontmatter("# Title\n")).toMatchObject({ ok: false, why: { line: 1, message: expect.stringContaining("has no frontmatter") } });
    expect(splitFrontmatter("---\ntitle: A\nBody\n")).toMatchObject({ ok: false, why: { line: 1, message: expect.stringContaining("never closed") } });
    for (const marker of ["coffee", "cson", "ruby", "-", "jsx", "TOML", "Json", "YML"]) {
      expect(splitFrontmatter(`---${marker}\ntitle: A\n---\n`)).toMatchObject({ ok: false, why: { line: 1, message: expect.stringContaining(`as '${marker}'`) } });
    }
    expect(splitFrontmatter("+++\ntitle = 'A'\n")).toMatchObject({ ok: false, why: { line: 1, message: expect.stringContaining("add a line '+++'") } });
    expect(splitFrontmatter('\n{\n "title": "A"\n')).toMatchObject({ ok: false, why: { line: 2, message: expect.stringContaining("JSON frontmatter opened on line 2 is never closed") } });
  });

  it("names the language of every accepted marker, and of TOML and JSON without one", () => {
    const formats = {
      "---\na: 1\n---\n": "yaml",
      "---yaml\na: 1\n---\n": "yaml",
      "---toml\na = 1\n---\n": "toml",
      "+++\na = 1\n+++\n": "toml",
      "---json\n{}\n---\n": "json",
      '{ "a": 1 }\nBody': "json",
      "---js\nconst a = 1;\n---\n": "js",
      "---javascript\nconst a = 1;\n---\n": "js",
    };
    for (const [text, format] of Object.entries(formats)) expect(split(text).format, text).toBe(format);
  });

  it("blank lines before the opening line are skipped, and block lines stay file lines", () => {
    const result = split("\n  \n---\ntitle: A\n---\nBody");
    expect(result).toMatchObject({ linesBefore: 2, body: "Body", bodyLine: 6 });
    expect(result.block.split("\n").indexOf("title: A") + 1).toBe(4);
  });

  it("a JSON object ends at its closing brace, braces inside strings not counted", () => {
    expect(split('{\n  "title": "a } { \\" b",\n  "x": {"y": 1}\n}\nBody\n')).toMatchObject({ block: '{\n  "title": "a } { \\" b",\n  "x": {"y": 1}\n}', body: "Body\n", bodyLine: 5 });
    expect(splitFrontmatter('{ "a": 1 } trailing\n')).toMatchObject({ ok: false, why: { line: 1, message: expect.stringContaining("after the '}'") } });
  });
});
