/**
 * Frontmatter through gray-matter (src/parse/matter.ts): each format's values and places, the
 * static `---js` reader, and a property test holding the gray-matter path to the reference (the
 * split as the build did it before gray-matter came back, then js-yaml) on generated posts.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import jsYaml from "js-yaml";
import { stringify as stringifyToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { readFrontmatter } from "../../src/parse/matter.js";
import { loadYaml } from "../../src/common/yaml.js";
import { tempDir } from "../helpers/build.js";

function read(text: string) {
  const result = readFrontmatter(text);
  if (!result.ok) throw new Error(JSON.stringify(result.why));
  return result.value;
}

function problems(text: string) {
  const result = readFrontmatter(text);
  if (result.ok) throw new Error(`read: ${JSON.stringify(result.value.loaded.value)}`);
  return result.why;
}

/** The reference: the split of cab575a (first line exactly '---', block from its line break to the first '---' line), then loadYaml. */
function reference(text: string): { value: unknown; body: string } {
  const lines = text.split("\n");
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  const loaded = loadYaml(lines.slice(0, close).join("\n").slice(3));
  if (!loaded.ok) throw new Error("reference refused");
  return { value: loaded.value.value ?? {}, body: lines.slice(close + 1).join("\n") };
}

const key = fc.stringMatching(/^[a-z][a-z_]{0,8}$/);
const text = fc.string({ unit: fc.constantFrom("a", "ü", " ", ":", "-", "#", '"', "'", "🙂", "x", "{", "}", "=", "+"), maxLength: 12 });
const scalar = fc.oneof(text, fc.integer(), fc.boolean());
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(key, scalar, { maxKeys: 3 }));
const fields = fc.dictionary(key, value, { maxKeys: 8 });
const bodyLine = fc.oneof(text, fc.constantFrom("---", "+++", "}", "", "title: not frontmatter", "<!-- more -->"));
const body = fc.array(bodyLine, { maxLength: 8 }).map((lines) => lines.join("\n"));

describe("readFrontmatter: the gray-matter path", () => {
  it("gives the reference's frontmatter and body for generated YAML posts", () => {
    fc.assert(
      fc.property(fields, body, (data, rest) => {
        const text = `---\n${jsYaml.dump(data, { schema: jsYaml.CORE_SCHEMA })}---\n${rest}`;
        const ours = read(text);
        const expected = reference(text);
        expect(ours.loaded.value ?? {}).toEqual(expected.value);
        expect(ours.body).toBe(expected.body);
        expect(ours.format).toBe("yaml");
      }),
      { numRuns: 500 },
    );
  });

  it("TOML between +++ and JSON objects give the same fields as the YAML of the same data", () => {
    fc.assert(
      fc.property(fields, body, (data, rest) => {
        const toml = read(`+++\n${stringifyToml(data)}\n+++\n${rest}`);
        expect(toml.loaded.value).toEqual(data);
        expect(toml.body).toBe(rest);
        const json = read(`${JSON.stringify(data, null, 2)}\n${rest}`);
        expect(json.loaded.value).toEqual(data);
        expect(json.body).toBe(rest);
      }),
      { numRuns: 300 },
    );
  });

  it("TOML dates are the text they were written as, so src/dates.ts reads them in the site's zone", () => {
    const result = read('+++\ntitle = "A"\ndate = 2024-04-12\nupdated = 2024-04-13T10:00:00\nexpires = 2024-05-01T10:00:00+02:00\n[enclosure]\nurl = "/a.mp3"\n+++\nBody\n');
    expect(result.loaded.value).toEqual({ title: "A", date: "2024-04-12", updated: "2024-04-13T10:00:00.000", expires: "2024-05-01T10:00:00.000+02:00", enclosure: { url: "/a.mp3" } });
    expect(result.loaded.locate(["date"], "value")).toEqual({ line: 3, column: 8 });
    expect(result.loaded.locate(["enclosure", "url"], "value")).toEqual({ line: 6, column: 1 });
  });

  it("accepts a byte-order mark's absence of effect, blank lines before the opening line, and keeps file lines in every format", () => {
    expect(read("\n\n---\ntitle: A\n---\nBody").loaded.locate(["title"])).toEqual({ line: 4, column: 1 });
    expect(read("\n+++\ntitle = 'A'\n+++\nBody").loaded.locate(["title"])).toEqual({ line: 3, column: 1 });
    expect(read('\n{\n  "title": "A"\n}\nBody').loaded.locate(["title"], "value")).toEqual({ line: 3, column: 12 });
    expect(read("\n---js\nconst draft = true;\n---\nBody").loaded.locate(["draft"], "value")).toEqual({ line: 3, column: 15 });
    expect(read("---json\n{\n  \"title\": \"A\"\n}\n---\nBody")).toMatchObject({ format: "json", body: "Body", loaded: { value: { title: "A" } } });
  });

  it("a problem in any format keeps its line and column", () => {
    expect(problems("---\ntitle: A\ndate: [1\n---\n")).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/^frontmatter has a \[list\]/) })]);
    expect(problems('+++\ntitle = "A"\ndate = \n+++\n')).toEqual([{ message: "frontmatter is not valid TOML: invalid value", line: 3, column: 8 }]);
    expect(problems('{\n  "title": "A",\n}\n')).toEqual([{ message: "frontmatter is not valid JSON: Expected double-quoted property name", line: 3, column: 1 }]);
    expect(problems("\n\n---\ntitle: 'open\n---\n")).toEqual([expect.objectContaining({ line: 5 })]);
  });
});

