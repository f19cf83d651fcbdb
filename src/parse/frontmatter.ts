/**
 * Splits a post into frontmatter and body. Only YAML frontmatter is accepted: a `---js` or
 * `---javascript` marker makes gray-matter (and tools built on it) evaluate the frontmatter as
 * JavaScript, and a post must never run code in a build that holds deploy rights.
 *
 * This used to hand the part it had checked to gray-matter, which split it again. The checks
 * below do the whole job (and know the line of every problem), and at 10,000 posts gray-matter's
 * per-call work and loading cost 0.12 s of a 0.85 s build, so the build no longer calls it.
 * tests/parse/frontmatter.test.ts compares the split with gray-matter's on well-formed posts.
 */
export type SplitResult =
  | { ok: true; yaml: string; body: string; /** 1-based file line where the body starts. */ bodyLine: number }
  | { ok: false; message: string; line?: number };

/** Expects text already decoded, without a byte-order mark and with `\n` line ends. */
export function splitFrontmatter(text: string): SplitResult {
  if (text.trim() === "") return { ok: false, message: "the file is empty; a post starts with frontmatter between --- lines, with at least title and date" };
  const firstLineEnd = text.indexOf("\n");
  const firstLine = (firstLineEnd === -1 ? text : text.slice(0, firstLineEnd)).trimEnd();
  if (!firstLine.startsWith("---")) {
    return { ok: false, line: 1, message: "has no frontmatter; start the file with a line '---', then title: and date:, then a closing '---'" };
  }
  if (firstLine !== "---") {
    const language = firstLine.slice(3).trim();
    return {
      ok: false,
      line: 1,
      message: `opens its frontmatter as '${language}'; only YAML frontmatter is accepted (other languages can run code at build time): start the file with a plain '---' line`,
    };
  }
  // Walk line by line to the closing delimiter only: the body may be megabytes long.
  let lineStart = firstLineEnd + 1;
  let lineNumber = 2;
  let closingStart = -1;
  let bodyStart = text.length;
  while (firstLineEnd !== -1 && lineStart <= text.length) {
    const end = text.indexOf("\n", lineStart);
    const lineEnd = end === -1 ? text.length : end;
    if (text.startsWith("---", lineStart) && text.slice(lineStart, lineEnd).trimEnd() === "---") {
      closingStart = lineStart;
      bodyStart = end === -1 ? text.length : end + 1;
      break;
    }
    if (end === -1) break;
    lineStart = end + 1;
    lineNumber++;
  }
  if (closingStart === -1) {
    return { ok: false, line: 1, message: "the frontmatter opened on line 1 is never closed; add a line '---' after the last field" };
  }
  // From the line break that ends line 1, so that YAML line numbers are file line numbers.
  const yaml = text.slice(3, closingStart - 1);
  return { ok: true, yaml, body: text.slice(bodyStart), bodyLine: lineNumber + 1 };
}
