import MarkdownItClass, { type MarkdownIt } from "markdown-it";

/**
 * CommonMark with the GitHub additions readers expect (tables, strikethrough, autolinks).
 * Raw HTML passes through here; src/render/html.ts decides what of it may leave the build.
 */
export function createMarkdownRenderer(): MarkdownIt {
  return new MarkdownItClass("default", { html: true, linkify: true, typographer: false });
}
