import type { MarkdownIt, Token } from "markdown-it";

/**
 * The summary is plain text: the frontmatter `summary`, else the text before the excerpt
 * separator, else the first paragraph. Text is taken from Markdown's tokens, so no HTML
 * (raw or rendered) can leak into a field that readers show as text.
 */
export function summaryOf(md: MarkdownIt, body: string, explicit: string | undefined, excerptSeparator: string, bodyTokens?: Token[]): string | undefined {
  if (explicit) return collapse(explicit);
  const cut = splitExcerpt(body, excerptSeparator);
  const text = cut !== undefined ? textOf(md.parse(cut, {})) : textOf(firstParagraph(bodyTokens ?? md.parse(body, {})));
  return text ? text : undefined;
}

/** The body without its excerpt separator line: a marker for the build, not content. */
export function withoutSeparator(body: string, separator: string): string {
  if (!body.includes(separator)) return body;
  return body
    .split("\n")
    .filter((line) => line.trim() !== separator)
    .join("\n");
}

/** The body before a line holding only the separator, or undefined when there is none. */
export function splitExcerpt(body: string, separator: string): string | undefined {
  const lines = body.split("\n");
  const index = lines.findIndex((line) => line.trim() === separator);
  return index === -1 ? undefined : lines.slice(0, index).join("\n");
}

function firstParagraph(tokens: Token[]): Token[] {
  const start = tokens.findIndex((t) => t.type === "paragraph_open");
  if (start === -1) return [];
  const end = tokens.findIndex((t, i) => i > start && t.type === "paragraph_close");
  return tokens.slice(start, end === -1 ? undefined : end + 1);
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
