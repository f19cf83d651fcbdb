/**
 * Second step of `npm run compile`, after tsc: bundles the compiled command line
 * (dist/scripts/build.js) and its worker thread (dist/scripts/worker.js) into one file each.
 *
 * Why: Node 20 loads ES modules one file at a time, and the CLI with zod and date-fns is some
 * 200 files; as two bundles a build starts sooner (docs/performance.md). Only the
 * libraries loaded on first use (src/common/lazy.ts: markdown-it, sanitize-html, yaml,
 * fast-xml-parser) stay outside, required at run time from node_modules. The worker lands beside
 * the CLI, where src/parallel/pool.ts looks for it (`./worker.js`); src/common/version.ts finds
 * package.json above them, and hashes both bundles for the cache key.
 * tests/build/bundle.test.ts builds with the bundles and compares their output with the sources'.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "dist");

await build({
  entryPoints: { build: path.join(dist, "scripts/build.js"), worker: path.join(dist, "src/parallel/worker.js") },
  outdir: path.join(dist, "scripts"),
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS libraries inside an ES module bundle still call require() for Node's own modules.
  banner: { js: 'import { createRequire as __feedwrightRequire } from "node:module"; const require = __feedwrightRequire(import.meta.url);' },
  logLevel: "warning",
});
