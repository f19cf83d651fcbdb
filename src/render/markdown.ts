import type MarkdownItClass from "markdown-it";
import type { MarkdownIt, Token } from "markdown-it";
import { lazy } from "../lazy.js";
import { absoluteUrl } from "./html.js";

/**
 * CommonMark with the GitHub additions readers expect (tables, strikethrough, autolinks).
 * markdown-it escapes all text and refuses `javascript:`-like link targets itself, so its output
 * is safe as long as the post holds no raw HTML; raw HTML passes through here and is left to
 * src/render/html.ts, which decides what of it may leave the build.
 */
const markdownItCjs = lazy<typeof MarkdownItClass>("markdown-it");
let markdownItEsm: typeof MarkdownItClass | undefined;

/**
 * Loads markdown-it's ES module build. Worth it before rendering many posts: the CommonJS build
 * (what a synchronous lazy load gets) defines token fields through a transpiled helper and
 * renders about a third slower.
 */
export async function preloadMarkdown(): Promise<void> {
  markdownItEsm ??= (await import("markdown-it")).default;
}

export function createMarkdownRenderer(): MarkdownIt {
  const MarkdownIt = markdownItEsm ?? markdownItCjs();
  return new MarkdownIt("default", { html: true, linkify: true, typographer: false });
}

export interface RenderedMarkdown {
  html: string;
  tokens: Token[];
  /** True when the post contains raw HTML, which must go through the sanitizer. */
  hasRawHtml: boolean;
}

/** Renders with every Markdown link and image URL resolved against the post's own URL. */
export function renderMarkdown(md: MarkdownIt, body: string, baseUrl: string): RenderedMarkdown {
  const env = {};
  const tokens = md.parse(body, env);
  let hasRawHtml = false;
  const visit = (list: readonly Token[]) => {
    for (const token of list) {
      if (token.type === "html_block" || token.type === "html_inline") hasRawHtml = true;
      if (token.attrs) {
        for (const attr of token.attrs) if (attr[0] === "href" || attr[0] === "src") attr[1] = absoluteUrl(String(attr[1]), baseUrl);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(tokens);
  return { html: md.renderer.render(tokens, md.options, env), tokens, hasRawHtml };
}
