import jsYaml from "js-yaml";
import type * as YamlLibrary from "yaml";
import type { Node as YamlNode } from "yaml";
import { lazy } from "../lazy.js";

const yamlLibrary = lazy<typeof YamlLibrary>("yaml");

/**
 * Loads YAML as data and nothing else: the YAML 1.2 core schema (no timestamps, so dates stay
 * strings and are checked by src/dates.ts; YAML 1.1 would roll `2024-02-30` over to March 1st),
 * no custom tags (`!!js/function`, `!include` are errors: tags are how YAML loaders run code),
 * a bound on nesting depth, and aliases kept as references (an alias bomb costs no memory, and
 * the schema checks never walk into it).
 *
 * Two libraries, each for what it does best: js-yaml loads the values (about seven times faster
 * than `yaml`, which matters at 100,000 posts); `yaml` keeps source positions, so it is run only
 * when a message needs a field's line.
 */
export interface LoadedYaml {
  value: unknown;
  /** 1-based position of a key path inside the YAML text, where it can be found. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

export interface YamlProblem {
  message: string;
  line?: number;
  column?: number;
}

export const MAX_YAML_DEPTH = 64;

export function loadYaml(text: string): { ok: true; yaml: LoadedYaml } | { ok: false; problems: YamlProblem[] } {
  let value: unknown;
  try {
    // maxDepth is a js-yaml 4.1+ option its type definitions do not list yet.
    const options: jsYaml.LoadOptions & { maxDepth: number } = { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_YAML_DEPTH, json: false };
    value = jsYaml.load(text, options);
  } catch (cause) {
    if (cause instanceof jsYaml.YAMLException) {
      const reason = cause.reason.startsWith("unknown tag")
        ? `${cause.reason.replace(/!<tag:yaml\.org,2002:(.*)>/, "!!$1").replace(/!<(.*)>/, "$1")}; tags are not allowed in frontmatter`
        : cause.reason.startsWith("nesting exceeded")
          ? `is nested more than ${MAX_YAML_DEPTH} levels deep`
          : cause.reason;
      return { ok: false, problems: [{ message: reason, line: cause.mark.line + 1, column: cause.mark.column + 1 }] };
    }
    return { ok: false, problems: [{ message: `could not be read as YAML (${(cause as Error).message})` }] };
  }
  let positions: ((path: readonly PropertyKey[]) => { line: number; column: number } | undefined) | undefined;
  return {
    ok: true,
    yaml: {
      value,
      locate: (path) => (positions ??= positionsOf(text))(path),
    },
  };
}

/** Source positions of keys, from `yaml`'s document model (built on demand). */
function positionsOf(text: string): (path: readonly PropertyKey[]) => { line: number; column: number } | undefined {
  const { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: "core", version: "1.2", lineCounter, uniqueKeys: false });
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0];
        node = item;
      } else break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
}
