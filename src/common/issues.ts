import type { z } from "zod";
import { error, warning, type Diagnostic } from "./diagnostics.js";
import type { LoadedYaml } from "./yaml.js";

/**
 * Turns schema issues into diagnostics that name the file, the line, the field, what was found
 * and what is expected. `lineOffset` maps YAML lines to file lines (frontmatter starts on line 2).
 * `examples` gives, per field, a line to add when the field is missing (`title: "Hello"`).
 */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  yaml: LoadedYaml,
  lineOffset: number,
  knownKeys: readonly string[],
  unknownKeySeverity: "error" | "warning",
  examples: Readonly<Record<string, string>> = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      out.push(...unknownFieldDiagnostics(issue.keys, issue.path, file, yaml, lineOffset, knownKeys, unknownKeySeverity, `known fields are ${knownKeys.join(", ")}`));
      continue;
    }
    const field = fieldName(issue.path) || undefined;
    const found = lookUp(yaml.value, issue.path);
    let message: string;
    if (!found.present && issue.path.length > 0) {
      const example = examples[fieldName(issue.path)];
      message = example ? `is missing; add ${example}` : `is missing (${issue.message})`;
    } else if (issue.code === "custom" && (issue.params as { quotesInput?: boolean } | undefined)?.quotesInput) {
      // Our own checks (dates, either-or rules) already say what they found.
      message = issue.message;
    } else {
      const expected = issue.message.startsWith("Invalid input") ? "has an invalid value" : issue.message;
      message = `${expected} (found ${describeFound(found.value)})`;
    }
    out.push(error(file, message, { field, ...position(yaml, issue.path, lineOffset, "value") }));
  }
  return out;
}

/** Unknown keys named one by one, per mapping; past this many, one message counts the rest. */
export const MAX_UNKNOWN_FIELD_MESSAGES = 20;

/**
 * "not a field" messages for the unknown keys of one mapping (at `parent`): the first
 * MAX_UNKNOWN_FIELD_MESSAGES each with its line and a suggestion, then one message that says how
 * many more there are, so a post with 100,000 stray keys costs linear time and a readable report.
 */
export function unknownFieldDiagnostics(
  keys: readonly string[],
  parent: readonly PropertyKey[],
  file: string,
  yaml: LoadedYaml,
  lineOffset: number,
  knownKeys: readonly string[],
  severity: "error" | "warning",
  otherwise: string,
): Diagnostic[] {
  const make = severity === "error" ? error : warning;
  const out = keys.slice(0, MAX_UNKNOWN_FIELD_MESSAGES).map((key) => {
    const path = [...parent, key];
    const suggestion = closest(key, knownKeys);
    return make(file, `'${key}' is not a field; ${suggestion ? `did you mean '${suggestion}'?` : otherwise}`, { field: fieldName(path), ...position(yaml, path, lineOffset) });
  });
  const rest = keys.slice(MAX_UNKNOWN_FIELD_MESSAGES);
  if (rest.length > 0) {
    const examples = rest.slice(0, 3).map((key) => `'${key.length > 40 ? `${key.slice(0, 37)}…` : key}'`).join(", ");
    const where = fieldName(parent);
    out.push(
      make(file, `${rest.length} more names${where ? ` in ${where}` : ""} are not fields either (${examples}${rest.length > 3 ? ", …" : ""}), not reported one by one; ${otherwise}`, {
        ...(where ? { field: where } : {}),
        ...position(yaml, [...parent, rest[0]!], lineOffset),
      }),
    );
  }
  return out;
}

/** `tags[1]`, `enclosure.type`: how a user would point at the value. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i > 0 ? "." : ""}${String(key)}`)).join("");
}

/** Where a field is; a field that is not there at all points at the top of the frontmatter (line 1). */
export function position(yaml: LoadedYaml, path: readonly PropertyKey[], lineOffset: number, at: "key" | "value" = "key"): { line?: number; column?: number } {
  const where = yaml.locate(path, at);
  return where ? { line: where.line + lineOffset, column: where.column } : { line: 1 + lineOffset };
}

/** What a user wrote, in words: the value (shortened), or its kind and size. */
export function describeFound(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length} ${value.length === 1 ? "entry" : "entries"}`;
  if (typeof value === "object") return "a mapping (fields indented below it)";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value} (a yes/no value; quote it to make it text)`;
  const text = String(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;
}

function lookUp(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return { present: false, value: undefined };
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: node };
}

/** The known key nearest to a mistyped one (edit distance at most 2), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
