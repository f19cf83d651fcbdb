import path from "node:path";
import { parseArgs } from "node:util";
import { readConfig } from "./config/config.js";
import { CONFIG_FILE } from "./model/constants.js";
import type { Post } from "./model/post.js";
import type { Site } from "./model/site.js";
import { formatDiagnostic, logLine, type Diagnostic } from "./common/diagnostics.js";
import { findPostFiles, readPostFile } from "./load/load.js";
import { readPreviousFeeds } from "./load/previous.js";
import { createPostParser } from "./parse/post.js";
import { replaceFile } from "./write/write.js";
import { mergePreviousItems } from "./guard/guard.js";
import { createMatcher, type MatchedBy } from "./guard/match.js";
import type { Checked } from "./common/result.js";

/**
 * `feedwright adopt <published feed or folder>`: keeps the ids readers already have. Every item of
 * the old site's feed is matched to a post as the id guard matches (src/guard/match.ts), and the
 * published id is written into the post's frontmatter as one added line (`id: …` right after the
 * opening line), the rest of the file byte for byte as it was. A post that sets an id already is
 * never touched. Each new file is parsed again before it is written, and must give the published id.
 */
export type AdoptOutcome =
  | { kind: "adopted"; file: string; id: string; by: Exclude<MatchedBy, "id"> }
  | { kind: "same"; file: string; id: string }
  | { kind: "has-id"; file: string; id: string; own: string; by: Exclude<MatchedBy, "id"> }
  | { kind: "not-written"; file: string; id: string; why: string }
  | { kind: "unmatched"; id: string; title?: string };

