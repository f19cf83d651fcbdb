/**
 * The self-check's cost (docs/performance.md#the-self-check): cold builds (no cache) of generated
 * archives, this checkout's bundle against another checkout's (the code before the check),
 * alternating, median of the runs; and the build's own `check` timing.
 *
 *   git archive <commit before> | tar -x -C .scratch/before && ln -s "$PWD/node_modules" .scratch/before/
 *   (cd .scratch/before && node scripts/bundle.mjs) && node scripts/bundle.mjs
 *   nice npx tsx scripts/bench/self-check.ts .scratch/before 5
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCorpus } from "./corpus.js";

const NOW = "2026-01-01T00:00:00Z";
const root = process.cwd();
const before = path.resolve(process.argv[2] ?? ".scratch/before");
const runs = Number(process.argv[3] ?? 5);

async function corpus(count: number, limit: number): Promise<string> {
  const dir = path.join(root, ".scratch", `corpus-${count}`);
  if (!existsSync(path.join(dir, "posts"))) await writeCorpus(dir, { count, now: new Date(NOW) });
  const config = path.join(dir, `l${limit}.config.json`);
  await writeFile(config, JSON.stringify({ title: "Bench", siteUrl: "https://example.org/", language: "en", timezone: "Europe/Berlin", limit, outDir: `out-${limit}` }));
  return config;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [count, limit] of [[10000, 20], [1000, 0]] as const) {
  const config = await corpus(count, limit);
  const rows = { before: { wall: [] as number[], check: [] as number[] }, after: { wall: [] as number[], check: [] as number[] } };
  for (let run = 0; run < runs; run++) {
    for (const [name, cli] of [["before", path.join(before, "dist/scripts/build.js")], ["after", "dist/scripts/build.js"]] as const) {
      const start = performance.now();
      const out = spawnSync("node", [cli, "--config", config, "--now", NOW, "--no-cache", "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
      const wall = performance.now() - start;
      if (out.status !== 0) throw new Error(out.stderr + out.stdout.slice(0, 2000));
      rows[name].wall.push(wall);
      rows[name].check.push((JSON.parse(out.stdout) as { timings?: { check?: number } }).timings?.check ?? 0);
    }
  }
  const [b, a, c] = [median(rows.before.wall), median(rows.after.wall), median(rows.after.check)];
  console.log(`${count} posts, limit ${limit}: before ${b.toFixed(0)} ms, after ${a.toFixed(0)} ms (${(((a - b) / b) * 100).toFixed(1)} %); check ${c} ms, ${((c / a) * 100).toFixed(1)} % of the build`);
  console.log(`  walls before ${rows.before.wall.map(Math.round).join(", ")}; after ${rows.after.wall.map(Math.round).join(", ")}; check ${rows.after.check.join(", ")}`);
}
