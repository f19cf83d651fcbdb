/**
 * Every problem the build finds is a Diagnostic: errors stop the build before anything is
 * written, warnings are reported and the build goes on. Stages return them as data; only
 * the command line prints them.
 */
export type Severity = "error" | "warning" | "note";

export interface Diagnostic {
  severity: Severity;
  /** Path as the user knows it (relative to the working directory), or the config file. */
  file: string;
  /** 1-based line and column, where known. */
  line?: number;
  column?: number;
  /** The frontmatter or configuration field concerned, e.g. `date` or `author.email`. */
  field?: string;
  /** What is wrong, and what would fix it. */
  message: string;
}

export function error(file: string, message: string, where: Partial<Pick<Diagnostic, "line" | "column" | "field">> = {}): Diagnostic {
  return { severity: "error", file, message, ...where };
}

export function warning(file: string, message: string, where: Partial<Pick<Diagnostic, "line" | "column" | "field">> = {}): Diagnostic {
  return { severity: "warning", file, message, ...where };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorted by file, then line, then column: the order an editor walks a project in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareStrings(a.field ?? "", b.field ?? "") ||
      compareStrings(a.message, b.message),
  );
}

/**
 * `posts/a.md:3:7: error: date: …` — the format compilers use, so editors can jump to it. One
 * line, whatever the file name, field or message hold (see logLine).
 */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line === undefined ? d.file : d.column === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
  const field = d.field ? `${d.field}: ` : "";
  return logLine(`${place}: ${d.severity}: ${field}${d.message}`);
}

const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|##\[/g;
const ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "##[": "#\\x23[" };

/**
 * One line of a log, safe for a CI runner to read: control characters (line breaks included) are
 * escaped as `\n` or `\u001b`, so a title or file name cannot start a line of its own, and `##[`
 * and a leading `::` are broken up, so nothing from a post reads as a GitHub Actions workflow
 * command (`::error::…`, `::add-mask::…`, the older `##[command]…` anywhere in a line).
 */
export function logLine(text: string): string {
  const escaped = text.replace(CONTROL, (match) => ESCAPES[match] ?? `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}`);
  // The runner trims a line before looking for `::`; a message line starts with a file name.
  return /^\s*::/u.test(escaped) ? `./${escaped}` : escaped;
}

/**
 * The report's lines: a warning or note that more than `foldAfter` posts share (same field, same
 * message) is printed once, where it first occurs, with how many posts have it and a few more
 * places, so that 1,000 posts with one foreign field make one line, not 1,000. Errors are all printed.
 */
export function formatFolded(diagnostics: readonly Diagnostic[], foldAfter = 3): string[] {
  const keyOf = (d: Diagnostic) => `${d.severity}\0${d.field ?? ""}\0${d.message}`;
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity === "error") continue;
    const group = groups.get(keyOf(d));
    if (group) group.push(d);
    else groups.set(keyOf(d), [d]);
  }
  const lines: string[] = [];
  for (const d of diagnostics) {
    const group = d.severity === "error" ? undefined : groups.get(keyOf(d));
    if (!group || group.length <= foldAfter) {
      lines.push(formatDiagnostic(d));
    } else if (group[0] === d) {
      const posts = new Set(group.map((g) => g.file)).size;
      const more = group.slice(1, 3).map((g) => (g.line === undefined ? g.file : `${g.file}:${g.line}`));
      // The other places are file names too: escaped like every log line.
      lines.push(logLine(`${formatDiagnostic(d)} [the same in ${posts.toLocaleString("en-US")} posts, e.g. ${more.join(", ")}]`));
    }
  }
  return lines;
}

/** Locale-independent string order (localeCompare would depend on the host's ICU and locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