/** What a line in the head of a post opens, and how an id is written in that language. */
const OPENERS: { open: RegExp; line: (id: string) => string; hasId: RegExp; close: RegExp }[] = [
  { open: /^---[ \t]*$/, line: (id) => `id: ${yamlScalar(id)}`, hasId: /^id[ \t]*:/m, close: /^---[ \t]*$/m },
  { open: /^\+\+\+[ \t]*$/, line: (id) => `id = ${JSON.stringify(id)}`, hasId: /^[ \t]*["']?id["']?[ \t]*=/m, close: /^\+\+\+[ \t]*$/m },
  { open: /^\{[ \t]*$/, line: (id) => `  "id": ${JSON.stringify(id)},`, hasId: /^[ \t]*"id"[ \t]*:/m, close: /^\}[ \t]*$/m },
  { open: /^---(js|javascript)[ \t]*$/, line: (id) => `const id = ${JSON.stringify(id)};`, hasId: /\b(const|let|var)[ \t]+id\b/, close: /^---[ \t]*$/m },
];

/** A URI as a plain YAML scalar when it reads back as the same string, else double-quoted (JSON is YAML). */
function yamlScalar(id: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(id) && !/:$|\s#|[,[\]{}]/.test(id) ? id : JSON.stringify(id);
}

/** The file's bytes with the line added and that line's number, or why the line cannot be added. */
export type Insertion = Checked<{ bytes: Buffer; line: number }, string>;

/**
 * The post's bytes with `id` added as the line after the frontmatter's opening line (after a BOM
 * and blank lines, which Hugo allows before it), in the file's own line ending. Pure.
 */
export function insertIdLine(bytes: Uint8Array, id: string): Insertion {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  let lineNumber = 1;
  for (;;) {
    const end = buffer.indexOf(0x0a, at);
    if (end === -1) return { ok: false, why: "its frontmatter's opening line is not followed by a line break" };
    const line = buffer.subarray(at, end).toString("utf8").replace(/\r$/, "");
    if (line.trim() === "") {
      at = end + 1;
      lineNumber++;
      continue;
    }
    const opener = OPENERS.find((candidate) => candidate.open.test(line));
    if (!opener) return { ok: false, why: `its first line '${line.slice(0, 40)}' opens no frontmatter feedwright can add a line to` };
    const rest = buffer.subarray(end + 1).toString("utf8");
    const close = opener.close.exec(rest);
    const head = close ? rest.slice(0, close.index) : rest;
    if (opener.hasId.test(head)) return { ok: false, why: "its frontmatter sets an id already" };
    const eol = buffer[end - 1] === 0x0d ? "\r\n" : "\n";
    const inserted = Buffer.from(opener.line(id) + eol, "utf8");
    return { ok: true, value: { bytes: Buffer.concat([buffer.subarray(0, end + 1), inserted, buffer.subarray(end + 1)]), line: lineNumber + 1 } };
  }
}

export interface AdoptRequest {
  configPath: string;
  postsDir?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The old site's feed: one RSS, Atom or JSON Feed file, or a folder holding them. */
  previous: string;
  /** Report only; write nothing. */
  dryRun?: boolean;
}

export async function adoptIds(request: AdoptRequest): Promise<{ ok: boolean; outcomes: AdoptOutcome[]; diagnostics: Diagnostic[] }> {
  const cwdPrefix = request.cwd.endsWith(path.sep) ? request.cwd : request.cwd + path.sep;
  const display = (absolute: string) => (absolute.startsWith(cwdPrefix) ? absolute.slice(cwdPrefix.length) : path.relative(request.cwd, absolute) || ".");
  const config = await readConfig({ ...request, useMemo: false }, display);
  const diagnostics = [...config.diagnostics];
  if (!config.value) return { ok: false, outcomes: [], diagnostics };
  const site: Site = { ...config.value.site, postsFolder: display(config.value.folders.posts) };
  const found = await findPostFiles(config.value.folders.posts, display, site.exclude);
  diagnostics.push(...found.diagnostics.filter((d) => d.severity === "error"));
  const published = await readPreviousFeeds(path.resolve(request.cwd, request.previous), [site.files.rss, site.files.atom, site.files.json], display);
  diagnostics.push(...published.diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, outcomes: [], diagnostics };

  const parse = createPostParser(site);
  const posts: { post: Post; bytes: Buffer; path: string }[] = [];
  for (const file of found.value) {
    const read = readPostFile(file.path, file.file);
    if (!read.ok) continue;
    const bytes = Buffer.from(read.value.source.bytes);
    const parsed = parse({ file: file.file, bytes }, { keepBody: false });
    if (parsed.post) posts.push({ post: parsed.post, bytes, path: file.path });
  }
  const previous = mergePreviousItems(published.value);
  const match = createMatcher(posts.map((entry) => entry.post), new Set(previous.map((item) => item.id)), site.postsFolder);
  const byFile = new Map(posts.map((entry) => [entry.post.file, entry]));
  const claimed = new Set<string>();
  const outcomes: AdoptOutcome[] = [];
  for (const item of previous) {
    const found = match(item);
    if (!found) {
      outcomes.push({ kind: "unmatched", id: item.id, ...(item.title ? { title: item.title } : {}) });
      continue;
    }
    const { post } = found;
    if (found.by === "id") {
      outcomes.push({ kind: "same", file: post.file, id: item.id });
      continue;
    }
    if (claimed.has(post.file)) {
      outcomes.push({ kind: "not-written", file: post.file, id: item.id, why: "another published item was matched to this post already" });
      continue;
    }
    claimed.add(post.file);
    const entry = byFile.get(post.file)!;
    const inserted = insertIdLine(entry.bytes, item.id);
    if (!inserted.ok) {
      outcomes.push(inserted.why.includes("sets an id") ? { kind: "has-id", file: post.file, id: item.id, own: post.id, by: found.by } : { kind: "not-written", file: post.file, id: item.id, why: inserted.why });
      continue;
    }
    // The new file must read back with the published id, and as nothing else changed, all else as before.
    const again = parse({ file: post.file, bytes: inserted.value.bytes }, { keepBody: false });
    if (again.post?.id !== item.id) {
      outcomes.push({ kind: "not-written", file: post.file, id: item.id, why: `with the added line it would not read as that id (${again.diagnostics.map((d) => d.message).join("; ") || again.post?.id})` });
      continue;
    }
    if (!request.dryRun) await replaceFile(entry.path, inserted.value.bytes);
    outcomes.push({ kind: "adopted", file: post.file, id: item.id, by: found.by });
  }
  return { ok: true, outcomes, diagnostics };
}

const USAGE = `Usage: feedwright adopt <feed file or folder> [options]      (npm run adopt -- <path> [options])

Writes the id each post was published under (id: … in its frontmatter) for every item of an old
feed that matches a post (by id, source file, link, then title and publication date).

Options:
  --config <file>     configuration file (default: ${CONFIG_FILE})
  --posts <dir>       posts folder (default: postsDir from the configuration)
  --dry-run           print what would be written, write nothing
  --help              show this help`;

export async function adoptMain(io: { argv: readonly string[]; env: Readonly<Record<string, string | undefined>>; cwd: string; stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...io.argv],
      options: { config: { type: "string" }, posts: { type: "string" }, "dry-run": { type: "boolean", default: false }, help: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: true,
    });
  } catch (cause) {
    io.stderr(`${logLine(`feedwright adopt: ${(cause as Error).message}`)}\nTry feedwright adopt --help.\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr("feedwright adopt: give one published feed file or folder, e.g. feedwright adopt old-site/feed.xml\n");
    return 2;
  }
  const result = await adoptIds({
    configPath: parsed.values.config ?? CONFIG_FILE,
    postsDir: parsed.values.posts,
    cwd: io.cwd,
    env: io.env,
    previous: parsed.positionals[0]!,
    dryRun: parsed.values["dry-run"],
  });
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!result.ok) return 1;
  const verb = parsed.values["dry-run"] ? "would write" : "wrote";
  const count = (kind: AdoptOutcome["kind"]) => result.outcomes.filter((o) => o.kind === kind).length;
  for (const o of result.outcomes) {
    const line =
      o.kind === "adopted" ? `${o.file}: ${verb} id: ${o.id} (matched by ${o.by})`
      : o.kind === "same" ? `${o.file}: already ${o.id} (matched by id); unchanged`
      : o.kind === "has-id" ? `${o.file}: sets its own id ${o.own}, published as ${o.id} (matched by ${o.by}); unchanged: correct it by hand`
      : o.kind === "not-written" ? `${o.file}: published as ${o.id}, not written: ${o.why}`
      : `not matched: ${o.title ? `"${o.title}" ` : ""}${o.id} (no post has its id, file, link, or title and date; deleted?)`;
    io.stdout(`${logLine(line)}\n`);
  }
  io.stdout(`adopt: ${count("adopted")} id(s) ${verb === "wrote" ? "written" : "to write"}, ${count("same")} already the same, ${count("has-id") + count("not-written")} left as they are, ${count("unmatched")} not matched\n`);
  return count("has-id") + count("not-written") > 0 ? 1 : 0;
}
