import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { runBuild, type RunOptions, type RunResult } from "../../src/build.js";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
export const REPO = path.resolve(FIXTURES, "../..");

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary folder, removed after the test file. */
export async function tempDir(prefix = "feedwright-test-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export interface BuiltSite {
  result: RunResult;
  rss: string;
  atom: string;
  json: string;
  outDir: string;
}

/** Runs the real build on a fixture site (its feedwright.config.json and posts/) into a temp folder. */
export async function buildSite(siteDir: string, now: string, options: Partial<RunOptions> = {}): Promise<BuiltSite> {
  const outDir = options.outDir ?? (await tempDir());
  const result = await runBuild({
    configPath: path.join(siteDir, "feedwright.config.json"),
    cwd: siteDir,
    now: new Date(now),
    env: {},
    cache: false,
    threads: 1,
    ...options,
    outDir,
  });
  if (!result.ok) return { result, rss: "", atom: "", json: "", outDir };
  const files = result.site!.files;
  const [rss, atom, json] = await Promise.all([files.rss, files.atom, files.json].map((name) => readFile(path.join(outDir, name), "utf8")));
  return { result, rss: rss!, atom: atom!, json: json!, outDir };
}
