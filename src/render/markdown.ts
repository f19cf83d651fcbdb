import type MarkdownItClass from "markdown-it";
import type { MarkdownIt } from "markdown-it";
import { lazy } from "../lazy.js";

const markdownIt = lazy<typeof MarkdownItClass>("markdown-it");

/**
 * CommonMark with the GitHub additions readers expect (tables, strikethrough, autolinks).
 * Raw HTML passes through here; src/render/html.ts decides what of it may leave the build.
 */
export function createMarkdownRenderer(): MarkdownIt {
  const MarkdownItClass = markdownIt();
  return new MarkdownItClass("default", { html: true, linkify: true, typographer: false });
}
