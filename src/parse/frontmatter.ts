import type matterType from "gray-matter";
import { lazy } from "../lazy.js";

const grayMatter = lazy<typeof matterType>("gray-matter");

/**
 * Splits a post into frontmatter and body with gray-matter, after checks of our own: only YAML
 * frontmatter is accepted, because gray-matter's `---js` engine evaluates the frontmatter as
 * JavaScript, and a post must never run code in a build that holds deploy rights.
 */
export type SplitResult =
  | { ok: true; yaml: string; body: string; /** 1-based file line where the body starts. */ bodyLine: number }
  | { ok: false; message: string; line?: number };

const refuseToRun = {
  parse(): never {
    throw new Error("only YAML frontmatter is accepted");
  },
};
/** Every engine gray-matter would otherwise pick from a `---lang` marker refuses; YAML is parsed by the caller. */
const ENGINES = {
  yaml: { parse: (text: string) => ({ text }) },
  js: refuseToRun,
  javascript: refuseToRun,
  json: refuseToRun,
  coffee: refuseToRun,
  cson: refuseToRun,
  toml: refuseToRun,
};

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
  // Give gray-matter exactly the part we checked, so its own delimiter search cannot disagree with ours.
  const head = `${text.slice(0, closingStart)}---\n`;
  const parsed = grayMatter()(head, { language: "yaml", engines: ENGINES } as Parameters<typeof matterType>[1]);
  const yaml = (parsed.data as { text?: string }).text ?? "";
  return { ok: true, yaml, body: text.slice(bodyStart), bodyLine: lineNumber + 1 };
}
