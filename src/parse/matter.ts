import matter from "gray-matter";
import type * as SmolToml from "smol-toml";
import { lazy } from "../common/lazy.js";
import { splitFrontmatter, type FrontmatterFormat, type FrontmatterProblem, type LoadedFrontmatter } from "./frontmatter.js";
import { lineStarts, positionAt, readStaticJs } from "./javascript.js";
import { loadYaml } from "../common/yaml.js";
import type { Checked } from "../common/result.js";

/**
 * Frontmatter through gray-matter, with engines that only read data: js-yaml's core schema for
 * YAML (src/common/yaml.ts), smol-toml for TOML, JSON.parse for JSON, and the static reader for
 * `---js` in place of gray-matter's own JavaScript engine, which evaluates. splitFrontmatter has
 * decided the language and refused every other one before gray-matter sees the text, and hands it
 * only the head of the file (gray-matter copies its input into a Buffer: a body can be megabytes).
 */
export interface Matter {
  format: FrontmatterFormat;
  loaded: LoadedFrontmatter;
  body: string;
  bodyLine: number;
}

/** The frontmatter read, or every problem found in it. */
export type MatterResult = Checked<Matter, FrontmatterProblem[]>;

/** Loaded on first use: most sites have no TOML or `---js` post (src/common/lazy.ts). */
const smolToml = lazy<typeof SmolToml>("smol-toml");

/** Thrown by an engine to carry its problems (with their places) out through gray-matter. */
class EngineProblems extends Error {
  constructor(readonly problems: FrontmatterProblem[]) {
    super(problems[0]?.message);
  }
}

/** What one call's engine hands back: gray-matter passes its options (with this) to the engine. */
interface EngineCall {
  padding: string;
  loaded?: LoadedFrontmatter;
}
const CALL = "feedwrightCall";

/** Made once: an engine reads the call it serves from the options gray-matter passes it. */
function engine(load: (block: string) => LoadedFrontmatter) {
  return {
    parse(block: string, options: { [CALL]: EngineCall }) {
      const call = options[CALL];
      call.loaded = load(call.padding + block);
      return call.loaded.value as object;
    },
  };
}

/** gray-matter's own `javascript` engine evaluates the text: both of its names get the static reader. */
const ENGINES = { yaml: engine(yamlEngine), toml: engine(tomlEngine), json: engine(jsonEngine), javascript: engine(jsEngine), js: engine(jsEngine) };

/** Expects text already decoded, without a byte-order mark and with `\n` line ends. */
export function readFrontmatter(text: string): MatterResult {
  const splitted = splitFrontmatter(text);
  if (!splitted.ok) return { ok: false, why: [{ message: splitted.why.message, line: splitted.why.line }] };
  const split = splitted.value;
  // gray-matter's block starts at the opening line: line breaks for the blank lines before it keep lines file lines.
  const call: EngineCall = { padding: "\n".repeat(split.linesBefore) };
  let loaded: LoadedFrontmatter;
  try {
    if (split.head) {
      const options = { delimiters: [split.head.delimiter, `${split.head.delimiter}\n`], language: split.format, engines: ENGINES, [CALL]: call };
      // gray-matter calls parse(block, options) (lib/parse.js); its types list only the block.
      const file = matter(split.head.text, options as unknown as Parameters<typeof matter>[1]);
      // gray-matter skips the engine for a block that is empty or only comments.
      loaded = call.loaded ?? { value: file.data, locate: () => undefined };
    } else {
      loaded = jsonEngine(split.block);
    }
  } catch (cause) {
    if (cause instanceof EngineProblems) return { ok: false, why: cause.problems.map((p) => ({ ...p, message: `frontmatter ${p.message}` })) };
    // Anything else gray-matter throws is a post it cannot read: a message, never a crash of the build.
    return { ok: false, why: [{ message: `frontmatter could not be read (${(cause as Error).message})`, line: split.linesBefore + 1 }] };
  }
  return { ok: true, value: { format: split.format, loaded, body: split.body, bodyLine: split.bodyLine } };
}

function yamlEngine(block: string): LoadedFrontmatter {
  const result = loadYaml(block);
  if (!result.ok) throw new EngineProblems(result.why);
  return result.value;
}

function jsEngine(block: string): LoadedFrontmatter {
  const result = readStaticJs(block);
  if (!result.ok) throw new EngineProblems(result.why);
  return result.value;
}

function tomlEngine(block: string): LoadedFrontmatter {
  let value: unknown;
  try {
    value = datesAsText(smolToml().parse(block), smolToml().TomlDate);
  } catch (cause) {
    const problem = cause as Error & { line?: number; column?: number };
    const reason = problem.message.split("\n")[0]!.replace(/^Invalid TOML document:\s*/, "");
    throw new EngineProblems([{ message: `is not valid TOML: ${reason}`, line: problem.line, column: problem.column }]);
  }
  return { value, locate: lineLocator(block, "toml") };
}

function jsonEngine(block: string): LoadedFrontmatter {
  let value: unknown;
  try {
    value = JSON.parse(block);
  } catch (cause) {
    const message = (cause as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const reason = message.replace(/\s*in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
    const place = offset === undefined ? {} : positionAt(lineStarts(block), Number(offset));
    throw new EngineProblems([{ message: `is not valid JSON: ${reason}`, ...place }]);
  }
  return { value, locate: lineLocator(block, "json") };
}

/**
 * TOML dates become the text they were written as (`2024-04-12`, `2024-04-12T10:00:00+02:00`), so
 * that src/common/dates.ts reads every format's dates by one rule (and a local time in the site's zone).
 */
function datesAsText(value: unknown, TomlDate: typeof SmolToml.TomlDate): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => datesAsText(v, TomlDate));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesAsText(v, TomlDate)]));
  return value;
}

/**
 * Where a field is in TOML or JSON, found by its line (`title = …`, `"title": …`): neither parser
 * keeps positions, and a message needs only the line of a top-level field. A nested path points at
 * its top-level field (or, in TOML, at its `[table]` line).
 */
function lineLocator(block: string, format: "toml" | "json"): LoadedFrontmatter["locate"] {
  return (path, at = "key") => {
    const key = String(path[0] ?? "");
    if (key === "") return undefined;
    const quoted = escapeRegExp(JSON.stringify(key));
    const pattern =
      format === "json"
        ? new RegExp(`^(\\s*)${quoted}\\s*:\\s*`, "m")
        : new RegExp(`^(\\s*)(?:${escapeRegExp(key)}|${quoted}|'${escapeRegExp(key)}')\\s*=\\s*|^(\\s*)\\[\\s*${escapeRegExp(key)}\\s*\\]`, "m");
    const match = pattern.exec(block);
    if (!match) return undefined;
    const indent = (match[1] ?? match[2] ?? "").length;
    const offset = path.length === 1 && at === "value" ? match.index + match[0].length : match.index + indent;
    return positionAt(lineStarts(block), offset);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
