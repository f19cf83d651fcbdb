/**
 * The excerpt separator: withoutSeparator and splitExcerpt find separator lines with indexOf, for
 * speed. Their meaning is the plain one, written here as the reference: split the body into lines,
 * a line is a separator line when it equals the separator once trimmed (an HTML comment separator
 * also with any spaces inside the comment: `<!-- more -->`). Random bodies built from
 * separators, white space, CR, line breaks and text must give exactly the reference's result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitExcerpt, withoutSeparator } from "../../src/render/summary.js";

const inner = (comment: string) => /^<!--([\s\S]*)-->$/.exec(comment)?.[1]?.trim();
const isSeparatorLine = (line: string, separator: string) =>
  line.trim() === separator || (inner(separator) !== undefined && line.trim().length >= 7 && inner(line.trim()) === inner(separator));

const referenceWithout = (body: string, separator: string) =>
  body
    .split("\n")
    .filter((line) => !isSeparatorLine(line, separator))
    .join("\n");

function referenceSplit(body: string, separator: string): string | undefined {
  const lines = body.split("\n");
  const index = lines.findIndex((line) => isSeparatorLine(line, separator));
  return index === -1 ? undefined : lines.slice(0, index).join("\n");
}

describe("excerpt separator lines", () => {
  it.each([
    ["Intro\n\n<!--more-->\n\nRest", "Intro\n\n\nRest", "Intro\n"],
    ["<!--more-->\nRest", "Rest", ""],
    ["Only text", "Only text", undefined],
    ["A\n<!--more-->", "A", "A"],
    ["<!--more-->", "", ""],
    ["A\n  <!--more-->\t\r\nB\n<!--more-->\n<!--more-->", "A\nB", "A"],
    ["Inline <!--more--> stays\nB", "Inline <!--more--> stays\nB", undefined],
    ["Intro\n<!-- more -->\nRest", "Intro\nRest", "Intro"],
    ["Intro\n<!--   more\t-->\nRest", "Intro\nRest", "Intro"],
    ["Intro\n<!-- more than this -->\nRest", "Intro\n<!-- more than this -->\nRest", undefined],
  ])("%j", (body, without, excerpt) => {
    expect(withoutSeparator(body, "<!--more-->")).toBe(without);
    expect(splitExcerpt(body, "<!--more-->")).toBe(excerpt);
  });

  it("random bodies: the same result as splitting into lines", () => {
    const separator = fc.constantFrom("<!--more-->", "---", "x", "<!-- more -->", " padded ", "a\nb");
    const piece = fc.constantFrom("<!--more-->", "---", "x", "<!-- more -->", " padded ", "a\nb", "\n", "\n\n", " ", "\t", "\r", "\u00a0", "\u2028", "text", "-", "<!--");
    fc.assert(
      fc.property(separator, fc.array(piece, { maxLength: 14 }), (sep, pieces) => {
        const body = pieces.join("");
        expect(withoutSeparator(body, sep)).toBe(referenceWithout(body, sep));
        expect(splitExcerpt(body, sep)).toBe(referenceSplit(body, sep));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
});
