/**
 * `npm run build` runs the bundled command line (scripts/bundle.mjs), not the sources the other
 * tests run. This test bundles as `npm ci` does (`prepare`), then builds a generated archive with
 * the bundle, on two threads so that the bundled worker (dist/scripts/worker.js) is started, and
 * compares every byte with what the sources write on one thread. Then `npm run build` itself:
 * only JSON on stdout with --json, no bundling while the bundle is current, a new bundle when a
 * source changed.
 */
import { execFile } from "node:child_process";
import { cp, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../scripts/bench/corpus.js";
import { bundle, bundleIsCurrent } from "../../scripts/bundle.mjs";
import { MIN_JOBS_PER_THREAD } from "../../src/parallel/pool.js";
import { buildSite, REPO, tempDir } from "../helpers/build.js";

const run = promisify(execFile);
const NOW = "2026-01-01T00:00:00Z";
// With no limit the scan renders as it goes and splits like rendering: this many posts give
// each of two threads its minimum share, so the bundle must start its worker.
const POSTS = 2 * MIN_JOBS_PER_THREAD.render + 100;
let site: string;

beforeAll(async () => {
  await bundle();
  site = await tempDir("feedwright-bundle-");
  // Short bodies (a heading, a list, a link, an image): the worker's start is what is tested, not long posts.
  await writeCorpus(site, { count: POSTS, now: new Date(NOW), bodyBytes: 1200 });
  await writeFile(
    path.join(site, "feedwright.config.json"),
    JSON.stringify({ title: "Bundle", siteUrl: "https://example.org/", timezone: "Europe/Berlin", language: "de", limit: 0 }),
  );
});

describe("the bundled command line", () => {
  it("writes the same bytes as the sources, with its worker thread", async () => {
    const reference = await buildSite(site, NOW, { cache: false, threads: 1 });
    expect(reference.result.ok).toBe(true);

    const outDir = await tempDir("feedwright-bundle-out-");
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO, "dist/scripts/build.js"), "--config", "feedwright.config.json", "--now", NOW, "--out", outDir, "--threads", "2", "--no-cache", "--json"],
      { cwd: site, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as { ok: boolean; counts: { inFeed: number }; work: { rendered: number } };
    expect(report.ok).toBe(true);
    expect(report.counts.inFeed).toBe(reference.result.selection!.items.length);
    expect(report.work.rendered).toBeGreaterThan(2 * MIN_JOBS_PER_THREAD.render - 100);

    const files = reference.result.site!.files;
    for (const name of [files.rss, files.atom, files.json]) {
      expect(await readFile(path.join(outDir, name), "utf8"), name).toBe(await readFile(path.join(reference.outDir, name), "utf8"));
    }
  });

  it("reports the version of package.json, as the sources do", async () => {
    const { stdout } = await run(process.execPath, [path.join(REPO, "dist/scripts/build.js"), "--version"]);
    const { version } = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { version: string };
    expect(stdout).toContain(version);
  });
});

/** The environment of a user's shell: none of the npm_config_* values a parent npm (`npm test`) exports. */
const userEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

describe("npm run build", () => {
  it("with --json prints only the report on stdout (no npm banner)", async () => {
    const out = await tempDir("feedwright-npm-json-");
    const config = path.join(REPO, "tests/fixtures/news/feedwright.config.json");
    const { stdout } = await run("npm", ["run", "build", "--", "--config", config, "--out", out, "--now", NOW, "--no-cache", "--json"], { cwd: REPO, env: userEnv() });
    const report = JSON.parse(stdout) as { ok: boolean; counts: { inFeed: number } };
    expect(report).toMatchObject({ ok: true, counts: { inFeed: 1 } });
    // What .npmrc's loglevel prevents: at npm's usual level the banner comes first on stdout.
    const loud = await run("npm", ["run", "--loglevel=notice", "build", "--", "--version"], { cwd: REPO, env: userEnv() });
    expect(loud.stdout).toMatch(/^\n> feedwright@[^\n]* build\n/);
  });

  it("bundles nothing while the bundle is current", async () => {
    const files = ["build.js", "worker.js", "bundle-inputs.json"].map((name) => path.join(REPO, "dist/scripts", name));
    const before = await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs));
    expect(bundleIsCurrent()).toBe(true);
    const { stdout } = await run("npm", ["run", "build", "--", "--version"], { cwd: REPO, env: userEnv() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs))).toEqual(before);
  });

  it("bundles anew, from the TypeScript sources, when a source changed", async () => {
    const copy = await tempDir("feedwright-npm-stale-");
    for (const entry of ["src", "scripts", "package.json", "tsconfig.json", ".npmrc"]) await cp(path.join(REPO, entry), path.join(copy, entry), { recursive: true });
    await symlink(path.join(REPO, "node_modules"), path.join(copy, "node_modules"));
    const version = async () => (await run("npm", ["run", "build", "--", "--version"], { cwd: copy, env: userEnv() })).stdout.trim();
    const { version: own } = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { version: string };
    expect(bundleIsCurrent(copy)).toBe(false);
    expect(await version()).toBe(own);
    expect(bundleIsCurrent(copy)).toBe(true);

    const source = path.join(copy, "src/common/version.ts");
    await writeFile(source, (await readFile(source, "utf8")).replace(/^(export function ownVersion\(\): string \{)$/m, '$1\n  return "9.9.9-changed";'));
    expect(bundleIsCurrent(copy)).toBe(false);
    expect(await version()).toBe("9.9.9-changed");
    expect(bundleIsCurrent(copy)).toBe(true);

    // The same bytes with an older mtime (a checkout of an older commit) count as changed too.
    await utimes(source, new Date("2020-01-01T00:00:00Z"), new Date("2020-01-01T00:00:00Z"));
    expect(bundleIsCurrent(copy)).toBe(false);
    await rm(path.join(copy, "dist/scripts/worker.js"));
    await bundle(copy);
    expect(bundleIsCurrent(copy)).toBe(true);
    await rm(path.join(copy, "dist/scripts/worker.js"));
    expect(bundleIsCurrent(copy)).toBe(false);
  });
});
