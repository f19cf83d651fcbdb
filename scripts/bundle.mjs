// @ts-check
/**
 * Bundles the command line (scripts/build.ts) and its worker thread (src/parallel/worker.ts)
 * straight from the TypeScript sources into dist/scripts/build.js and dist/scripts/worker.js.
 * npm runs it at install (`prepare`); `npm run build` (scripts/run-build.mjs) runs it again only
 * when a file the bundle was made of has changed. It strips types and does not check them: that
 * is `npm run typecheck`'s job (and .ci/run's). Plain JavaScript, because it runs before anything
 * is compiled.
 *
 * Why a bundle: Node 20 loads ES modules one file at a time, and the CLI with zod and date-fns is
 * some 200 files. Only the libraries loaded on first use (src/common/lazy.ts: markdown-it,
 * sanitize-html, yaml, acorn, smol-toml, fast-xml-parser) stay outside, required at run time from node_modules. The
 * worker lands beside the CLI, where src/parallel/pool.ts looks for it (`./worker.js`), and both
 * sit below package.json, where src/common/version.ts looks for it (and hashes both for the
 * cache key).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = "dist/scripts";
const RECORD = `${OUT}/bundle-inputs.json`;
/** npm rewrites this file on every install: when it changed, bundled libraries may have too. */
const INSTALLED = "node_modules/.package-lock.json";

/** The bundled command line, for `import()`. */
export const bundleUrl = (root = ROOT) => pathToFileURL(path.join(root, OUT, "build.js")).href;

/** Size and mtime: what tells that a file changed, without reading it. */
function signature(root, file) {
  try {
    const stats = statSync(path.join(root, file));
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** True when the bundle exists and every file it was made of is as it was then (a few dozen stat calls). */
export function bundleIsCurrent(root = ROOT) {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(path.join(root, RECORD), "utf8"));
  } catch {
    return false;
  }
  return Object.entries(recorded.files).every(([file, seen]) => signature(root, file) === seen);
}

/** Each file is written beside its place and renamed over it: a build running meanwhile loads the old bundle or the new, never half of one. */
function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

export async function bundle(root = ROOT) {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: { build: "scripts/build.ts", worker: "src/parallel/worker.ts" },
    outdir: OUT,
    write: false,
    metafile: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS libraries inside an ES module bundle still call require() for Node's own modules.
    banner: { js: 'import { createRequire as __feedwrightRequire } from "node:module"; const require = __feedwrightRequire(import.meta.url);' },
    // gray-matter requires js-yaml 3 for its default YAML engine, which the build replaces
    // (src/parse/matter.ts): the js-yaml 4 already bundled stands in, instead of a second copy to load.
    alias: { "js-yaml": path.join(root, "node_modules/js-yaml") },
    logLevel: "warning",
  });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  // Libraries are covered by INSTALLED (their files keep the mtimes of their tarballs).
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.split("/").includes("node_modules"));
  const files = [...sources, "scripts/bundle.mjs", INSTALLED, ...result.outputFiles.map((output) => path.relative(root, output.path).split(path.sep).join("/"))];
  writeAtomically(path.join(root, RECORD), JSON.stringify({ files: Object.fromEntries(files.map((file) => [file, signature(root, file)])) }, null, 1) + "\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await bundle();
