import type { MarkdownIt, Token } from "markdown-it";
import { firstParagraph as firstParagraphOf } from "./markdown.js";

/**
 * The summary is plain text: the frontmatter `summary`, else the text before the excerpt
 * separator, else the first paragraph. Text is taken from Markdown's tokens, so no HTML
 * (raw or rendered) can leak into a field that readers show as text.
 */
export function summaryOf(md: MarkdownIt, body: string, explicit: string | undefined, excerptSeparator: string, firstParagraph?: Token[]): string | undefined {
  if (explicit) return collapse(explicit);
  const cut = splitExcerpt(body, excerptSeparator);
  const text = cut !== undefined ? textOf(md.parse(cut, {})) : textOf(firstParagraph ?? firstParagraphOf(md.parse(body, {})) ?? []);
  return text ? text : undefined;
}

/** The body without its excerpt separator lines (every line that is the separator, trimmed): a marker for the build, not content. */
export function withoutSeparator(body: string, separator: string): string {
  const lines = separatorLines(body, separator);
  if (lines.length === 0) return body;
  // The kept lines between the separator lines, joined by line breaks as before.
  const kept: string[] = [];
  if (lines[0]![0] > 0) kept.push(body.slice(0, lines[0]![0] - 1));
  for (let i = 1; i < lines.length; i++) {
    const end = lines[i - 1]![1];
    const start = lines[i]![0];
    if (start > end + 1) kept.push(body.slice(end + 1, start - 1));
  }
  const last = lines[lines.length - 1]![1];
  if (last < body.length) kept.push(body.slice(last + 1));
  return kept.join("\n");
}

/** 1-based numbers of the body's separator lines, which withoutSeparator removes. */
export function separatorLineNumbers(body: string, separator: string): number[] {
  let line = 1;
  let at = 0;
  return separatorLines(body, separator).map(([start]) => {
    for (; at < start; at++) if (body.charCodeAt(at) === 10) line++;
    return line;
  });
}

/** The body before the first line that is the separator (trimmed), or undefined when there is none. */
export function splitExcerpt(body: string, separator: string): string | undefined {
  const first = separatorLines(body, separator, 1)[0];
  return first === undefined ? undefined : body.slice(0, Math.max(0, first[0] - 1));
}

/**
 * Start and end (the index of its line break, or the length) of each line that is the separator
 * once trimmed. Found with indexOf, not by splitting the body into lines: the body is rendered
 * for every item in the feed, and most of its lines are not the separator.
 */
function separatorLines(body: string, separator: string, most = Infinity): [number, number][] {
  const found: [number, number][] = [];
  // A separator with surrounding white space or a line break can never equal a trimmed line.
  if (separator === "" || separator.trim() !== separator || separator.includes("\n")) return found;
  const { needle, matches } = separatorMatcher(separator);
  for (let at = body.indexOf(needle); at !== -1 && found.length < most; ) {
    const start = body.lastIndexOf("\n", at) + 1;
    const lineEnd = body.indexOf("\n", at);
    const end = lineEnd === -1 ? body.length : lineEnd;
    if (matches(body.slice(start, end).trim())) found.push([start, end]);
    at = lineEnd === -1 ? -1 : body.indexOf(needle, lineEnd + 1);
  }
  return found;
}

/**
 * An HTML comment separator (`<!--more-->`) also matches with spaces inside the comment
 * (`<!-- more -->`, as Hugo and WordPress posts write it); any other separator matches exactly.
 */
function separatorMatcher(separator: string): { needle: string; matches: (line: string) => boolean } {
  const comment = /^<!--\s*(.*?)\s*-->$/s.exec(separator);
  if (!comment) return { needle: separator, matches: (line) => line === separator };
  const inner = comment[1]!;
  return { needle: "<!--", matches: (line) => line.startsWith("<!--") && line.endsWith("-->") && line.slice(4, -3).trim() === inner };
}

function textOf(tokens: Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "text" || child.type === "code_inline") parts.push(child.content);
        else if (child.type === "softbreak" || child.type === "hardbreak") parts.push(" ");
        else if (child.type === "image") parts.push(child.content);
      }
    } else if (token.type === "paragraph_close" || token.type === "heading_close" || token.type === "list_item_close") {
      parts.push(" ");
    } else if (token.type === "fence" || token.type === "code_block") {
      parts.push(token.content, " ");
    }
  }
  return collapse(parts.join(""));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
