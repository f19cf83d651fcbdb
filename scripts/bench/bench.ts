/**
 * `npm run bench`: what users run, timed, beside Hugo on the same posts in the same run.
 *
 *   npm run bench                  synthetic 1,000 and 10,000 posts, real-shaped 1,000; 5 runs each
 *   npm run bench -- --full        also 100,000 synthetic posts, a single 60 MB post, and 100,000 and 1,000,000 tiny posts
 *   npm run bench -- --runs 3      fewer (or more) runs per scenario
 *   npm run bench -- --only <re>   only the scenarios whose "corpus: name" matches, e.g. "^synthetic 1,000: .*pages"
 *
 * Also: one post with 10,000 and 40,000 (with --full 100,000) unknown frontmatter keys, whose
 * time must grow linearly with the keys (run with the bundle directly, without npm's start-up).
 *
 * Each feedwright row runs the README's command, `npm run build -- --config …`, from the
 * repository as a user does after `npm ci` (the bundle is made first, untimed, as `npm ci` makes
 * it): "cold" with no cache folder, "warm" with the previous build's. The feeds-only rows use
 * `publish: "beside"` (no page written), the "feeds with pages" rows `publish: "site"` (a page per
 * post). Hugo (Debian's `hugo` package) builds the same posts: RSS only beside the feeds-only
 * rows, the whole site (HTML pages and RSS) beside the rows with pages and the real-shaped
 * corpus; without `hugo` on the PATH its rows are skipped and the ratios to it say so. Rows show the median wall time, the build process's peak memory (its own
 * maxRSS), and each target of issue 15 with met or MISSED; the rows run with `--json` (a report on
 * stdout, which the bench reads) also show the self-check's share of the build (issue 14). Only ratios within one run are
 * comparable: the machine may be busy.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { bundle, bundleIsCurrent } from "../bundle.mjs";
import { writeCorpus, writeRealCorpus, writeTinyCorpus } from "./corpus.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const RUSAGE = pathToFileURL(path.join(here, "rusage.mjs")).href;
const NOW = "2026-01-01T00:00:00Z";
const CORPUS_VERSION = "2";

const { values: args } = parseArgs({ options: { full: { type: "boolean", default: false }, runs: { type: "string", default: "5" }, only: { type: "string" }, help: { type: "boolean", short: "h", default: false } } });
if (args.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]!.replace(/^\/\*\*\n?|^ \* ?/gm, ""));
  process.exit(0);
}
const runs = Number(args.runs);

interface Measurement {
  wallMs: number;
  /** The self-check's share of the build (its `check` timing over the wall), for a row run with --json. */
  checkShare?: number;
  /** Peak resident memory of the build process itself (not npm's), when it could be measured. */
  peakMb?: number;
}

/** A target: a figure of this row against a limit (a ratio to another row, or MB). */
interface Target {
  label: string;
  /** A figure shown for reading the others, not a target: printed without met or missed. */
  info?: boolean;
  check: (m: Measurement, rows: Map<string, Measurement>) => { value: number; limit: number; unit: "×" | "MB" | "%" } | undefined;
}

