/**
 * One cache entry per configuration (issue 15, item 6): builds of several configurations in one
 * cacheDir keep each other's work, the folder keeps only the entries used last, and one
 * configuration's broken entry is no other's problem.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild, type RunOptions } from "../../src/build.js";
import { CACHE_FILE } from "../../src/cache/cache.js";
import { tempDir } from "../helpers/build.js";

const NOW = new Date("2026-06-01T00:00:00Z");
const ENTRY = /^build-cache\.[0-9a-f]{16}\.v8$/;

/** A site with three posts and one configuration file per name, all with the default cacheDir. */
async function site(configs: readonly string[]): Promise<string> {
  const dir = await tempDir("feedwright-entries-");
  await mkdir(path.join(dir, "posts"));
  for (const name of ["one", "two", "three"]) {
    await writeFile(path.join(dir, "posts", `${name}.md`), `---\ntitle: Post ${name}\ndate: 2026-01-01T00:00:00Z\nauthor: Jane\n---\n\nBody of ${name}.\n`);
  }
  for (const name of configs) {
    await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ title: `Site ${name}`, siteUrl: "https://example.org/", publish: "beside" }));
  }
  return dir;
}

const build = (dir: string, config: string, options: Partial<RunOptions> = {}) =>
  runBuild({ configPath: `${config}.json`, cwd: dir, now: NOW, env: {}, threads: 1, outDir: `out-${config}`, ...options });

const entries = async (dir: string) => (await readdir(path.join(dir, ".feedwright-cache"))).filter((name) => ENTRY.test(name)).sort();
const cold = { parsed: 3, reused: 0, rendered: 3, renderReused: 0 };
const warm = { parsed: 0, reused: 3, rendered: 0, renderReused: 3 };


describe("the build cache, one entry per configuration", () => {
  it("two configurations alternating in one cacheDir both stay warm", async () => {
    const dir = await site(["a", "b"]);
    const stamps = await stampsLater();
    expect((await build(dir, "a", { stamps })).work).toMatchObject(cold);
    expect((await build(dir, "b", { stamps })).work).toMatchObject(cold);
    expect(await entries(dir)).toHaveLength(2);
    for (const config of ["a", "b", "a", "b"]) {
      const result = await build(dir, config, { stamps });
      expect(result.ok).toBe(true);
      expect(result.work, config).toMatchObject({ ...warm, read: 0 });
    }
    expect(await entries(dir)).toHaveLength(2);
  });

  it("the bound: beyond its entries the least recently used is evicted, a reuse counts as a use", async () => {
    const dir = await site(["a", "b", "c"]);
    const stamps = await stampsLater();
    const limit = { entries: 2, bytes: 1024 ** 3 };
    await build(dir, "a", { stamps, cacheLimit: limit });
    await build(dir, "b", { stamps, cacheLimit: limit });
    // a used again (only read, nothing rewritten): b is now the least recently used.
    expect((await build(dir, "a", { stamps, cacheLimit: limit })).work).toMatchObject(warm);
    await build(dir, "c", { stamps, cacheLimit: limit });
    expect(await entries(dir)).toHaveLength(2);
    expect((await build(dir, "b", { stamps, cacheLimit: limit })).work).toMatchObject(cold);
    // b's build kept c (used last) and evicted a.
    expect((await build(dir, "c", { stamps, cacheLimit: limit })).work).toMatchObject(warm);
    expect((await build(dir, "a", { stamps, cacheLimit: limit })).work).toMatchObject(cold);
  });

  it("the size bound: entries beyond it are evicted, the one just used is kept however large", async () => {
    const dir = await site(["a", "b"]);
    const stamps = await stampsLater();
    const limit = { entries: 8, bytes: 1 };
    await build(dir, "a", { stamps, cacheLimit: limit });
    await build(dir, "b", { stamps, cacheLimit: limit });
    expect(await entries(dir)).toHaveLength(1);
    expect((await build(dir, "b", { stamps, cacheLimit: limit })).work).toMatchObject(warm);
    expect((await build(dir, "a", { stamps, cacheLimit: limit })).work).toMatchObject(cold);
  });

  it("a corrupt entry of one configuration: a warning for it alone; the other stays warm", async () => {
    const dir = await site(["a", "b"]);
    const stamps = await stampsLater();
    await build(dir, "a", { stamps });
    const [first] = await entries(dir);
    await build(dir, "b", { stamps });
    const aFile = path.join(dir, ".feedwright-cache", first!);
    await writeFile(aFile, (await readFile(aFile)).subarray(0, 40));
    const b = await build(dir, "b", { stamps });
    expect(b.work).toMatchObject(warm);
    expect(b.diagnostics).toEqual([]);
    const a = await build(dir, "a", { stamps });
    expect(a.work).toMatchObject(cold);
    expect(a.diagnostics).toEqual([expect.objectContaining({ severity: "warning", file: path.join(".feedwright-cache", first!), message: expect.stringMatching(/is not a usable build cache/) })]);
    expect((await build(dir, "a", { stamps })).work).toMatchObject(warm);
  });

  it("the single cache file of older versions is removed by the first build", async () => {
    const dir = await site(["a"]);
    await mkdir(path.join(dir, ".feedwright-cache"));
    await writeFile(path.join(dir, ".feedwright-cache", CACHE_FILE), "an older version's cache");
    expect((await build(dir, "a")).ok).toBe(true);
    expect(await readdir(path.join(dir, ".feedwright-cache"))).not.toContain(CACHE_FILE);
    expect(await entries(dir)).toHaveLength(1);
  });
});

/** Real stamps, on a clock a minute ahead: every post's stamp is then trusted by the next build. */
async function stampsLater(): Promise<NonNullable<RunOptions["stamps"]>> {
  const { fileSystemStamps } = await import("../../src/cache/stamp.js");
  return { now: () => Date.now() + 60_000, stat: fileSystemStamps.stat };
}