describe("---js frontmatter: read statically, never run", () => {
  it("reads declarations of plain values (Eleventy's form) and one object literal", () => {
    const declared = read("---js\nconst title = \"Hello\";\nlet draft = true;\nvar n = -3, tags = ['a', `b`], o = { x: null, 'y-z': [1, 2.5] };\n---\nBody");
    expect(declared.loaded.value).toEqual({ title: "Hello", draft: true, n: -3, tags: ["a", "b"], o: { x: null, "y-z": [1, 2.5] } });
    expect(declared.loaded.locate(["o", "y-z"], "value")).toEqual({ line: 4, column: 54 });
    expect(read('---js\n{ title: "Hello", draft: false }\n---\n').loaded.value).toEqual({ title: "Hello", draft: false });
  });

  it("refuses everything that computes, with its place and the reason", async () => {
    const dir = await tempDir("feedwright-js-");
    const marker = path.join(dir, "ran");
    const cases: [string, string, number, number][] = [
      [`const title = require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x");`, "calls a function", 1, 15],
      ["const title = `a${1 + 1}`;", "template literal with ${…}", 1, 19],
      ["const n = 1 + 1;", "(binary expression) that computes", 1, 11],
      ["const t = title;", "refers to 'title'", 1, 11],
      ["const f = () => 1;", "has a function", 1, 11],
      ['import fs from "node:fs";', "imports a module", 1, 1],
      ["export const a = 1;", "exports from a module", 1, 1],
      ["function currentDate() { return new Date(); }", "declares a function", 1, 1],
      ['console.log("x");', "statement that runs", 1, 1],
      ["const o = { ...other };", "spreads", 1, 13],
      ["const o = { get x() { return 1; } };", "computed or method", 1, 13],
      ["const o = { [k]: 1 };", "computed or method", 1, 13],
      ["const { a } = b;", "destructures", 1, 7],
      ["const r = /x/;", "regular expression", 1, 11],
      ['{ title: (require("node:fs").writeFileSync("x"), "pwned") }', "calls a function", 1, 11],
      ["const a = ;", "is not valid JavaScript", 1, 11],
    ];
    for (const [code, reason, line, column] of cases) {
      const found = problems(`---js\n${code}\n---\nBody`);
      expect(found[0], code).toMatchObject({ message: expect.stringContaining(reason), line: line + 1, column });
      expect(found[0]!.message, code).toMatch(/^frontmatter \(---js\) .*nothing in it runs$|^frontmatter \(---js\) is not valid JavaScript/);
    }
    expect(existsSync(marker)).toBe(false);
  });
});
