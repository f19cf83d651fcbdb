import jsYaml from "js-yaml";
import type * as YamlLibrary from "yaml";
import type { Node as YamlNode } from "yaml";
import { lazy } from "./lazy.js";
import type { Checked } from "./result.js";

const yamlLibrary = lazy<typeof YamlLibrary>("yaml");

/**
 * Loads YAML as data and nothing else: the YAML 1.2 core schema (no timestamps, so dates stay
 * strings and are checked by src/common/dates.ts; YAML 1.1 would roll `2024-02-30` over to March 1st),
 * no custom tags (`!!js/function`, `!include` are errors: tags are how YAML loaders run code),
 * a bound on nesting depth, and aliases kept as references (an alias bomb costs no memory, and
 * the schema checks never walk into it).
 *
 * Two libraries, each for what it does best: js-yaml loads the values (much faster than `yaml`);
 * `yaml` keeps source positions, so it is run only when a message needs a field's line.
 */
export interface LoadedYaml {
  value: unknown;
  /**
   * 1-based position of a key path inside the YAML text, where it can be found: of the key (for
   * "not a field"), or of its value (for "wrong value"). A path that does not exist to the end
   * gives the position of its deepest existing part.
   */
  locate(path: readonly PropertyKey[], at?: "key" | "value"): { line: number; column: number } | undefined;
}

export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
}

export const MAX_YAML_DEPTH = 64;

/** The loaded value with its positions, or every problem found (js-yaml stops at the first). */
export function loadYaml(text: string): Checked<LoadedYaml, YamlProblem[]> {
  let value: unknown;
  try {
    // maxDepth is a js-yaml 4.1+ option its type definitions do not list yet.
    const options: jsYaml.LoadOptions & { maxDepth: number } = { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH, json: false };
    value = jsYaml.load(text, options);
  } catch (cause) {
    if (cause instanceof jsYaml.YAMLException) return { ok: false, why: [explainYamlError(cause, text)] };
    return { ok: false, why: [{ message: `could not be read as YAML (${(cause as Error).message})` }] };
  }
  let positions: ((path: readonly PropertyKey[], at: "key" | "value") => { line: number; column: number } | undefined) | undefined;
  return {
    ok: true,
    value: {
      value,
      locate: (path, at = "key") => {
        const quick = topLevelPosition(text, path, at);
        return quick === UNSURE ? (positions ??= positionsOf(text))(path, at) : quick;
      },
    },
  };
}

const UNSURE = Symbol("unsure");
// A top-level key as frontmatter writes it: a plain name at the line's start, spaces, a colon.
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_-]*) *:(?=[ \t]|$)[ \t]*/;
// Values known to end on their line: plain, a whole quoted string, or a flat flow sequence (then only a comment).
const ONE_LINE_VALUE = /^(?:[A-Za-z0-9_.+/(][^#]*|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|\[[^[\]{}"'#]*\])[ \t]*(?:#.*)?$/;

/**
 * The position of a top-level field without `yaml`'s document model, which costs some 60 µs a
 * post: a build that warns about one field in 2,000 posts spent 0.12 s building models
 * (docs/performance.md). Sure only of frontmatter whose every line at the left margin is a plain
 * key with a value that ends on its line (or nothing after the colon, a nested block below it),
 * and every other line blank, a comment, or indented with spaces and holding no quote or bracket; otherwise UNSURE, and `yaml`
 * decides. tests/common/yaml.test.ts holds it to `yaml`'s answers.
 */
function topLevelPosition(text: string, path: readonly PropertyKey[], at: "key" | "value"): { line: number; column: number } | undefined | typeof UNSURE {
  // A lone CR breaks lines for YAML too; a quote or bracket in an indented line may open a string or flow that goes on at the margin.
  if (path.length !== 1 || typeof path[0] !== "string" || /\r(?!\n)/.test(text)) return UNSURE;
  let found: { line: number; column: number } | undefined;
  let keyed = false;
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith(" ")) {
      // Indented before any key, the lines are a mapping of their own indentation.
      if (!keyed || /["'[\]{}]/.test(line)) return UNSURE;
      continue;
    }
    const key = PLAIN_KEY.exec(line);
    if (!key) return UNSURE;
    keyed = true;
    const value = line.slice(key[0].length);
    if (value !== "" && !ONE_LINE_VALUE.test(value)) return UNSURE;
    if (found === undefined && key[1] === path[0]) {
      // An empty value's node starts below (or is absent): `yaml` knows where.
      if (at === "value" && value === "") return UNSURE;
      found = { line: index + 1, column: at === "key" ? 1 : key[0].length + 1 };
    }
  }
  return keyed ? found : UNSURE;
}

/** Source positions of keys, from `yaml`'s document model (built on demand). */
function positionsOf(text: string): (path: readonly PropertyKey[], at: "key" | "value") => { line: number; column: number } | undefined {
  const { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: "core", version: "1.2", lineCounter, uniqueKeys: false });
  return (path, at) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    let complete = true;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) {
          complete = false;
          break;
        }
        offset = (pair.key as YamlNode).range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as YamlNode | undefined;
        if (!item) {
          complete = false;
          break;
        }
        offset = item.range?.[0];
        node = item;
      } else {
        complete = false;
        break;
      }
    }
    // An empty value (`title:`) has no node: the key is the place to point at.
    if (complete && at === "value" && node && (node as YamlNode).range) offset = (node as YamlNode).range![0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}

