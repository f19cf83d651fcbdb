import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from "yaml";

/**
 * Loads YAML as data and nothing else: the YAML 1.2 core schema (no timestamps, so dates stay
 * strings and are checked by src/dates.ts), no custom tags, a bound on aliases (a "billion
 * laughs" document fails instead of exhausting memory) and on nesting depth.
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
export const MAX_YAML_ALIASES = 100;

export function loadYaml(text: string): { ok: true; yaml: LoadedYaml } | { ok: false; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { schema: "core", version: "1.2", lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (cause) {
    return { ok: false, problems: [{ message: `could not be read as YAML (${(cause as Error).message})` }] };
  }
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: YamlProblem[] = [];
  for (const e of doc.errors) problems.push({ message: firstLine(e.message), ...at(e.pos[0]) });
  for (const w of doc.warnings) {
    // An unresolved tag (`!!js/function`, `!include`) is refused outright: tags are how YAML loaders run code.
    if (w.code === "TAG_RESOLVE_FAILED") problems.push({ message: `${firstLine(w.message)}; tags are not allowed in frontmatter`, ...at(w.pos[0]) });
  }
  if (problems.length === 0) {
    const depthProblem = findTooDeep(doc.contents as YamlNode | null, 0);
    if (depthProblem) problems.push({ message: `is nested more than ${MAX_YAML_DEPTH} levels deep`, ...at(depthProblem) });
  }
  if (problems.length > 0) return { ok: false, problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (cause) {
    return { ok: false, problems: [{ message: `could not be loaded (${(cause as Error).message}); aliases are limited to ${MAX_YAML_ALIASES}` }] };
  }
  const locate = (path: readonly PropertyKey[]) => {
    let node: unknown = doc.contents;
    let keyOffset: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        keyOffset = (pair.key as YamlNode).range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as YamlNode | undefined;
        if (!item) break;
        keyOffset = item.range?.[0];
        node = item;
      } else break;
    }
    if (keyOffset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(keyOffset);
    return { line, column: col };
  };
  return { ok: true, yaml: { value, locate } };
}

/** Depth check without recursion, so a document nested thousands deep cannot overflow the stack. */
function findTooDeep(root: YamlNode | null, _depth: number): number | undefined {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!(isMap(node) || isSeq(node))) continue;
    if (depth >= MAX_YAML_DEPTH) return (node as YamlNode).range?.[0];
    for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
