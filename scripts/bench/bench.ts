/**
 * `npm run bench`: the speed and memory targets of issue 5, measured on a generated archive.
 *
 *   npm run bench                  1,000 and 10,000 posts, 5 runs per scenario
 *   npm run bench -- --full        also 100,000 posts (3 runs; takes a few minutes)
 *   npm run bench -- --runs 9      more runs per scenario
 *
 * Also: one post with 10,000 and 40,000 (with --full 100,000) unknown frontmatter keys, whose
 * time must grow linearly with the keys (the ratio column is to 10,000 keys).
 *
 * Every scenario runs as its own process (`node dist/scripts/build.js …`), several times; the
 * table shows the median wall time, the peak memory the child reports for itself (maxRSS from
 * its resource usage), and the ratio to the straightforward script (scripts/bench/baseline.ts)
 * measured in the same run on the same corpus.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeCorpus } from "./corpus.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const BUILD = path.join(root, "dist/scripts/build.js");
const BASELINE = path.join(root, "dist/scripts/bench/baseline.js");
const RUSAGE = path.join(root, "scripts/bench/rusage.mjs");
const NOW = "2026-01-01T00:00:00Z";
const CORPUS_VERSION = "1";

const { values: args } = parseArgs({ options: { full: { type: "boolean", default: false }, runs: { type: "string", default: "5" } } });
const runs = Number(args.runs);

interface Measurement {
  wallMs: number;
  peakMb: number;
}

interface Scenario {
  name: string;
  posts: number;
  /** What the issue asks: wall seconds and peak MB, and (optionally) the most of the baseline's time. */
  target?: { seconds: number; mb?: number; ratio?: number };
  baselineOf?: string;
  runs: number;
  /** Before each run (not timed). */
  prepare?: (run: number) => Promise<void>;
  command: string[];
  cwd: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(command: string[], cwd: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", RUSAGE, ...command], { cwd, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    let usage = "";
    let stderr = "";
    child.stdio[3]!.on("data", (chunk: Buffer) => (usage += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}`));
      const { maxRSS } = JSON.parse(usage) as { maxRSS: number };
      resolve({ wallMs, peakMb: maxRSS / 1024 });
    });
  });
}

async function corpus(count: number): Promise<string> {
  const dir = path.join(root, ".bench", `corpus-${count}`);
  const marker = path.join(dir, ".corpus");
  const stamp = `${CORPUS_VERSION} ${count} ${NOW}`;
  if (!existsSync(marker) || (await readFile(marker, "utf8")) !== stamp) {
    process.stderr.write(`generating ${count} posts in ${path.relative(process.cwd(), dir)} …\n`);
    await writeCorpus(dir, { count, now: new Date(NOW) });
    await writeFile(marker, stamp);
  }
  const config = (limit: number, cacheDir: string, outDir: string) =>
    JSON.stringify({ title: "Bench", siteUrl: "https://example.org/", language: "de", timezone: "Europe/Berlin", limit, cacheDir, outDir });
  await writeFile(path.join(dir, "latest.config.json"), config(20, ".cache-latest", "out-latest"));
  await writeFile(path.join(dir, "all.config.json"), config(0, ".cache-all", "out-all"));
  return dir;
}

function scenarios(count: number, dir: string): Scenario[] {
  const build = (config: string, ...extra: string[]) => [BUILD, "--config", config, "--now", NOW, ...extra];
  const dropCache = (name: string) => async () => rm(path.join(dir, name), { recursive: true, force: true });
  const changed = path.join(dir, "posts", "2015", "beitrag-000000.md");
  const list: Scenario[] = [
    { name: "baseline, latest 20", posts: count, runs, command: [BASELINE, "posts", "out-baseline", "20"], cwd: dir },
    {
      name: "cold, latest 20", posts: count, runs, cwd: dir, baselineOf: "baseline, latest 20",
      target: count === 10_000 ? { seconds: 1.0, mb: 200, ratio: 0.2 } : count === 100_000 ? { seconds: 8, mb: 500 } : undefined,
      prepare: dropCache(".cache-latest"), command: build("latest.config.json"),
    },
    {
      name: "warm, nothing changed", posts: count, runs, cwd: dir, baselineOf: "baseline, latest 20",
      target: count === 10_000 ? { seconds: 0.3 } : undefined, command: build("latest.config.json"),
    },
    {
      name: "warm, one post changed", posts: count, runs, cwd: dir, baselineOf: "baseline, latest 20",
      target: count === 10_000 ? { seconds: 0.4 } : undefined,
      prepare: async (run) => appendFile(changed, `\nGeändert in Lauf ${run}.\n`),
      command: build("latest.config.json"),
    },
    { name: "baseline, all items", posts: count, runs, command: [BASELINE, "posts", "out-baseline-all", "0"], cwd: dir },
    {
      name: "cold, all items", posts: count, runs, cwd: dir, baselineOf: "baseline, all items",
      target: count === 10_000 ? { seconds: 4, mb: 600 } : undefined,
      prepare: dropCache(".cache-all"), command: build("all.config.json"),
    },
  ];
  // At 100,000 posts only the target scenario: the baseline would need minutes and gigabytes per run.
  return count === 100_000 ? list.filter((s) => s.name === "cold, latest 20").map((s) => ({ ...s, runs: Math.min(runs, 3), baselineOf: undefined })) : list;
}

const sizes = [1_000, 10_000, ...(args.full ? [100_000] : [])];
const rows: string[][] = [];
for (const count of sizes) {
  const dir = await corpus(count);
  await mkdir(path.join(dir, "out-baseline"), { recursive: true });
  const medians = new Map<string, Measurement>();
  for (const scenario of scenarios(count, dir)) {
    // One untimed run first: primes the cache for the warm scenarios and the file-system cache for all.
    await scenario.prepare?.(-1);
    await measure(scenario.command, scenario.cwd);
    const results: Measurement[] = [];
    for (let run = 0; run < scenario.runs; run++) {
      await scenario.prepare?.(run);
      results.push(await measure(scenario.command, scenario.cwd));
    }
    const m = { wallMs: median(results.map((r) => r.wallMs)), peakMb: median(results.map((r) => r.peakMb)) };
    medians.set(scenario.name, m);
    const base = scenario.baselineOf ? medians.get(scenario.baselineOf) : undefined;
    const ratio = base ? m.wallMs / base.wallMs : undefined;
    const t = scenario.target;
    const verdict = !t
      ? ""
      : [
          m.wallMs / 1000 <= t.seconds ? `≤ ${t.seconds} s met` : `≤ ${t.seconds} s MISSED`,
          t.mb === undefined ? "" : m.peakMb <= t.mb ? `≤ ${t.mb} MB met` : `≤ ${t.mb} MB MISSED`,
          t.ratio === undefined || ratio === undefined ? "" : ratio <= t.ratio ? `≤ ${t.ratio}× met` : `≤ ${t.ratio}× MISSED`,
        ].filter(Boolean).join(", ");
    const row = [count.toLocaleString("en-US"), scenario.name, `${(m.wallMs / 1000).toFixed(3)} s`, `${m.peakMb.toFixed(0)} MB`, ratio === undefined ? "" : `${ratio.toFixed(2)}×`, verdict];
    rows.push(row);
    process.stderr.write(`${row.join(" | ")}\n`);
  }
}

// One post with many unknown frontmatter keys (issue 11): the time must grow linearly with the
// keys, so each row's ratio is to the smallest size, and linear means about the ratio of sizes.
const strayCounts = [10_000, 40_000, ...(args.full ? [100_000] : [])];
let strayBase: Measurement | undefined;
for (const keys of strayCounts) {
  const dir = path.join(root, ".bench", `stray-${keys}`);
  await mkdir(path.join(dir, "posts"), { recursive: true });
  const lines = Array.from({ length: keys }, (_, i) => `stray${i}: value ${i}`).join("\n");
  await writeFile(path.join(dir, "posts", "stray.md"), `---\ntitle: Stray keys\ndate: 2025-01-01\n${lines}\n---\nBody\n`);
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Bench", siteUrl: "https://example.org/" }));
  const command = [BUILD, "--now", NOW, "--no-cache"];
  await measure(command, dir);
  const results: Measurement[] = [];
  for (let run = 0; run < runs; run++) results.push(await measure(command, dir));
  const m = { wallMs: median(results.map((r) => r.wallMs)), peakMb: median(results.map((r) => r.peakMb)) };
  strayBase ??= m;
  const scale = keys / strayCounts[0]!;
  const ratio = m.wallMs / strayBase.wallMs;
  // Linear with a fixed start-up cost stays under the ratio of sizes; quadratic would be its square.
  const verdict = keys === strayCounts[0] ? "" : ratio <= scale * 1.25 ? `≤ ${(scale * 1.25).toFixed(1)}× (linear) met` : `≤ ${(scale * 1.25).toFixed(1)}× (linear) MISSED`;
  const row = ["1", `one post, ${keys.toLocaleString("en-US")} unknown keys`, `${(m.wallMs / 1000).toFixed(3)} s`, `${m.peakMb.toFixed(0)} MB`, keys === strayCounts[0] ? "" : `${ratio.toFixed(2)}× of ${strayCounts[0]!.toLocaleString("en-US")}`, verdict];
  rows.push(row);
  process.stderr.write(`${row.join(" | ")}\n`);
}

const header = ["posts", "scenario", "median wall", "peak memory", "vs baseline", "target"];
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`\nfeedwright benchmark: ${runs} runs per scenario (median), Node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
