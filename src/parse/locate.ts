import type { Diagnostic } from "../common/diagnostics.js";
import type { PostEntry, SourceFile } from "../model/post.js";

/**
 * Lines and columns for the diagnostics that checks after parsing find with a field but no place
 * (the select stage's: a missing static file, a repeated id or slug). Finding a place parses the
 * frontmatter again with source positions, too costly to do for every post in case it fails; so
 * it is done here, only for the few posts that have such a problem. A post that is not there to
 * read, changed since it was parsed, or does not write the field keeps its message without a line.
 * The parser is loaded only then: a build without such a problem (a warm one: every post from the
 * cache) never loads the frontmatter parser and its schema (docs/performance.md).
 */
export async function placeFields(diagnostics: readonly Diagnostic[], posts: readonly PostEntry[], read: (file: string) => SourceFile | undefined): Promise<Diagnostic[]> {
  const unplaced = diagnostics.filter((d) => d.field !== undefined && d.line === undefined);
  if (unplaced.length === 0) return [...diagnostics];
  const [{ readFrontmatter }, { decodeSource, sourceHashOf }] = await Promise.all([import("./matter.js"), import("./post.js")]);
  /** A locator of written fields' values, or undefined when the file is not the one parsed. */
  const frontmatterOf = (source: SourceFile | undefined, hash: string) => {
    if (!source || sourceHashOf(source.bytes) !== hash) return undefined;
    const decoded = decodeSource(source, true);
    if (!decoded.ok) return undefined;
    const frontmatter = readFrontmatter(decoded.value);
    if (!frontmatter.ok) return undefined;
    const { loaded } = frontmatter.value;
    return (path: string[]) => (written(loaded.value, path) ? loaded.locate(path, "value") : undefined);
  };
  const byFile = new Map(posts.map((post) => [post.file, post]));
  const frontmatters = new Map<string, ReturnType<typeof frontmatterOf>>();
  return diagnostics.map((d) => {
    const post = byFile.get(d.file);
    if (d.field === undefined || d.line !== undefined || !post) return d;
    if (!frontmatters.has(d.file)) frontmatters.set(d.file, frontmatterOf(read(d.file), post.sourceHash));
    const where = frontmatters.get(d.file)?.(d.field.split("."));
    return where ? { ...d, line: where.line, column: where.column } : d;
  });
}

/** Whether the frontmatter writes the whole path (a derived slug or id has no line). */
function written(value: unknown, path: readonly string[]): boolean {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
