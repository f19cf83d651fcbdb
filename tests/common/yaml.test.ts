/**
 * A field's line and column (loadYaml's locate) are `yaml`'s answers, whether the quick scan of
 * plain frontmatter gives them or `yaml`'s document model does (src/common/yaml.ts): checked on
 * generated frontmatter, tricky lines included, against `yaml` itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPair, isScalar, isMap, LineCounter, parseDocument, type Node } from "yaml";
import { loadYaml } from "../../src/common/yaml.js";

const KEYS = ["title", "date", "draft", "tags", "b"];

/** The oracle: `yaml`'s position of the first top-level pair with this key (of its value, when there is one). */
function oracle(text: string, key: string, at: "key" | "value") {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: "core", version: "1.2", lineCounter, uniqueKeys: false });
  if (!isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  if (!pair) return undefined;
  let offset = (pair.key as Node).range?.[0];
  if (at === "value" && pair.value && (pair.value as Node).range) offset = (pair.value as Node).range![0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

const LINES = [
  "title: Hello", "title:   Hello world # a comment", 'title: "Quoted: yes"', "title: 'it''s'", 'title: "open', "title : spaced",
  "date: 2024-01-01T00:00:00Z", "draft: false", 'draft: "false"', "draft:\tfalse", "tags: [a, b]", "tags: [a,", "tags:", "  - one", '  - "two"', "  [x,", "b]",
  "b: again", "# b: comment", "", "---", "...", "body: |", "  b: inside a block", "b", "\tb: tab", "title: &anchor x", "? b", '"b": quoted key', "123: number",
  "b: x\r", "title: a\rb: lone CR", '  "open', 'b: close"', "  'open", "b: close'", "  b: nested", "title: foo#bar", "b: (x)",
];

describe("a field's position in YAML frontmatter", () => {
  it("is yaml's, on generated frontmatter", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const text = lines.join(crlf ? "\r\n" : "\n");
        const loaded = loadYaml(text);
        if (!loaded.ok) return;
        for (const key of KEYS) {
          for (const at of ["key", "value"] as const) expect(loaded.value.locate([key], at), `${JSON.stringify(text)} ${key} ${at}`).toEqual(oracle(text, key, at));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a second document (a '...' line, then more) is a problem to fix, not a crash (found by the property above)", () => {
    expect(loadYaml("...\ntitle: Hello")).toEqual({ ok: false, why: [{ message: "holds more than one YAML document (a line '...' or '---', then more): keep one" }] });
  });

  it("points at the key and at the value of plain frontmatter", () => {
    const loaded = loadYaml('title: "Hi"\ndate:  2024-01-01\ndraft: "false"\n');
    expect(loaded.ok && loaded.value.locate(["draft"], "value")).toEqual({ line: 3, column: 8 });
    expect(loaded.ok && loaded.value.locate(["date"], "value")).toEqual({ line: 2, column: 8 });
    expect(loaded.ok && loaded.value.locate(["date"], "key")).toEqual({ line: 2, column: 1 });
    expect(loaded.ok && loaded.value.locate(["author"], "key")).toBeUndefined();
  });
});
