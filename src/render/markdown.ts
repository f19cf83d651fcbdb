import type MarkdownItClass from "markdown-it";
import type { MarkdownIt, StateBlock, StateCore, Token } from "markdown-it";
import type MarkdownItFootnote from "markdown-it-footnote";
import { lazy } from "../common/lazy.js";
import { absoluteUrl } from "../common/url.js";

/**
 * CommonMark with the GitHub additions readers expect (tables, strikethrough, autolinks).
 * markdown-it escapes all text and refuses `javascript:`-like link targets itself, so its output
 * is safe as long as the post holds no raw HTML; raw HTML passes through here and is left to
 * src/render/html.ts, which decides what of it may leave the build.
 */
const markdownIt = lazy<typeof MarkdownItClass>("markdown-it");
/** Footnotes (`[^1]`), as Jekyll's kramdown, Hugo's goldmark and Eleventy's markdown-it setups render them. */
const footnotes = lazy<typeof MarkdownItFootnote>("markdown-it-footnote");

/**
 * What any text must contain for linkify-it to find a link in it: a scheme (all of its schemes,
 * `http:`, `https:`, `ftp:`, `mailto:` and `//`, hold a `:` or `//`), an `@` (e-mail), or one of
 * the host marks of its fuzzy test (`localhost`, `www.`, `.` before a digit or a top-level domain).
 * A paragraph without any of them is skipped before linkify-it's own pre-test, a regular
 * expression over Unicode classes that cost a quarter of all Markdown rendering; the links found
 * are the same (tests/render/markdown.test.ts compares both on random text).
 */
export const MAY_HOLD_LINK = /[:@]|\/\/|localhost|www\.|\.[\p{L}\p{N}]/iu;

/**
 * URLs that markdown-it's normalizeLink and normalizeLinkText return unchanged: mdurl's parse and
 * format give them back as they are, punycode leaves an ASCII host alone, and mdurl's encode keeps
 * ASCII letters, digits, `;/?:@&=+$,-_.!~*'()#` and `%` with two hex digits. Those functions
 * (mdurl's `Url.parse`, punycode's `mapDomain`) were a quarter of markdown-it's time on link-dense
 * posts; tests/render/markdown.test.ts holds the shortcut to them on random URLs.
 */
