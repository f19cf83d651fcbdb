/**
 * What a post's body holds that only another tool would understand: template code (Liquid or
 * Nunjucks tags, Hugo shortcodes), which no build here runs and readers would see as text, and in
 * an `.mdx` post the ES module lines and JSX components that no Markdown renderer can show.
 * Code blocks and code spans are left alone: there such text is what the author means to show.
 */

/** What template code starts with: a body without either needs no line-by-line look. */
const OPENERS = [Buffer.from("{{"), Buffer.from("{%")];

export interface TemplateCode {
  kind: "Liquid or Nunjucks" | "Hugo shortcode";
  /** 1-based line in the body and column. */
  line: number;
  column: number;
  text: string;
  count: number;
}

const PATTERNS: [TemplateCode["kind"], RegExp][] = [
  ["Hugo shortcode", /\{\{[<%]-?\s*\/?\s*[\w.-]+[^\n]*?[>%]\}\}/g],
  ["Liquid or Nunjucks", /\{%-?\s*[a-z_]+\b[^\n]*?-?%\}|\{\{-?\s*[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?\s*(?:\|[^}\n]*)?-?\}\}/g],
];

/** The first piece of template code in the body (outside code) and how many there are, or undefined. */
export function findTemplateCode(body: string): TemplateCode | undefined {
  if (!body.includes("{{") && !body.includes("{%")) return undefined;
  let found: TemplateCode | undefined;
  let count = 0;
  forEachProseLine(body, (line, number) => {
    if (!line.includes("{")) return;
    const prose = line.replace(/(`+)[^`]*?\1/g, (span) => " ".repeat(span.length));
    for (const [kind, pattern] of PATTERNS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(prose); m; m = pattern.exec(prose)) {
        count++;
        if (!found || number < found.line || (number === found.line && m.index + 1 < found.column)) found = { kind, line: number, column: m.index + 1, text: m[0], count: 0 };
      }
    }
  });
  return found && { ...found, count };
}

/** A cheap test on a post's bytes before any of them are decoded for the look above. */
export function mayHoldTemplateCode(bytes: Uint8Array, from: number): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return OPENERS.some((opener) => buffer.indexOf(opener, from) !== -1);
}

/**
 * An `.mdx` body as Markdown: top-level `import`/`export` statements, JSX component tags
 * (`<Chart …>`, `</Chart>`, `<Note />`, capitalized, as MDX tells components from HTML) and lines
 * that are only a `{…}` expression are left out; the Markdown between them stays.
 */
export function mdxAsMarkdown(body: string): { markdown: string; removed: number; firstRemoved?: number } {
  const lines = body.split("\n");
  let removed = 0;
  let firstRemoved: number | undefined;
  const drop = (index: number) => {
    if (lines[index] === undefined) return;
    lines[index] = undefined as unknown as string;
    removed++;
    firstRemoved ??= index + 1;
  };
  let statement = false;
  let openTag = false;
  let depth = 0;
  const ENDS_STATEMENT = /['"][^'"]*['"];?\s*$|;\s*$/;
  forEachProseLine(
    body,
    (line, number) => {
      const index = number - 1;
      if (statement) {
        drop(index);
        if (ENDS_STATEMENT.test(line)) statement = false;
        return;
      }
      if (openTag) {
        drop(index);
        if (line.includes(">")) openTag = false;
        return;
      }
      if (depth === 0 && /^(import|export)\s/.test(line)) {
        drop(index);
        // A statement that goes on (`import {`, a multi-line export) ends at its quote or semicolon.
        statement = !ENDS_STATEMENT.test(line);
        return;
      }
      const tag = /^\s*<(\/?)([A-Z][\w.]*)(?=[\s>/]|$)/.exec(line);
      if (tag) {
        drop(index);
        const selfClosing = /\/>\s*$/.test(line) || line.includes(`</${tag[2]}>`);
        if (tag[1]) depth = Math.max(0, depth - 1);
        else if (!selfClosing) depth++;
        openTag = !line.includes(">");
        return;
      }
      if (/^\s*\{.*\}\s*$/.test(line)) drop(index);
      // A component's children are indented in MDX; as Markdown that would make them code.
      else if (depth > 0) lines[index] = line.trimStart();
    },
    { indentedIsCode: false },
  );
  return { markdown: lines.filter((line) => line !== undefined).join("\n"), removed, firstRemoved };
}

/** Calls `visit` for each line outside fenced code blocks (``` or ~~~), with its 1-based number. */
function forEachProseLine(body: string, visit: (line: string, number: number) => void, { indentedIsCode = true } = {}): void {
  let fence: string | undefined;
  let number = 0;
  for (const line of body.split("\n")) {
    number++;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    // An indented code block (4 spaces) is code too.
    if (indentedIsCode && /^( {4}|\t)/.test(line)) continue;
    visit(line, number);
  }
}