interface Scenario {
  id: string;
  corpus: string;
  name: string;
  tool: "feedwright" | "hugo";
  /** Run with --json, to read the report's timings (the self-check's share). */
  report?: boolean;
  /** Before each run (not timed). */
  prepare?: (run: number) => Promise<void>;
  command: string[];
  cwd: string;
  targets?: Target[];
  runs?: number;
  /** The corpus folder it builds, generated before its first run (ensureCorpus). */
  corpusDir?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The user's environment, without what a parent npm (`npm run bench`) exports to its scripts. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

async function measure(scenario: Scenario): Promise<Measurement> {
  const usage = path.join(os.tmpdir(), `feedwright-bench-usage-${process.pid}.jsonl`);
  await rm(usage, { force: true });
  const env =
    scenario.tool === "feedwright"
      ? { ...userEnv, NODE_OPTIONS: `${userEnv.NODE_OPTIONS ?? ""} --import=${RUSAGE}`.trim(), FEEDWRIGHT_BENCH_USAGE: usage }
      : userEnv;
  // GNU time reports Hugo's peak memory; for feedwright the build process reports its own (rusage.mjs).
  const command = scenario.report ? [...scenario.command, "--json"] : scenario.command;
  const timed = scenario.tool === "hugo" && existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "maxrss-kb %M", ...command] : command;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(timed[0]!, timed.slice(1), { cwd: scenario.cwd, env, stdio: ["ignore", scenario.report ? "pipe" : "ignore", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${scenario.command.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}`));
      let peakKb: number | undefined;
      if (scenario.tool === "hugo") peakKb = Number(/maxrss-kb (\d+)/.exec(stderr)?.[1]) || undefined;
      else if (existsSync(usage)) {
        const reports = readFileSync(usage, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { script: string; maxRSS: number });
        peakKb = Math.max(...reports.map((report) => report.maxRSS));
      }
      const checkMs = scenario.report ? (JSON.parse(stdout) as { timings?: { check?: number } }).timings?.check : undefined;
      resolve({ wallMs, peakMb: peakKb === undefined ? undefined : peakKb / 1024, ...(checkMs === undefined ? {} : { checkShare: checkMs / wallMs }) });
    });
  });
}

const hugoVersion = (() => {
  const probe = spawnSync("hugo", ["version"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
})();

/** How each corpus folder is made, run only before the first chosen scenario that needs it (`--only` generates nothing else). */
const generators = new Map<string, () => Promise<void>>();

/** A corpus folder: generated once per version and size (then configured), and reused while the stamp matches. */
function corpusDir(name: string, write: (dir: string) => Promise<void>): string {
  const dir = path.join(root, ".bench", name);
  generators.set(dir, async () => {
    const marker = path.join(dir, ".corpus");
    const stamp = `${CORPUS_VERSION} ${name} ${NOW}`;
    if (!existsSync(marker) || (await readFile(marker, "utf8")) !== stamp) {
      process.stderr.write(`generating ${name} in ${path.relative(process.cwd(), dir)} …\n`);
      await write(dir);
      await writeFile(marker, stamp);
    }
    await configure(dir);
  });
  return dir;
}

/** Generates the corpus folder of a scenario, if it has one not made yet in this run. */
async function ensureCorpus(dir: string | undefined): Promise<void> {
  const generate = dir === undefined ? undefined : generators.get(dir);
  if (!generate) return;
  generators.delete(dir!);
  await generate();
}

/** feedwright's and Hugo's configurations for a corpus folder (posts/ inside). */
async function configure(dir: string): Promise<void> {
  // "beside": feeds only (and their stylesheet and snippet), no page, as Hugo's RSS-only build;
  // "site": a page per post besides the feeds, as Hugo's site build.
  const config = (limit: number, name: string, publish: "beside" | "site" = "beside") =>
    JSON.stringify({ title: "Bench", siteUrl: "https://bench.test/", language: "en", timezone: "Europe/Berlin", limit, publish, cacheDir: `.cache-${name}`, outDir: `out-${name}` });
  await writeFile(path.join(dir, "latest.config.json"), config(20, "latest"));
  await writeFile(path.join(dir, "all.config.json"), config(0, "all"));
  await writeFile(path.join(dir, "pages.config.json"), config(20, "pages", "site"));
  await writeFile(path.join(dir, "site-all.config.json"), config(0, "site-all", "site"));
  const hugo = (outputs: string, limit: number, pagesRendered: boolean) =>
    [
      'baseURL = "https://example.org/"',
      'title = "Bench"',
      'contentDir = "posts"',
      'disableKinds = ["section", "taxonomy", "term", "sitemap", "robotsTXT", "404"]',
      "[outputs]",
      `home = [${outputs}]`,
      "[services.rss]",
      `limit = ${limit}`,
      "[markup.goldmark.renderer]",
      "unsafe = true",
      // RSS only: pages get a link for the feed but no HTML file of their own.
      ...(pagesRendered ? [] : ["[[cascade]]", "[cascade._build]", 'render = "link"', "[cascade._target]", 'kind = "page"']),
      "",
    ].join("\n");
  await writeFile(path.join(dir, "hugo-rss.toml"), hugo('"RSS"', 20, false));
  await writeFile(path.join(dir, "hugo-site.toml"), hugo('"HTML", "RSS"', -1, true));
  await writeFile(path.join(dir, "hugo-pages.toml"), hugo('"HTML", "RSS"', 20, true));
  await mkdir(path.join(dir, "layouts/_default"), { recursive: true });
  await writeFile(
    path.join(dir, "layouts/_default/single.html"),
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>{{ .Content }}</article></body></html>\n',
  );
  await writeFile(
    path.join(dir, "layouts/index.html"),
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head><body><ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n',
  );
}

/** Markdown bytes under dir/posts, for the cost per megabyte (once per folder). */
const markdownSizes = new Map<string, number>();
function markdownMb(dir: string): number {
  const known = markdownSizes.get(dir);
  if (known !== undefined) return known;
  const list = spawnSync("find", [path.join(dir, "posts"), "-name", "*.md", "-printf", "%s\n"], { encoding: "utf8" }).stdout;
  const mb = list.split("\n").filter(Boolean).reduce((sum, size) => sum + Number(size), 0) / 1_000_000;
  markdownSizes.set(dir, mb);
  return mb;
}

/** A package whose one script does nothing: `npm run` of it is npm's start and one Node start, what any npm row pays before feedwright runs. */
const NPM_FLOOR = path.join(root, ".bench", "npm-floor");
await mkdir(NPM_FLOOR, { recursive: true });
await writeFile(path.join(NPM_FLOOR, "package.json"), `${JSON.stringify({ name: "npm-floor", private: true, scripts: { nothing: "node -e 0" } }, null, 2)}\n`);

const npmBuild = (dir: string, config: string) => ["npm", "run", "build", "--", "--config", path.join(dir, config), "--now", NOW];
const hugoBuild = (dir: string, config: string, out: string) => ["hugo", "--source", dir, "--config", config, "--destination", out, "--cacheDir", path.join(dir, ".hugo-cache"), "--quiet"];
const drop = (...folders: string[]) => async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
};

/** At most `limit` times the other row's time. */
const timeRatio = (label: string, other: string, limit: number): Target => ({
  label,
  check: (m, rows) => {
    const base = rows.get(other);
    return base ? { value: m.wallMs / base.wallMs, limit, unit: "×" } : undefined;
  },
});
const memory = (limit: number): Target => ({ label: `≤ ${limit} MB`, check: (m) => (m.peakMb === undefined ? undefined : { value: m.peakMb, limit, unit: "MB" }) });
/** Issue 14: the self-check costs at most a tenth of the build (its `check` timing: what it added to the wall). */
const selfCheckShare: Target = { label: "self-check ≤ 10 % of the build", check: (m) => (m.checkShare === undefined ? undefined : { value: m.checkShare * 100, limit: 10, unit: "%" }) };

/** Synthetic corpus: the README's command cold, warm and with one post changed; Hugo RSS only. */
function synthetic(count: number, dir: string): Scenario[] {
  const corpus = `synthetic ${count.toLocaleString("en-US")}`;
  const id = (name: string) => `${count}:${name}`;
  const changed = path.join(dir, "posts", "2015", "beitrag-000000.md");
  const list: Scenario[] = [
    { id: id("hugo"), corpus, name: "Hugo, RSS only, latest 20", tool: "hugo", command: hugoBuild(dir, "hugo-rss.toml", path.join(dir, "hugo-rss-out")), cwd: dir },
    {
      id: id("cold"), corpus, name: "npm run build, cold, latest 20", tool: "feedwright", cwd: root, prepare: drop(path.join(dir, ".cache-latest")), command: npmBuild(dir, "latest.config.json"),
      report: count === 10_000,
      targets: count === 10_000 ? [timeRatio("≤ 0.6× Hugo", id("hugo"), 0.6), selfCheckShare] : count === 100_000 ? [timeRatio("≤ 8× 10,000 posts", "10000:cold", 8), memory(500)] : [],
    },
    {
      id: id("warm"), corpus, name: "npm run build, warm, nothing changed", tool: "feedwright", cwd: root, command: npmBuild(dir, "latest.config.json"),
      targets: count === 10_000 ? [timeRatio("≤ 0.15× Hugo", id("hugo"), 0.15)] : [],
    },
    // What the warm row is made of: the build itself, and what npm costs before it starts.
    ...(count === 10_000
      ? [
          {
            id: id("warm-node"), corpus, name: "node dist/scripts/build.js, warm, nothing changed (the same build without npm)", tool: "feedwright" as const, cwd: root,
            command: [process.execPath, path.join(root, "dist/scripts/build.js"), ...npmBuild(dir, "latest.config.json").slice(4)],
            targets: [{ ...timeRatio("Hugo", id("hugo"), Infinity), info: true }],
          },
          {
            id: "npm-floor", corpus: "no posts", name: "npm run of a script that does nothing (node -e 0): the floor under every npm run row", tool: "feedwright" as const,
            cwd: NPM_FLOOR, command: ["npm", "run", "nothing"],
            targets: [{ ...timeRatio("Hugo 10,000", id("hugo"), Infinity), info: true }],
          },
        ]
      : []),
    {
      id: id("one"), corpus, name: "npm run build, warm, one post changed", tool: "feedwright", cwd: root, command: npmBuild(dir, "latest.config.json"),
      prepare: async (run) => appendFile(changed, `\nGeändert in Lauf ${run}.\n`),
    },
  ];
  // Feeds with pages: the latest 20 in the feeds and a page for every post, beside Hugo's site build of the same.
  list.push(
    { id: id("hugo-pages"), corpus, name: "Hugo, site (HTML pages + RSS), latest 20", tool: "hugo", command: hugoBuild(dir, "hugo-pages.toml", path.join(dir, "hugo-pages-out")), cwd: dir },
    {
      id: id("pages-cold"), corpus, name: "npm run build, cold, feeds with pages (latest 20, a page per post)", tool: "feedwright", cwd: root,
      prepare: drop(path.join(dir, ".cache-pages"), path.join(dir, "out-pages")), command: npmBuild(dir, "pages.config.json"),
    },
    { id: id("pages-warm"), corpus, name: "npm run build, warm, nothing changed, feeds with pages", tool: "feedwright", cwd: root, command: npmBuild(dir, "pages.config.json") },
  );
  if (count === 1_000) {
    list.push({ id: id("cold-all"), corpus, name: "npm run build, cold, all items", tool: "feedwright", cwd: root, prepare: drop(path.join(dir, ".cache-all")), command: npmBuild(dir, "all.config.json"), report: true, targets: [selfCheckShare] });
  }
  if (count === 100_000) return list.filter((s) => s.id === id("cold")).map((s) => ({ ...s, runs: Math.min(runs, 3) }));
  return list;
}

/** Real-shaped corpus: all items, feeds with pages (issue 15's target row) and feeds only, cold, warm and one post changed; Hugo builds the whole site. */
function realShaped(dir: string, syntheticDir: string): Scenario[] {
  const corpus = "real-shaped 1,000";
  const changed = path.join(dir, "posts", "2018", "post-000000.md");
  return [
    { id: "real:hugo", corpus, name: "Hugo, site (HTML pages + RSS), all items", tool: "hugo", command: hugoBuild(dir, "hugo-site.toml", path.join(dir, "hugo-site-out")), cwd: dir },
    {
      // What Hugo's site build makes: a page per post and the feeds of all items.
      id: "real:pages-cold", corpus, name: "npm run build, cold, feeds with pages (all items, a page per post)", tool: "feedwright", cwd: root,
      prepare: drop(path.join(dir, ".cache-site-all"), path.join(dir, "out-site-all")), command: npmBuild(dir, "site-all.config.json"),
      report: true,
      targets: [timeRatio("≤ 1.0× Hugo site", "real:hugo", 1.0), selfCheckShare],
    },
    {
      id: "real:cold", corpus, name: "npm run build, cold, all items (feeds only)", tool: "feedwright", cwd: root, prepare: drop(path.join(dir, ".cache-all")), command: npmBuild(dir, "all.config.json"),
      report: true,
      targets: [
        selfCheckShare,
        timeRatio("≤ 1.0× Hugo site", "real:hugo", 1.0),
        {
          label: "per MB ≤ 1.5× synthetic's",
          check: (m, rows) => {
            const base = rows.get("1000:cold-all");
            return base ? { value: m.wallMs / markdownMb(dir) / (base.wallMs / markdownMb(syntheticDir)), limit: 1.5, unit: "×" } : undefined;
          },
        },
      ],
    },
    { id: "real:warm", corpus, name: "npm run build, warm, nothing changed", tool: "feedwright", cwd: root, command: npmBuild(dir, "all.config.json") },
    {
      id: "real:one", corpus, name: "npm run build, warm, one post changed", tool: "feedwright", cwd: root, command: npmBuild(dir, "all.config.json"),
      prepare: async (run) => appendFile(changed, `\nChanged in run ${run}.\n`),
    },
  ];
}

/** One post of 60 MB (--full): peak memory against its size. */
function hugePost(dir: string, mb: number): Scenario[] {
  return [
    {
      id: "huge:cold", corpus: `one post of ${mb.toFixed(0)} MB`, name: "npm run build, cold", tool: "feedwright", cwd: root, prepare: drop(path.join(dir, ".cache-all")), command: npmBuild(dir, "all.config.json"),
      runs: Math.min(runs, 3), targets: [memory(Math.round(10 * mb))],
    },
  ];
}

/** Tiny posts (--full): the README's command warm, nothing changed, at 100,000 and 1,000,000 posts. */
function tiny(count: number, dir: string): Scenario[] {
  const corpus = `tiny ${count.toLocaleString("en-US")}`;
  return [
    {
      id: `tiny:${count}`, corpus, name: "npm run build, warm, nothing changed, latest 20", tool: "feedwright", cwd: root, command: npmBuild(dir, "latest.config.json"),
      runs: Math.min(runs, 3),
      targets: count === 1_000_000 ? [timeRatio("≤ 10× 100,000 tiny posts", "tiny:100000", 10), memory(1500)] : [],
    },
  ];
}

/** One post with many unknown frontmatter keys (issue 11): linear means at most about the ratio of key counts. */
async function strayKeys(keys: number, smallest: number): Promise<Scenario> {
  const dir = path.join(root, ".bench", `stray-${keys}`);
  await mkdir(path.join(dir, "posts"), { recursive: true });
  const lines = Array.from({ length: keys }, (_, i) => `stray${i}: value ${i}`).join("\n");
  await writeFile(path.join(dir, "posts", "stray.md"), `---\ntitle: Stray keys\ndate: 2025-01-01\n${lines}\n---\nBody\n`);
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Bench", siteUrl: "https://example.org/" }));
  const scale = keys / smallest;
  return {
    id: `stray:${keys}`, corpus: "one post", name: `${keys.toLocaleString("en-US")} unknown frontmatter keys (node dist/scripts/build.js)`, tool: "feedwright", cwd: dir,
    command: [process.execPath, path.join(root, "dist/scripts/build.js"), "--now", NOW, "--no-cache"],
    targets: keys === smallest ? [] : [timeRatio(`≤ ${(scale * 1.25).toFixed(1)}× ${smallest.toLocaleString("en-US")} keys (linear)`, `stray:${smallest}`, scale * 1.25)],
  };
}

if (!bundleIsCurrent()) await bundle();
process.stderr.write(hugoVersion ? `Hugo: ${hugoVersion}\n` : "Hugo: not installed (Debian: apt-get install hugo); its rows and the ratios to it are skipped\n");

const plan: Scenario[] = [];
/** The scenarios of a corpus folder, each knowing it (ensureCorpus). */
const inCorpus = (dir: string, scenarios: Scenario[]) => scenarios.map((scenario) => ({ ...scenario, corpusDir: dir }));
const sizes = [1_000, 10_000, ...(args.full ? [100_000] : [])];
for (const count of sizes) {
  const dir = corpusDir(`corpus-${count}`, (d) => writeCorpus(d, { count, now: new Date(NOW) }));
  plan.push(...inCorpus(dir, synthetic(count, dir)));
}
const syntheticDir = path.join(root, ".bench", "corpus-1000");
const realDir = corpusDir("real-1000", async (d) => void (await writeRealCorpus(d, { count: 1_000, now: new Date(NOW) })));
plan.push(...inCorpus(realDir, realShaped(realDir, syntheticDir)));
if (args.full) {
  const paragraph = "A paragraph with a [link](https://example.org/page), `inline code` and *emphasis* that goes on for a while.\n\n";
  const repeats = Math.ceil(60_000_000 / paragraph.length);
  const hugeDir = corpusDir("huge-post", async (d) => {
    await rm(d, { recursive: true, force: true });
    await mkdir(path.join(d, "posts"), { recursive: true });
    await writeFile(path.join(d, "posts", "huge.md"), `---\ntitle: Huge\ndate: 2025-01-01T00:00:00Z\n---\n${paragraph.repeat(repeats)}`);
  });
  plan.push(...inCorpus(hugeDir, hugePost(hugeDir, (paragraph.length * repeats) / 1_000_000)));
  for (const count of [100_000, 1_000_000]) {
    const dir = corpusDir(`tiny-${count}`, (d) => writeTinyCorpus(d, { count, now: new Date(NOW) }));
    plan.push(...inCorpus(dir, tiny(count, dir)));
  }
}

const strayCounts = [10_000, 40_000, ...(args.full ? [100_000] : [])];
for (const keys of strayCounts) plan.push(await strayKeys(keys, strayCounts[0]!));

const measured = new Map<string, Measurement>();
const rows: string[][] = [];
const only = args.only === undefined ? undefined : new RegExp(args.only);
const chosen = only ? plan.filter((s) => only.test(`${s.corpus}: ${s.name}`)) : plan;
for (const scenario of chosen) {
  let m: Measurement | undefined;
  if (scenario.tool === "hugo" && !hugoVersion) {
    rows.push([scenario.corpus, scenario.name, "skipped: hugo not installed", "", ""]);
  } else {
    await ensureCorpus(scenario.corpusDir);
    // One untimed run first: primes the cache for the warm scenarios and the file-system cache for all.
    await scenario.prepare?.(-1);
    await measure(scenario);
    const results: Measurement[] = [];
    for (let run = 0; run < (scenario.runs ?? runs); run++) {
      await scenario.prepare?.(run);
      results.push(await measure(scenario));
    }
    const peaks = results.flatMap((r) => (r.peakMb === undefined ? [] : [r.peakMb]));
    const shares = results.flatMap((r) => (r.checkShare === undefined ? [] : [r.checkShare]));
    m = { wallMs: median(results.map((r) => r.wallMs)), peakMb: peaks.length ? median(peaks) : undefined, checkShare: shares.length ? median(shares) : undefined };
    measured.set(scenario.id, m);
  }
  if (m) {
    const verdicts = (scenario.targets ?? []).map((target) => {
      const figure = target.check(m, measured);
      if (!figure) return `${target.label}: not measured (no Hugo or no reference row)`;
      const shown = figure.unit === "MB" ? `${figure.value.toFixed(0)} MB` : figure.unit === "%" ? `${figure.value.toFixed(1)} %` : `${figure.value.toFixed(2)}×`;
      if (target.info) return `${shown} ${target.label} (no target)`;
      return `${target.label}: ${shown} ${figure.value <= figure.limit ? "met" : "MISSED"}`;
    });
    rows.push([scenario.corpus, scenario.name, `${(m.wallMs / 1000).toFixed(3)} s`, m.peakMb === undefined ? "" : `${m.peakMb.toFixed(0)} MB`, verdicts.join("; ") || "no target"]);
  }
  process.stderr.write(`${rows.at(-1)!.join(" | ")}\n`);
}

const header = ["corpus", "scenario", "median wall", "peak memory", "target"];
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`\nfeedwright benchmark: ${runs} runs per scenario (median), Node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)} at the end`);
const sizesMb = [["synthetic 1,000", syntheticDir], ["real-shaped 1,000", realDir]].flatMap(([name, dir]) => (existsSync(path.join(dir!, ".corpus")) ? [`${name} ${markdownMb(dir!).toFixed(1)} MB`] : []));
console.log(`Hugo: ${hugoVersion ?? "not installed (its rows are skipped)"}; Markdown: ${sizesMb.join(", ") || "no corpus measured"}\n`);
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
