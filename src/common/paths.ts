import path from "node:path";

/** Paths as messages show them: relative to the working directory. */
export function displayPaths(cwd: string): (absolute: string) => string {
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  // Called once per post: a prefix cut is much cheaper than path.relative.
  return (absolute) => (absolute.startsWith(prefix) ? absolute.slice(prefix.length) : path.relative(cwd, absolute) || ".");
}
