import type { Diagnostic } from "./diagnostics.js";

/**
 * The two shapes of an answer. A stage hands on its value with everything it found (runBuild
 * stops after a stage when any of it is an error); a leaf check gives its value or the one
 * reason it has none.
 */
export interface Staged<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export type Checked<T, Why = Diagnostic> = { ok: true; value: T } | { ok: false; why: Why };
