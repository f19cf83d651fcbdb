// @ts-check
/**
 * The self-check's cost in one process (docs/performance.md, "The self-check"): each variant of
 * src/check/check.ts is bundled, then each run is a fresh process that checks rss.xml, atom.xml
 * and feed.json of an output folder once cold and three times warm, the bytes in 1 MB chunks
 * reused from file to file as the build's encoder hands them over. Variants alternate, run by
 * run; the medians are printed. CPU is the process's (all threads: the JIT's and the
 * collector's helpers too).
 *
 *   git archive <commit> src | tar -x -C .scratch/before
 *   node scripts/bench/check-cold.mjs .bench/real-1000/out-all 7 .scratch/before/src/check/check.ts:before src/check/check.ts:now
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const FILES = ["rss.xml", "atom.xml", "feed.json"];
const CHUNK = 1 << 20;

if (process.argv[2] === "--child") {
  const [bundle, dir] = process.argv.slice(3);
  const { checkFeed } = await import(pathToFileURL(path.resolve(/** @type {string} */ (bundle))).href);
  /** @type {Uint8Array[]} */
  const pool = [];
  /** @param {Buffer} bytes */
  const chunked = (bytes) => {
    const chunks = [];
    for (let at = 0, i = 0; at < bytes.length; at += CHUNK, i++) {
      const chunk = (pool[i] ??= new Uint8Array(CHUNK));
      const n = Math.min(CHUNK, bytes.length - at);
      chunk.set(bytes.subarray(at, at + n));
      chunks.push(chunk.subarray(0, n));
    }
    return chunks;
  };
  const files = FILES.map((name) => ({ name, bytes: readFileSync(path.join(/** @type {string} */ (dir), name)) }));
  for (const file of files) chunked(file.bytes);
  /** @type {Record<string, number>} */
  const out = {};
  const timed = (/** @type {{ name: string, bytes: Buffer }} */ file) => {
    const chunks = chunked(file.bytes);
    const cpu = process.cpuUsage();
    const result = checkFeed(chunks, file.name);
    const spent = process.cpuUsage(cpu);
    if (result.violations > 0) throw new Error(`${file.name}: ${JSON.stringify(result.diagnostics.slice(0, 2))}`);
    return (spent.user + spent.system) / 1000;
  };
  for (const file of files) out[`${file.name} cold`] = timed(file);
  out["cold, all three"] = FILES.reduce((sum, name) => sum + out[`${name} cold`], 0);
  for (let run = 0; run < 2; run++) for (const file of files) timed(file);
  out["warm, all three"] = files.reduce((sum, file) => sum + timed(file), 0);
  console.log(JSON.stringify(out));
} else {
  const { build } = await import("esbuild");
  const [dir, runs = "5", ...variants] = process.argv.slice(2);
  if (!dir || variants.length === 0) throw new Error("usage: node scripts/bench/check-cold.mjs <output folder> <runs> <check.ts>:<label>…");
  const bundles = [];
  for (const variant of variants) {
    const [entry, label] = variant.split(":");
    const outfile = path.join(".scratch", `check-cold-${label}.mjs`);
    await build({ entryPoints: [/** @type {string} */ (entry)], bundle: true, platform: "node", format: "esm", outfile, logLevel: "warning" });
    bundles.push({ label, outfile, rows: /** @type {Record<string, number>[]} */ ([]) });
  }
  for (let run = 0; run < Number(runs); run++) {
    for (const bundle of bundles) {
      const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--child", bundle.outfile, dir], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(child.stderr);
      bundle.rows.push(JSON.parse(child.stdout));
    }
  }
  const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  for (const bundle of bundles) {
    const keys = Object.keys(bundle.rows[0] ?? {});
    console.log(`${bundle.label}: ${keys.map((key) => `${key} ${median(bundle.rows.map((row) => row[key] ?? NaN)).toFixed(0)} ms`).join(", ")}`);
  }
}
