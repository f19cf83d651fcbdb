import type { z } from "zod";
import { describeValue } from "../dates.js";
import { error, warning, type Diagnostic } from "../diagnostics.js";
import type { LoadedYaml } from "./yaml.js";

/**
 * Turns schema issues into diagnostics that name the file, the line, the field, what was found
 * and what is expected. `lineOffset` maps YAML lines to file lines (frontmatter starts on line 2).
 */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  yaml: LoadedYaml,
  lineOffset: number,
  knownKeys: readonly string[],
  unknownKeySeverity: "error" | "warning",
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const suggestion = closest(key, knownKeys);
        const hint = suggestion ? `; did you mean '${suggestion}'?` : `; known fields are ${knownKeys.join(", ")}`;
        const make = unknownKeySeverity === "error" ? error : warning;
        out.push(make(file, `'${key}' is not a field${hint}`, { field: path.join("."), ...position(yaml, path, lineOffset) }));
      }
      continue;
    }
    const found = valueAt(yaml.value, issue.path);
    const foundText = issue.code === "invalid_type" && found === undefined ? "it is missing" : `found ${describeValue(found)}`;
    const message = issue.message.startsWith("Invalid input") ? `has an invalid value (${foundText})` : `${issue.message} (${foundText})`;
    out.push(error(file, message, { field: issue.path.map(String).join(".") || undefined, ...position(yaml, issue.path, lineOffset) }));
  }
  return out;
}

export function position(yaml: LoadedYaml, path: readonly PropertyKey[], lineOffset: number): { line?: number; column?: number } {
  const at = yaml.locate(path);
  return at ? { line: at.line + lineOffset, column: at.column } : {};
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
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
