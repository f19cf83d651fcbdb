import { isUtf8 } from "node:buffer";
import { hash } from "node:crypto";
import path from "node:path";
import type { Site } from "../model/site.js";
import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import type { Post, SourceFile, StaticFileRef } from "../model/post.js";
import { FRONTMATTER_EXAMPLES, FRONTMATTER_FIELDS, frontmatterSchema } from "../model/frontmatter.js";
import { issuesToDiagnostics, position, unknownFieldDiagnostics } from "../common/issues.js";
import { absoluteUrl, isUri, postUrlMaker, resolveHttpUrl, sitePathOf, toUri, type PostUrlValues } from "../common/url.js";
import { tzOffset } from "@date-fns/tz";
import { readDate } from "../model/human-date.js";
import { applyVocabulary, FILENAME_DATE, makeVocabulary, PATH_FIELDS, type Vocabulary } from "../model/vocabulary.js";
import { findTemplateCode, mayHoldTemplateCode, mdxAsMarkdown } from "./body.js";
import { fileFacts, SLUG_PATTERN, slugOfName, sourcePathOf, type FileFacts } from "./file-name.js";
import { readFrontmatter } from "./matter.js";
import type { Checked, Staged } from "../common/result.js";

/** The SHA-256 of a post's bytes: what the build cache and rendered items are keyed by. */
export function sourceHashOf(bytes: Uint8Array): string {
  return hash("sha256", bytes, "hex");
}

export interface ParsedSource {
  post?: Post;
  /** The Markdown body, kept only when the caller asks (bodies of posts outside the feed are not needed). */
  body?: string;
  /** The file line the body starts on, with the body. */
  bodyLine?: number;
  /** The static file a local enclosure without length needs, and the field that names it. */
  staticFile?: StaticFileRef;
  diagnostics: Diagnostic[];
}

