import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Libraries whose version changes what a build writes. */
const OUTPUT_LIBRARIES = ["feed", "js-yaml", "markdown-it", "sanitize-html", "zod", "@date-fns/tz"];

/** This module's file: src/common/version.ts, dist/src/common/version.js, or inside a bundle (dist/scripts/build.js). */
const self = fileURLToPath(import.meta.url);

/** feedwright's own version, from the nearest package.json above the running code. */
export function ownVersion(): string {
  let dir = path.dirname(self);
  while (!existsSync(path.join(dir, "package.json")) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

let versions: string | undefined;
/** feedwright's version and code, Node's version and the output libraries' versions: what the build cache and the config memo are keyed by. */
export function toolVersions(): string {
  if (versions) return versions;
  const require = createRequire(import.meta.url);
  const found = OUTPUT_LIBRARIES.map((name) => {
    try {
      let dir = path.dirname(require.resolve(name));
      // Walk up from the entry point to the package's own package.json.
      while (!dir.endsWith(path.join("node_modules", name)) && dir !== path.dirname(dir)) dir = path.dirname(dir);
      return `${name}@${(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version}`;
    } catch {
      return `${name}@?`;
    }
  });
  versions = [`feedwright@${ownVersion()}+${ownCode()}`, `node@${process.versions.node}`, ...found].join(" ");
  return versions;
}

/**
 * A hash of the code that runs, so that changed code without a version bump never trusts the old
 * code's cache: the bundles beside this one when bundled, else every module of the source tree.
 */
export function ownCode(): string {
  try {
    const files = codeFiles();
    const digest = createHash("sha256");
    for (const file of files) digest.update(`${path.relative(path.dirname(self), file)}\0`).update(readFileSync(file));
    return digest.digest("hex").slice(0, 16);
  } catch {
    return "?";
  }
}

/** The files of the running code, sorted: `*.js` beside the bundle, or the tree of src/ (two folders above this module when not bundled). */
export function codeFiles(): string[] {
  const bundled = !/^version\.[cm]?[jt]s$/.test(path.basename(self));
  const extension = path.extname(self);
  const files: string[] = [];
  const walk = (dir: string, deep: boolean) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && deep) walk(full, deep);
      else if (entry.isFile() && entry.name.endsWith(extension)) files.push(full);
    }
  };
  walk(bundled ? path.dirname(self) : path.resolve(path.dirname(self), ".."), !bundled);
  return files.sort();
}
