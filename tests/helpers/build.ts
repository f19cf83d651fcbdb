import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { runBuild, type RunOptions, type RunResult } from "../../src/build.js";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
export const REPO = path.resolve(FIXTURES, "../..");
/**
 * The command line as `npm run build` runs it: the bundle of scripts/build.ts, made current by
 * tests/helpers/global-setup.ts (tests/build/bundle.test.ts proves it writes what the sources write).
 */
export const CLI = path.join(REPO, "dist/scripts/build.js");

const temps: string[] = [];

/** Removes the folders tempDir made; tests/helpers/setup.ts calls it after each test file. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

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

export interface BuiltPosts {
  result: RunResult;
  /** The three feeds as written, when the build succeeded. */
  feeds?: { rss: string; atom: string; json: string };
  diagnostics: RunResult["diagnostics"];
}

/**
 * Writes a site (its configuration, posts and static files, by path relative to the site) into a
 * temporary folder and runs the real build on it, as buildSite does: the same runBuild as the CLI.
 */
export async function buildPosts(
  config: Record<string, unknown>,
  files: readonly { file: string; text: string | Uint8Array }[],
  now: string | Date,
  options: Partial<RunOptions> = {},
): Promise<BuiltPosts> {
  const siteDir = await tempDir("feedwright-site-");
  await writeFile(path.join(siteDir, "feedwright.config.json"), JSON.stringify(config));
  await mkdir(path.join(siteDir, "posts"), { recursive: true });
  for (const { file, text } of files) {
    await mkdir(path.dirname(path.join(siteDir, file)), { recursive: true });
    await writeFile(path.join(siteDir, file), text);
  }
  const built = await buildSite(siteDir, typeof now === "string" ? now : now.toISOString(), options);
  return { result: built.result, diagnostics: built.result.diagnostics, feeds: built.result.ok ? { rss: built.rss, atom: built.atom, json: built.json } : undefined };
}

/**
 * Starts a worker thread on the TypeScript sources: the test runs them through vitest, a worker
 * is a plain Node thread, so it registers tsx before loading its module (the bundle's worker is
 * JavaScript and needs none of this: tests/build/bundle.test.ts).
 */
export function tsWorker(module: URL, options: WorkerOptions): Worker {
  const code = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/** Every file below `dir` (`/`-separated names) with its bytes (base64) and mtime: "untouched" is this, equal before and after. */
export async function folderSnapshot(dir: string): Promise<Map<string, { bytes: string; mtimeMs: number }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const names = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  return new Map(await Promise.all(names.map(async (name) => [name, { bytes: (await readFile(path.join(dir, name))).toString("base64"), mtimeMs: (await stat(path.join(dir, name))).mtimeMs }] as const)));
}