/** Made once per build: the frontmatter schema depends on the site's time zone. */
export function createPostParser(site: Site) {
  const checks = { schema: frontmatterSchema(site.timezone, site.language), postUrl: postUrlMaker(site.siteUrl, site.postUrl), vocabulary: makeVocabulary(site.frontmatter, site.splitTags) };
  return (source: SourceFile, options: { keepBody?: boolean } = {}): ParsedSource => parsePost(source, site, checks, options.keepBody ?? true);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Bytes to text: refuses binary files and invalid UTF-8; drops a byte-order mark; CRLF and CR
 * become LF. With `headOnly`, only the bytes up to the closing frontmatter delimiter are decoded
 * (the checks still cover the whole file), because most posts' bodies are never needed.
 */
export function decodeSource(source: SourceFile, headOnly = false): Checked<string> {
  if (source.bytes.includes(0)) {
    return { ok: false, why: error(source.file, "is a binary file (it contains NUL bytes), not a Markdown post; remove it from the posts folder") };
  }
  if (!isUtf8(source.bytes)) {
    const offset = firstInvalidUtf8(source.bytes);
    const line = lineAtByte(source.bytes, offset);
    return { ok: false, why: error(source.file, `is not valid UTF-8 (byte ${offset}); save the file as UTF-8`, { line }) };
  }
  const bytes = headOnly ? source.bytes.subarray(0, frontmatterByteEnd(source.bytes)) : source.bytes;
  const decoded = utf8.decode(bytes);
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  // Searching for a CR is much cheaper than running the replacement over a body that has none.
  return { ok: true, value: text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text };
}

const CLOSING = Buffer.from("\n---");

/**
 * Index just past the line that closes the frontmatter (or the whole length when there is none).
 * Only a cut for decoding: splitFrontmatter still decides on the text. Every line this accepts
 * (`---`, then spaces, tabs or CR) is one splitFrontmatter accepts, so the cut is never too early.
 * Only for a file that opens with `---` (after a byte-order mark): TOML, JSON and a file with
 * blank lines before its frontmatter are decoded whole.
 */
function frontmatterByteEnd(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const open = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  if (buffer[open] !== 0x2d || buffer[open + 1] !== 0x2d || buffer[open + 2] !== 0x2d) return buffer.length;
  for (let at = buffer.indexOf(CLOSING, 1); at !== -1; at = buffer.indexOf(CLOSING, at + 1)) {
    let end = at + CLOSING.length;
    while (end < buffer.length && (buffer[end] === 0x20 || buffer[end] === 0x09 || buffer[end] === 0x0d)) end++;
    if (end === buffer.length) return end;
    if (buffer[end] === 0x0a) return end + 1;
  }
  return buffer.length;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(FRONTMATTER_FIELDS);

interface PostChecks {
  schema: ReturnType<typeof frontmatterSchema>;
  postUrl: (values: PostUrlValues) => string;
  vocabulary: Vocabulary;
}

function parsePost(source: SourceFile, site: Site, { schema, postUrl, vocabulary }: PostChecks, keepBody: boolean): ParsedSource {
  const { file } = source;
  const decoded = decodeSource(source, !keepBody);
  if (!decoded.ok) return { diagnostics: [decoded.why] };
  const matter = readFrontmatter(decoded.value);
  if (!matter.ok) return { diagnostics: matter.why.map((p) => error(file, p.message, { line: p.line, column: p.column })) };
  const read = matter.value;
  const data = read.loaded.value ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    return { diagnostics: [error(file, "the frontmatter must be fields such as 'title: Hello', one per line", { line: 2 })] };
  }

  // Other tools' names read as feedwright's (src/model/vocabulary.ts); messages name what the post wrote.
  const located = locate(file, site);
  const mapped = applyVocabulary(data as Record<string, unknown>, vocabulary, FRONTMATTER_FIELDS, file, (name) => position(read.loaded, [name], 0), located.nameDate);
  const diagnostics: Diagnostic[] = [...mapped.diagnostics];
  const written = (field: string) => mapped.origin.get(field) ?? field;
  const loaded = {
    yaml: {
      value: mapped.fields,
      locate: (where: readonly PropertyKey[], at?: "key" | "value") => read.loaded.locate(where.length === 0 ? where : [written(String(where[0])), ...where.slice(1)], at),
    },
  };
  // Only the known fields go to the schema; the rest are reported, a bounded number by name.
  const fields: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(mapped.fields)) {
    if (KNOWN_FIELDS.has(key)) fields[key] = value;
    else unknown.push(key);
  }
  const permalink = readPermalink(data as Record<string, unknown>);
  // `:filename` in the date list (last by default): a Jekyll-style file name dates the post, and its slug is the rest of the name.
  const datedByName = mapped.datedByName;
  diagnostics.push(...unknownFieldDiagnostics(unknown, [], file, loaded.yaml, 0, FRONTMATTER_FIELDS, "warning", `it is ignored (fields: ${FRONTMATTER_FIELDS.join(", ")})`));
  const result = schema.safeParse(fields);
  if (!result.success) {
    const found = issuesToDiagnostics(result.error.issues, file, loaded.yaml, 0, FRONTMATTER_FIELDS, "warning", FRONTMATTER_EXAMPLES);
    // A dated file name that the configured date list does not read (no :filename in it): say so.
    const unreadName = located.nameDate !== undefined && !vocabulary.sources.date.includes(FILENAME_DATE);
    const hint = (d: Diagnostic) => (unreadName && d.field === "date" && d.message.startsWith("is missing") ? { ...d, message: `${d.message}; or, for the file name's date ${located.nameDate}, add ":filename" to the configuration's frontmatter.date list` } : d);
    diagnostics.push(...found.map((d) => hint(d.field ? { ...d, field: d.field.replace(/^[^.[]+/, written) } : d)));
    return { diagnostics };
  }
  const fm = result.data;
  const at = (field: string) => ({ field: written(field), ...position(loaded.yaml, [field], 0) });

  // Another name of the date list with a later instant holds the post back (Hugo's publishDate after date).
  let date = fm.date;
  for (const other of mapped.otherDates) {
    const parsed = readDate(other.value, site.timezone, site.language);
    if (!parsed.ok) {
      diagnostics.push(error(file, parsed.why, { field: other.name, ...position(read.loaded, [other.name], 0, "value") }));
      return { diagnostics };
    }
    if (parsed.value.date > date.date) date = parsed.value;
  }

  for (const field of ["date", "updated", "expires"] as const) {
    const value = field === "date" ? date : fm[field];
    if (value?.resolution === "gap") {
      diagnostics.push(warning(file, `this local time does not exist in ${site.timezone} (the clocks skip it); read as ${value.date.toISOString()}, the same moment after the switch. Add an offset to say otherwise`, at(field)));
    } else if (value?.resolution === "overlap") {
      diagnostics.push(warning(file, `this local time occurs twice in ${site.timezone} (the clocks go back); read as the earlier one, ${value.date.toISOString()}. Add an offset to say otherwise`, at(field)));
    }
  }
  const givenDates = data as { date?: unknown; expires?: unknown };
  if (fm.expires && fm.expires.date <= date.date) {
    diagnostics.push(
      warning(file, `'${String(givenDates.expires)}' is not after date '${String(givenDates.date)}', so the post expires before it is published and never appears in a feed: correct one of them`, {
        field: "expires",
        ...position(loaded.yaml, ["expires"], 0, "value"),
      }),
    );
  }
  if (fm.updated && fm.updated.date < date.date) {
    const values = data as Record<string, unknown>;
    diagnostics.push(
      warning(file, `'${String(values[written("updated")])}' is earlier than date '${String(values[written("date")])}'; it is ignored (feeds show date as the last change): correct one of them`, {
        field: written("updated"),
        ...position(loaded.yaml, ["updated"], 0, "value"),
      }),
    );
  }

  if (permalink && !permalink.ok) {
    diagnostics.push(error(file, permalink.why.problem, at(permalink.why.field)));
    return { diagnostics };
  }
  const fileSlug = slugOfName(located.name, site.slugify, site.slugify === "jekyll" || datedByName);
  const slug = fm.slug ?? fileSlug;
  if ((fm.slug === undefined || site.postUrl.includes("{filename}")) && !SLUG_PATTERN.test(fileSlug)) {
    diagnostics.push(error(file, `the file name '${located.name}' cannot be a URL slug; rename the file or add slug: with letters, digits and '-'`, { field: "slug" }));
    return { diagnostics };
  }
  const day = wallClock(date.date, site.timezone);
  const href = permalink
    ? new URL(`./${permalink.value.replace(/^\/+/, "")}`, site.siteUrl).href
    : postUrl({ slug, filename: fileSlug, ...day, path: located.folders, categories: fm.categories ?? [] });
  // A template or permalink may hold what WHATWG leaves raw (`|`, `^`): written as an RFC 3986 URI.
  const url = isUri(href) ? href : toUri(new URL(href));
  const checkedEnclosure = fm.enclosure && checkEnclosure(fm.enclosure, url, site.siteUrl);
  if (checkedEnclosure && !checkedEnclosure.ok) {
    const { field, problem } = checkedEnclosure.why;
    diagnostics.push(error(file, problem, { field, ...position(loaded.yaml, ["enclosure", field.slice("enclosure.".length)], 0, "value") }));
    return { diagnostics };
  }
  const enclosure = checkedEnclosure ? checkedEnclosure.value : undefined;
  const authors = fm.authors ?? (fm.author ? [fm.author] : [site.author ?? { name: site.title }]);
  const externalUrl = fm.link ? new URL(fm.link).href : undefined;
  const post: Post = {
    file,
    sourcePath: located.sourcePath,
    id: fm.id ?? url,
    slug,
    url,
    link: externalUrl ?? url,
    externalUrl,
    title: fm.title,
    date: date.date,
    updated: fm.updated && fm.updated.date >= date.date ? fm.updated.date : undefined,
    expires: fm.expires?.date,
    draft: fm.draft,
    authors,
    summary: fm.summary?.trim() || undefined,
    tags: fm.tags ?? [],
    categories: fm.categories ?? [],
    lang: fm.lang,
    image: fm.image ? resolveHttpUrl(absoluteUrl(fm.image, url, site.siteUrl), url) : undefined,
    enclosure,
    source: fm.source,
    sourceHash: source.hash ?? sourceHashOf(source.bytes),
  };
  const body = bodyOf(source, decoded.value, read.body, keepBody, read.bodyLine);
  diagnostics.push(...body.diagnostics);
  // Whether that file exists is a fact of the file system, checked for every post before selection.
  const staticFile = enclosure?.sitePath === undefined ? undefined : { sitePath: enclosure.sitePath, field: "enclosure.url" };
  return { post, body: body.value, bodyLine: keepBody ? read.bodyLine : undefined, staticFile, diagnostics };
}

/**
 * The body, and what it holds that readers would see raw: template code from another tool (a
 * warning at its first place), and in an `.mdx` post the lines no Markdown renderer can show
 * (left out, with a warning). The scan decodes only the head of most posts: the rest is decoded
 * here only for an `.mdx` file or when its bytes after the head hold a `{`.
 */
function bodyOf(source: SourceFile, text: string, headBody: string, keepBody: boolean, bodyLine: number): Staged<string | undefined> {
  const diagnostics: Diagnostic[] = [];
  const isMdx = /\.mdx$/i.test(source.file);
  const headBytes = Buffer.byteLength(text) - Buffer.byteLength(headBody);
  let body = headBody;
  if (!keepBody && (isMdx || mayHoldTemplateCode(source.bytes, headBytes))) {
    const whole = decodeSource(source);
    if (whole.ok) body = whole.value.slice(text.length - headBody.length);
  }
  if (isMdx) {
    const converted = mdxAsMarkdown(body);
    diagnostics.push(
      warning(source.file, `is MDX: read as Markdown without its import/export lines and JSX components (${converted.removed} line${converted.removed === 1 ? "" : "s"} left out); check the item, or write what a component shows as Markdown`, {
        line: converted.firstRemoved === undefined ? undefined : bodyLine + converted.firstRemoved - 1,
      }),
    );
    body = converted.markdown;
  }
  const code = findTemplateCode(body);
  if (code) {
    const more = code.count > 1 ? ` (${code.count} places in this post)` : "";
    diagnostics.push(
      warning(source.file, `has ${code.kind === "Hugo shortcode" ? "Hugo shortcode" : "Liquid or Nunjucks template code"} '${code.text.length > 60 ? `${code.text.slice(0, 57)}…` : code.text}', which no build here runs: readers would see it as text. Replace it with what it stands for, or put it in a code span${more}`, {
        line: bodyLine + code.line - 1,
        column: code.column,
      }),
    );
  }
  return { value: keepBody ? body : undefined, diagnostics };
}

/** Where the post lies below the posts folder (site.postsFolder, else postsDir), and what its name says. */
function locate(file: string, site: Site): FileFacts {
  return fileFacts(sourcePathOf(file, site.postsFolder ?? site.postsDir));
}

/**
 * `permalink` (Jekyll, Eleventy) or `url` (Hugo), PATH_FIELDS: the post's path on the site, verbatim
 * (below siteUrl's own path, as those tools put it below baseurl); only a path, never another site.
 */
/** A field a value was refused in, and why (the diagnostic's message). */
interface FieldProblem {
  field: string;
  problem: string;
}

function readPermalink(fields: Record<string, unknown>): Checked<string, FieldProblem> | undefined {
  for (const field of PATH_FIELDS) {
    const value = fields[field];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (typeof value !== "string" || /^[A-Za-z][A-Za-z0-9+.-]*:|^\/\/|\s/.test(value.trim()) || value.includes("\\")) {
      return { ok: false, why: { field, problem: `must be the post's path on the site, such as /2016/01/01/welcome.html (no scheme, host or spaces; found ${JSON.stringify(value)})` } };
    }
    return { ok: true, value: value.trim() };
  }
  return undefined;
}

/** The publication date's calendar day in the site's time zone, for {year}, {month} and {day}. */
function wallClock(date: Date, timeZone: string): { year: string; month: string; day: string } {
  const local = new Date(date.getTime() + tzOffset(timeZone, date) * 60_000);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return { year: pad(local.getUTCFullYear(), 4), month: pad(local.getUTCMonth() + 1, 2), day: pad(local.getUTCDate(), 2) };
}

/**
 * Feeds need an enclosure's size. A remote file must state it (`length`); a file of the site
 * itself, written as a relative URL, may leave it out: the build reads it from the static folder.
 */
function checkEnclosure(
  enclosure: { url: string; type: string; length?: number },
  postUrl: string,
  siteUrl: string,
): Checked<NonNullable<Post["enclosure"]>, FieldProblem> {
  const resolved = new URL(resolveHttpUrl(absoluteUrl(enclosure.url, postUrl, siteUrl), postUrl));
  const checked = { ...enclosure, url: resolved.href };
  if (enclosure.length !== undefined) return { ok: true, value: checked };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:|^\/\//.test(enclosure.url.trim())) {
    return {
      ok: false,
      why: {
        field: "enclosure.length",
        problem: `is missing; '${enclosure.url}' is a remote file, so give its size in bytes, e.g. length: 12345678 (or use a relative URL to a file in the static folder, whose size is read)`,
      },
    };
  }
  const sitePath = sitePathOf(resolved, siteUrl);
  if (sitePath === undefined) {
    return {
      ok: false,
      why: {
        field: "enclosure.url",
        problem: `'${enclosure.url}' resolves to ${resolved.href}, outside the site ${siteUrl}, so its size cannot be read from the static folder; write a path inside the site or give enclosure.length`,
      },
    };
  }
  return { ok: true, value: { ...checked, sitePath } };
}

/** Byte offset of the first invalid sequence: streams in chunks, then byte by byte inside the bad chunk. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const CHUNK = 65_536;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  for (; start < bytes.length; start += CHUNK) {
    try {
      decoder.decode(bytes.subarray(start, start + CHUNK), { stream: true });
    } catch {
      break;
    }
  }
  // Replay from just before the bad chunk (a character may straddle the boundary).
  const from = Math.max(0, start - 3);
  const precise = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < from; i += CHUNK) precise.decode(bytes.subarray(i, Math.min(from, i + CHUNK)), { stream: true });
  for (let i = from; i < bytes.length; i++) {
    try {
      precise.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      return i;
    }
  }
  return bytes.length;
}

/** The line a text's end is on (1 for a text without line breaks). */
function lineCount(text: string): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}