/** js-yaml's reasons are terse; these say what to change, for the mistakes people make in frontmatter. */
function explainYamlError(cause: jsYaml.YAMLException, text: string): YamlProblem {
  const reason = cause.reason;
  // js-yaml gives no mark for "a single document, but found more" (a `...` line, then more YAML).
  const mark = cause.mark as jsYaml.YAMLException["mark"] | undefined;
  if (!mark) return { message: reason.startsWith("expected a single document") ? "holds more than one YAML document (a line '...' or '---', then more): keep one" : `could not be read as YAML (${reason})` };
  const at = { line: mark.line + 1, column: mark.column + 1 };
  const lineText = text.split("\n")[mark.line] ?? "";
  if (reason.startsWith("unknown tag")) {
    const tag = reason.replace(/^unknown tag /, "").replace(/!<tag:yaml\.org,2002:(.*)>/, "!!$1").replace(/!<(.*)>/, "$1");
    return { message: `uses the YAML tag ${tag}; tags are not allowed in frontmatter (they are how YAML loaders run code): remove it, or quote the value`, ...at };
  }
  if (reason.startsWith("nesting exceeded")) return { message: `is nested more than ${MAX_YAML_DEPTH} levels deep; no field needs more than 3`, ...at };
  if (reason === "the stream contains non-printable characters") {
    // js-yaml points at the end of the text; the character itself is the useful place.
    const index = text.search(NON_PRINTABLE);
    const before = text.slice(0, Math.max(0, index));
    const code = `\\u${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")}`;
    return {
      message: `contains the control character U+${code.slice(2)}, which YAML does not allow; remove it, or write it as "${code}" inside double quotes`,
      line: before.split("\n").length,
      column: index - before.lastIndexOf("\n"),
    };
  }
  if (reason === "duplicated mapping key") {
    const key = /^\s*([^:#]+?)\s*:/.exec(lineText)?.[1] ?? "a field";
    return { message: `has '${key}' twice; keep one of them`, ...at };
  }
  if (reason === "bad indentation of a mapping entry") {
    return {
      message: "is not valid YAML here (bad indentation of a mapping entry): start each field at the beginning of its line, and quote a value that contains ': ' or starts with @ or `, e.g. title: \"Hello: World\"",
      ...at,
    };
  }
  if (reason === "tab characters must not be used in indentation") return { message: "indents with a tab; YAML allows only spaces", ...at };
  if (/^unexpected end of the stream within a (single|double) quoted scalar$/.test(reason)) {
    return { message: "has a quoted value that is never closed; add the closing quote at the end of its line", ...at };
  }
  if (reason === "missed comma between flow collection entries" || reason.startsWith("unexpected end of the stream within a flow collection")) {
    return { message: "has a [list] or {mapping} that is not closed or misses a comma between entries; write a list as [a, b] on one line, or one '- item' per line", ...at };
  }
  if (reason.startsWith("can not read a block mapping entry")) {
    return { message: "has a line that is not 'field: value' (is the ':' after a field name missing?)", ...at };
  }
  if (reason.startsWith("unidentified alias")) {
    return { message: `uses the alias ${reason.replace(/^unidentified alias "(.*)"$/, "*$1")}, which is not defined; quote the value if '*' is meant literally`, ...at };
  }
  if (reason === "end of the stream or a document separator is expected") {
    return { message: "is not a list of 'field: value' lines here (a line starting with '-' or indented unlike the others?)", ...at };
  }
  return { message: `is not valid YAML: ${reason}`, ...at };
}

/** js-yaml's own test for characters YAML forbids in a stream. */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
