/**
 * What maxBytes costs (docs/performance.md#size-limits): cold builds (no cache) of the generated
 * 1,000-post archive with limit 0, without maxBytes, with one that cuts (5,000,000) and with one
 * that cuts nothing (every item sized), alternating, median of the runs; and the build's `fit` timing.
 *
 *   node scripts/bundle.mjs && nice npx tsx scripts/bench/max-bytes.ts 5
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCorpus } from "./corpus.js";

const NOW = "2026-01-01T00:00:00Z";
const runs = Number(process.argv[2] ?? 5);
const dir = path.join(process.cwd(), ".scratch", "corpus-1000");
if (!existsSync(path.join(dir, "posts"))) await writeCorpus(dir, { count: 1000, now: new Date(NOW) });
const variants = { none: undefined, cuts: 5_000_000, "cuts nothing": 1_000_000_000 } as const;
const configs: Record<string, string> = {};
for (const [name, maxBytes] of Object.entries(variants)) {
  configs[name] = path.join(dir, `mb-${name.replace(" ", "-")}.config.json`);
  await writeFile(configs[name]!, JSON.stringify({ title: "Bench", siteUrl: "https://example.org/", language: "en", timezone: "Europe/Berlin", limit: 0, outDir: `out-mb-${name.replace(" ", "-")}`, ...(maxBytes ? { maxBytes } : {}) }));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Record<string, { wall: number[]; fit: number[] }> = Object.fromEntries(Object.keys(variants).map((name) => [name, { wall: [], fit: [] }]));
for (let run = 0; run < runs; run++) {
  for (const name of Object.keys(variants)) {
    const start = performance.now();
    const out = spawnSync("node", ["dist/scripts/build.js", "--config", configs[name]!, "--now", NOW, "--no-cache", "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    const wall = performance.now() - start;
    if (out.status !== 0) throw new Error(out.stderr + out.stdout.slice(0, 2000));
    rows[name]!.wall.push(wall);
    rows[name]!.fit.push((JSON.parse(out.stdout) as { timings?: { fit?: number } }).timings?.fit ?? 0);
  }
}
const base = median(rows.none!.wall);
for (const [name, row] of Object.entries(rows)) {
  const wall = median(row.wall);
  console.log(`maxBytes ${name}: ${wall.toFixed(0)} ms (${(((wall - base) / base) * 100).toFixed(1)} %), fit ${median(row.fit)} ms; walls ${row.wall.map(Math.round).join(", ")}`);
}
