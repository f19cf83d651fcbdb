/**
 * `npm run build` runs the bundled command line (scripts/bundle.ts), not the sources the other
 * tests run. This test compiles and bundles as `npm run compile` does, then builds a generated
 * archive with the bundle, on two threads so that the bundled worker (dist/scripts/worker.js) is
 * started, and compares every byte with what the sources write on one thread.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../scripts/bench/corpus.js";
import { MIN_JOBS_PER_THREAD } from "../../src/parallel/pool.js";
import { buildSite, REPO, tempDir } from "../helpers/build.js";

const run = promisify(execFile);
const NOW = "2026-01-01T00:00:00Z";
// With no limit the scan renders as it goes and splits like rendering: this many posts give
// each of two threads its minimum share, so the bundle must start its worker.
const POSTS = 2 * MIN_JOBS_PER_THREAD.render + 100;
let site: string;

beforeAll(async () => {
  await run("npm", ["run", "--silent", "compile"], { cwd: REPO });
  site = await tempDir("feedwright-bundle-");
  await writeCorpus(site, { count: POSTS, now: new Date(NOW) });
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
