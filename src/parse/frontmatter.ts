import type { Checked } from "../common/result.js";

/**
 * Finds a post's frontmatter and says which language it is in, before any parser sees the text:
 * YAML between `---` lines (`---yaml` too), TOML between `+++` lines (or `---toml`), JSON as Hugo
 * writes it (an object opening the file) or between `---json` lines, and `---js`, which is only
 * ever read statically (src/parse/javascript.ts). Every other marker names an engine that would
 * run code or that nobody ships (`---coffee`), and is refused here, so gray-matter never sees it.
 *
 * Blank lines before the opening line are allowed (Hugo does), and each is kept as a line break
 * in front of `block`, so that every parser's line numbers are the file's. The closing line is
 * exactly the delimiter (trailing spaces allowed), as in Jekyll and Hugo; `head` is the text handed
 * to gray-matter, cut after that line, so that gray-matter closes where this split does.
 */
export type FrontmatterFormat = "yaml" | "toml" | "json" | "js";

export interface Split {
  format: FrontmatterFormat;
  /** The frontmatter text, from the line break that ends the opening line; lines are file lines. */
  block: string;
  /** For gray-matter: the opening line to the closing delimiter; undefined for a bare JSON object (gray-matter has no such form). */
  head?: { text: string; delimiter: string };
  /** Blank lines before the opening line. */
  linesBefore: number;
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

/** The split, or why there is none and on which line. */
export type SplitResult = Checked<Split, { message: string; line?: number }>;

/** What a frontmatter parser hands back: the data, and where each key path is in the file. */
export interface LoadedFrontmatter {
  value: unknown;
  /** 1-based file position of a key path: of the key, or of its value; for a missing path, of its deepest existing part. */
  locate(path: readonly PropertyKey[], at?: "key" | "value"): { line: number; column: number } | undefined;
}

/** A reason a frontmatter cannot be read, at its place in the file where one is known. */
export interface FrontmatterProblem {
  message: string;
  line?: number;
  column?: number;
}

/** Markers after `---` and the format each one means. */
const MARKERS: Readonly<Record<string, FrontmatterFormat>> = { "": "yaml", yaml: "yaml", yml: "yaml", toml: "toml", json: "json", js: "js", javascript: "js" };

export const FORMS_ACCEPTED = "YAML between '---' lines, TOML between '+++' lines, a JSON object, or '---js' with declarations of plain values";

/** Expects text already decoded, without a byte-order mark and with `\n` line ends. */
export function splitFrontmatter(text: string): SplitResult {
  if (text.trim() === "") return { ok: false, why: { message: "the file is empty; a post starts with frontmatter between --- lines, with at least title and date" } };
  // Blank lines before the opening line.
  let start = 0;
  let skipped = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    if (end === -1 || text.slice(start, end).trim() !== "") break;
    start = end + 1;
    skipped++;
  }
  const line = skipped + 1;
  const firstLineEnd = text.indexOf("\n", start);
  const firstLine = (firstLineEnd === -1 ? text.slice(start) : text.slice(start, firstLineEnd)).trimEnd();
  const padding = "\n".repeat(skipped);
  if (firstLine.startsWith("{")) return splitJsonObject(text, start, skipped, padding);
  let delimiter: string;
  let format: FrontmatterFormat;
  if (firstLine === "+++") {
    [delimiter, format] = ["+++", "toml"];
  } else if (firstLine.startsWith("---")) {
    const marker = firstLine.slice(3).trim();
    // Exactly as written: gray-matter looks engines up by the marker itself (only `YML`/`JS` have case-free aliases).
    const known = Object.hasOwn(MARKERS, marker) ? MARKERS[marker] : undefined;
    if (!known) {
      return {
        ok: false,
        why: { line, message: `opens its frontmatter as '${marker}'; accepted are ${FORMS_ACCEPTED} (other engines run code at build time): start the file with a plain '---' line` },
      };
    }
    [delimiter, format] = ["---", known];
  } else {
    return { ok: false, why: { line, message: "has no frontmatter; start the file with a line '---', then title: and date:, then a closing '---'" } };
  }
  // Walk line by line to the closing delimiter only: the body may be megabytes long.
  let lineStart = firstLineEnd + 1;
  let lineNumber = line + 1;
  let closingStart = -1;
  let bodyStart = text.length;
  while (firstLineEnd !== -1 && lineStart <= text.length) {
    const end = text.indexOf("\n", lineStart);
    const lineEnd = end === -1 ? text.length : end;
    if (text.startsWith(delimiter, lineStart) && text.slice(lineStart, lineEnd).trimEnd() === delimiter) {
      closingStart = lineStart;
      bodyStart = end === -1 ? text.length : end + 1;
      break;
    }
    if (end === -1) break;
    lineStart = end + 1;
    lineNumber++;
  }
  if (closingStart === -1) {
    return { ok: false, why: { line, message: `the frontmatter opened on line ${line} is never closed; add a line '${delimiter}' after the last field` } };
  }
  const block = padding + text.slice(firstLineEnd, closingStart - 1);
  return {
    ok: true,
    value: {
      format,
      block,
      // The closing line as gray-matter's closing delimiter wants it (usually it is that already).
      head: { text: bodyStart === closingStart + delimiter.length + 1 ? text.slice(start, bodyStart) : `${text.slice(start, closingStart)}${delimiter}\n`, delimiter },
      linesBefore: skipped,
      body: text.slice(bodyStart),
      bodyLine: lineNumber + 1,
    },
  };
}

/**
 * Hugo's JSON frontmatter: an object at the top of the file, the body after its closing brace.
 * Its end is found by counting braces outside strings; JSON.parse then reads exactly that text.
 */
function splitJsonObject(text: string, start: number, skipped: number, padding: string): SplitResult {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      const lineEnd = text.indexOf("\n", i + 1);
      const rest = lineEnd === -1 ? text.slice(i + 1) : text.slice(i + 1, lineEnd);
      const closingLine = skipped + 1 + countLines(text, start, i);
      if (rest.trim() !== "") {
        return { ok: false, why: { line: closingLine, message: "has text after the '}' that closes its JSON frontmatter on the same line; start the body on the next line" } };
      }
      return {
        ok: true,
        value: {
          format: "json",
          block: padding + text.slice(start, i + 1),
          linesBefore: skipped,
          body: lineEnd === -1 ? "" : text.slice(lineEnd + 1),
          bodyLine: closingLine + 1,
        },
      };
    }
  }
  return { ok: false, why: { line: skipped + 1, message: `the JSON frontmatter opened on line ${skipped + 1} is never closed; add the '}' that ends the object` } };
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) n++;
  return n;
}