const ENCODE_KEEPS = /^(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*$/;
/** `http(s)://` and a host of 1–63 character labels of letters, digits and `-` (what mdurl keeps whole), an optional port, then the path. */
const PLAIN_HOST = /^https?:\/\/((?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63})(?::[0-9]+)?(?:[/?#]|$)/;
/** No scheme (no `:` before the first `/`, `?` or `#`) and no host (not `//`): a path, a query or a fragment. */
const PLAIN_RELATIVE = /^(?!\/\/)[^:/?#]*(?:[/?#]|$)/;

/** True when `url` is a plain URL: normalizeLink would return it unchanged. */
export function isPlainLink(url: string): boolean {
  if (!ENCODE_KEEPS.test(url)) return false;
  const host = PLAIN_HOST.exec(url);
  // mdurl drops a host longer than 255 characters.
  return host ? host[1]!.length <= 255 : PLAIN_RELATIVE.test(url);
}

/** True when normalizeLinkText would return `url` unchanged: a plain link with nothing to decode (`%`) and no punycode label. */
export function isPlainLinkText(url: string): boolean {
  return !url.includes("%") && !/xn--/i.test(url) && isPlainLink(url);
}

export function createMarkdownRenderer(): MarkdownIt {
  const MarkdownIt = markdownIt();
  const md = new MarkdownIt("default", { html: true, linkify: true, typographer: false });
  const pretest = md.linkify.pretest.bind(md.linkify);
  md.linkify.pretest = (text: string) => MAY_HOLD_LINK.test(text) && pretest(text);
  // Each text run of a paragraph that passed the pre-test (its links' targets alone pass it) is tested again.
  const test = md.linkify.test.bind(md.linkify);
  md.linkify.test = (text: string) => MAY_HOLD_LINK.test(text) && test(text);
  const normalizeLink = md.normalizeLink.bind(md);
  md.normalizeLink = (url: string) => (isPlainLink(url) ? url : normalizeLink(url));
  const normalizeLinkText = md.normalizeLinkText.bind(md);
  md.normalizeLinkText = (url: string) => (isPlainLinkText(url) ? url : normalizeLinkText(url));
  // The plugin's types come from the ES module build of @types/markdown-it, this renderer's from the CommonJS one.
  md.use(footnotes() as unknown as Parameters<MarkdownIt["use"]>[0]);
  // The plugin writes its links as `#fn1`: made absolute like every link (the post's URL + the anchor).
  for (const rule of ["footnote_ref", "footnote_anchor"] as const) {
    const own = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, idx, options, env: { postUrl?: string }, self) =>
      own(tokens, idx, options, env, self).replace(' href="#', ` href="${md.utils.escapeHtml(env.postUrl ?? "")}#`);
  }
  return md;
}

export interface RenderedMarkdown {
  html: string;
  /** The tokens of the document's first paragraph (none: empty), for the summary (src/render/summary.ts). */
  firstParagraph: Token[];
  /** True when the post contains raw HTML, which must go through the sanitizer. */
  hasRawHtml: boolean;
  /** Each piece of raw HTML with the body line (1-based) of its block, for warnings about it. */
  rawHtml: { line: number; html: string }[];
  /** The link and image URLs written, each already absoluteUrl's answer for itself (finishHtml need not resolve them again). */
  resolvedUrls: Set<string>;
}

/**
 * From this many characters a body is rendered block by block (renderBlockwise): markdown-it keeps
 * every token of a document alive until it renders, some 25 times the Markdown's size (a 12 MB
 * post: 290 MB of tokens; docs/performance.md "One post of 60 MB"). Below it the whole-document pass,
 * one block parse instead of up to two, is the faster.
 */
export const BLOCKWISE_FROM = 1 << 20;
/** Top-level blocks are rendered in groups of at least this many block tokens (some 30 KB of Markdown each). */
export const GROUP_TOKENS = 1000;

/** Test seam: where the blockwise rendering starts and how large its groups are. */
export interface Blockwise {
  from: number;
  groupTokens: number;
}

/** Renders with every Markdown link and image URL resolved against the post's own URL (a root-relative one below `siteUrl`). */
export function renderMarkdown(md: MarkdownIt, body: string, baseUrl: string, siteUrl?: string, blockwise: Blockwise = { from: BLOCKWISE_FROM, groupTokens: GROUP_TOKENS }): RenderedMarkdown {
  const env = { postUrl: baseUrl.split("#")[0] };
  const rawHtml: { line: number; html: string }[] = [];
  const resolvedUrls = new Set<string>();
  const visit = (list: readonly Token[], blockLine: number) => {
    for (const token of list) {
      const line = token.map ? token.map[0] + 1 : blockLine;
      if (token.type === "html_block" || token.type === "html_inline") rawHtml.push({ line, html: token.content });
      if (token.attrs) {
        for (const attr of token.attrs) {
          if (attr[0] === "href" || attr[0] === "src") resolvedUrls.add((attr[1] = absoluteUrl(String(attr[1]), baseUrl, siteUrl)));
        }
      }
      if (token.children) visit(token.children, line);
    }
  };
  const found = { rawHtml, resolvedUrls, hasRawHtml: false };
  if (body.length < blockwise.from) {
    const tokens = md.parse(body, env);
    visit(tokens, 1);
    return { ...found, html: md.renderer.render(tokens, md.options, env), firstParagraph: firstParagraph(tokens) ?? [], hasRawHtml: rawHtml.length > 0 };
  }
  const html: string[] = [];
  let first: Token[] | undefined;
  renderBlockwise(md, body, env, blockwise.groupTokens, (group) => {
    visit(group, 1);
    first ??= firstParagraph(group);
    // Flat while young: kept as ropes (a node per token) until the join, the groups of a 12 MB post peaked at 271 MB, flat at 205 MB.
    html.push(flattened(md.renderer.render(group, md.options, env)));
  });
  return { ...found, html: html.join(""), firstParagraph: first ?? [], hasRawHtml: rawHtml.length > 0 };
}

/**
 * markdown-it appends its HTML piece by piece: a rope of thousands of small strings, which V8
 * joins only when the text is first read whole. By then (in serialization) the item has moved to
 * the old generation, where the dead pieces are costly to collect (docs/performance.md). Converting to a number (which fails at once on HTML) joins the rope now, while
 * its pieces are still cheap to collect; the text is unchanged.
 */
export function flattened(text: string): string {
  void Number(text);
  return text;
}

/** The tokens from the first paragraph_open (at any depth) to its paragraph_close; undefined when there is none. */
export function firstParagraph(tokens: readonly Token[]): Token[] | undefined {
  const start = tokens.findIndex((t) => t.type === "paragraph_open");
  if (start === -1) return undefined;
  const end = tokens.findIndex((t, i) => i > start && t.type === "paragraph_close");
  return tokens.slice(start, end === -1 ? undefined : end + 1);
}

type CoreRule = (state: StateCore) => void;
/** markdown-it's core chain, split where it must be for renderBlockwise. */
interface CoreStages {
  normalize: CoreRule;
  /** After the block parse, before the footnotes' tail: `inline`. */
  beforeTail: CoreRule[];
  tail: CoreRule;
  /** linkify, replacements, smartquotes, text_join. */
  afterTail: CoreRule[];
}
const stagesOf = new WeakMap<MarkdownIt, CoreStages>();

function coreStages(md: MarkdownIt): CoreStages {
  let stages = stagesOf.get(md);
  if (stages) return stages;
  // The chain by name: the Ruler's own list (getRules gives the functions without their names).
  const rules = (md.core.ruler as unknown as { __rules__: { name: string; enabled: boolean; fn: CoreRule }[] }).__rules__.filter((rule) => rule.enabled);
  const names = rules.map((rule) => rule.name);
  const tail = names.indexOf("footnote_tail");
  if (names[0] !== "normalize" || names[1] !== "block" || tail < 2) throw new Error(`renderMarkdown: markdown-it's core chain is no longer normalize, block, …, footnote_tail, … (${names.join(", ")})`);
  stages = { normalize: rules[0]!.fn, beforeTail: rules.slice(2, tail).map((rule) => rule.fn), tail: rules[tail]!.fn, afterTail: rules.slice(tail + 1).map((rule) => rule.fn) };
  stagesOf.set(md, stages);
  return stages;
}

/**
 * What md.parse and md.renderer.render give for the whole body, handed out as groups of top-level
 * blocks (each group's HTML, rendered alone, joins to the document's), so that only one group's
 * tokens are alive at a time. Two things span the document:
 *
 * - reference definitions (`[x]: /url`) and footnote definitions (`[^1]: …`) apply to links
 *   before them: when the body holds `]:` (both need it), a first block pass collects them into
 *   `env` and drops its tokens; the second pass parses blocks into a scratch env, so that a
 *   definition met again does not reset a footnote already numbered;
 * - footnotes: their definitions are taken out of the groups (as the plugin's footnote_tail takes
 *   them out of the document) and its tail, the footnotes' list, is the last group.
 *
 * Lines in token maps are the body's, as with md.parse: one block state spans the whole body.
 */
export function renderBlockwise(md: MarkdownIt, body: string, env: object, groupTokens: number, onGroup: (tokens: Token[]) => void): void {
  const stages = coreStages(md);
  const core = new md.core.State(body, md, env);
  stages.normalize(core);
  const src = core.src;
  // md.block.parse writes nothing for an empty text.
  if (!src) return;
  const hasDefinitions = src.includes("]:");
  if (hasDefinitions) topLevelBlocks(md, src, env, () => true);
  const definitions: Token[] = [];
  const finish = (tokens: Token[]) => {
    core.tokens = tokens;
    for (const rule of stages.afterTail) rule(core);
    onGroup(core.tokens);
  };
  topLevelBlocks(md, src, hasDefinitions ? {} : env, (tokens, last) => {
    // Too few yet: the next blocks join them (after the last block, none means no group).
    if (last ? tokens.length === 0 : tokens.length < groupTokens) return false;
    core.tokens = tokens;
    for (const rule of stages.beforeTail) rule(core);
    let inside = false;
    const kept = core.tokens.filter((token) => {
      if (token.type === "footnote_reference_open") inside = true;
      if (inside) definitions.push(token);
      if (token.type === "footnote_reference_close") inside = false;
      return !inside && token.type !== "footnote_reference_close";
    });
    finish(kept);
    return true;
  });
  core.tokens = definitions;
  stages.tail(core);
  if (core.tokens.length > 0) finish(core.tokens);
}

/**
 * markdown-it's block tokenizer (ParserBlock#tokenize of markdown-it 14, the same loop) over the
 * top level of `src`, telling `take` the tokens so far after each top-level block: when it
 * returns true they are its own and the next block starts a new list. `last` is set once, for
 * the tokens after the last block.
 */
function topLevelBlocks(md: MarkdownIt, src: string, env: object, take: (tokens: Token[], last: boolean) => boolean): void {
  const state = blockState(md, src, env);
  const rules = md.block.ruler.getRules("");
  const endLine = state.lineMax;
  // In markdown-it's presets (its typings leave it out).
  const maxNesting = (md.options as { maxNesting?: number }).maxNesting ?? 100;
  let line = state.line;
  let hasEmptyLines = false;
  while (line < endLine) {
    state.line = line = state.skipEmptyLines(line);
    if (line >= endLine) break;
    if (state.sCount[line]! < state.blkIndent) break;
    if (state.level >= maxNesting) {
      state.line = endLine;
      break;
    }
    const prevLine = state.line;
    let ok = false;
    for (const rule of rules) {
      ok = rule(state, line, endLine, false);
      if (ok) {
        if (prevLine >= state.line) throw new Error("block rule didn't increment state.line");
        break;
      }
    }
    if (!ok) throw new Error("none of the block rules matched");
    state.tight = !hasEmptyLines;
    if (state.isEmpty(state.line - 1)) hasEmptyLines = true;
    line = state.line;
    if (line < endLine && state.isEmpty(line)) {
      hasEmptyLines = true;
      line++;
      state.line = line;
    }
    if (take(state.tokens, false)) state.tokens = [];
  }
  take(state.tokens, true);
}

/**
 * markdown-it's StateBlock over `src`, its line tables (bMarks, eMarks, tShift, sCount, bsCount:
 * offsets and indents of every line, then one fake line at the end) filled as its constructor
 * fills them, but in typed arrays of the right length: pushed one line at a time, the five arrays
 * of a 60 MB post (1.1 million lines) took 3.8 s and left 105 MB of garbage beside their 45 MB.
 */
function blockState(md: MarkdownIt, src: string, env: object): StateBlock {
  let lines = 1;
  for (let at = src.indexOf("\n"); at !== -1; at = src.indexOf("\n", at + 1)) lines++;
  // A last line without its line break counts as a line, and the fake line follows.
  const bMarks = new Int32Array(lines + 1);
  const eMarks = new Int32Array(lines + 1);
  const tShift = new Int32Array(lines + 1);
  const sCount = new Int32Array(lines + 1);
  const bsCount = new Int32Array(lines + 1);
  let line = 0;
  for (let start = 0, pos = 0, indent = 0, offset = 0, len = src.length, indentFound = false; pos < len; pos++) {
    const ch = src.charCodeAt(pos);
    if (!indentFound) {
      if (ch === 0x20 || ch === 0x09) {
        indent++;
        offset += ch === 0x09 ? 4 - (offset % 4) : 1;
        continue;
      }
      indentFound = true;
    }
    if (ch === 0x0a || pos === len - 1) {
      if (ch !== 0x0a) pos++;
      bMarks[line] = start;
      eMarks[line] = pos;
      tShift[line] = indent;
      sCount[line] = offset;
      line++;
      indentFound = false;
      indent = 0;
      offset = 0;
      start = pos + 1;
    }
  }
  bMarks[line] = src.length;
  eMarks[line] = src.length;
  const state = new md.block.State("", md, env, []);
  // The rules only read and assign these by line number.
  Object.assign(state, { src, bMarks: bMarks.subarray(0, line + 1), eMarks: eMarks.subarray(0, line + 1), tShift: tShift.subarray(0, line + 1), sCount: sCount.subarray(0, line + 1), bsCount: bsCount.subarray(0, line + 1), lineMax: line });
  return state;
}
