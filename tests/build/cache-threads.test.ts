/**
 * Correctness is not traded for speed: on a generated archive, the outputs are byte-identical
 * without the cache, with a cold and a warm cache, after a change, and with one or two threads.
 */
import { appendFile, cp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cacheFileOf, cacheKey } from "../../src/cache/cache.js";
import { writeCorpus } from "../../scripts/bench/corpus.js";
import { buildSite, tempDir, tsWorker, type BuiltSite } from "../helpers/build.js";

const NOW = "2026-01-01T00:00:00Z";
let site: string;

beforeAll(async () => {
  site = await tempDir("feedwright-corpus-");
  await writeCorpus(site, { count: 300, now: new Date(NOW) });
  await writeFile(
    path.join(site, "feedwright.config.json"),
    // Feeds only (publish beside): the feeds are what is compared.
    JSON.stringify({ title: "Corpus", siteUrl: "https://example.org/", timezone: "Europe/Berlin", language: "de", limit: 0, publish: "beside" }),
  );
});

const bytes = (b: BuiltSite) => [b.rss, b.atom, b.json];

describe("cache and threads never change the output", () => {
  it("no cache, cold cache, warm cache, one and two threads: the same bytes", async () => {
    const reference = await buildSite(site, NOW, { cache: false, threads: 1 });
    expect(reference.result.ok).toBe(true);
    expect(reference.result.selection!.items.length).toBeGreaterThan(250);

    const cold = await buildSite(site, NOW, { cache: true, threads: 1 });
    expect(cold.result.work).toMatchObject({ reused: 0, renderReused: 0 });
    const warm = await buildSite(site, NOW, { cache: true, threads: 1 });
    expect(warm.result.work).toMatchObject({ parsed: 0, rendered: 0 });
    // Workers on a small corpus: at least 100 jobs per thread instead of the measured thresholds.
    const parallel = await buildSite(site, NOW, { cache: false, threads: 2, minJobsPerThread: 100, startWorker: tsWorker });

    expect(bytes(cold)).toEqual(bytes(reference));
    expect(bytes(warm)).toEqual(bytes(reference));
    expect(bytes(parallel)).toEqual(bytes(reference));
  });

  it("a share too small by count for a worker, measured as slow, is split while it runs: the same bytes", async () => {
    const reference = await buildSite(site, NOW, { cache: false, threads: 1 });
    let started = 0;
    // Workers of the scan and the render only (a large build's self-check has one of its own).
    const counted: typeof tsWorker = (module, options) => ((options.workerData as { task: string }).task !== "check" && started++, tsWorker(module, options));
    // Measured at once, any pace taken as settled, and a worker's start taken as free: the share is split at its second pace check.
    const split = await buildSite(site, NOW, { cache: false, threads: 2, startWorker: counted, threadSplit: { afterMs: 0, workerStartMs: 0, settled: 0 } });
    expect(started).toBeGreaterThan(0);
    expect(bytes(split)).toEqual(bytes(reference));
    // Never when the pace says the rest is quick.
    started = 0;
    const whole = await buildSite(site, NOW, { cache: false, threads: 2, startWorker: counted, threadSplit: { afterMs: 0, workerStartMs: 1e9, settled: 0 } });
    expect(started).toBe(0);
    expect(bytes(whole)).toEqual(bytes(reference));
  });

  it("after an edit, the cached build equals a fresh one, and only the edited post is redone", async () => {
    await buildSite(site, NOW, { cache: true, threads: 1 });
    const edited = path.join(site, "posts", "2015", "beitrag-000000.md");
    await appendFile(edited, "\nEin neuer Absatz am Ende.\n");
    const cached = await buildSite(site, NOW, { cache: true, threads: 1 });
    const fresh = await buildSite(site, NOW, { cache: false, threads: 2, minJobsPerThread: 100, startWorker: tsWorker });
    expect(cached.result.work).toMatchObject({ parsed: 1, rendered: 1 });
    expect(bytes(cached)).toEqual(bytes(fresh));
    expect(cached.json).toContain("Ein neuer Absatz am Ende.");
  });

  it("a checkout that only touches mtimes re-hashes instead of re-parsing", async () => {
    await buildSite(site, NOW, { cache: true, threads: 1 });
    const copy = await tempDir("feedwright-copy-");
    // cp without preserving timestamps: every mtime and ctime changes, the bytes do not.
    await cp(site, copy, { recursive: true, preserveTimestamps: false });
    const copied = await buildSite(copy, NOW, { cache: true, threads: 1 });
    // The cache key includes the working directory, so a copy elsewhere starts afresh...
    expect(copied.result.work!.parsed).toBeGreaterThan(0);
    // ...but in place, new stamps with old bytes reuse the parse.
    const touched = path.join(copy, "posts", "2016", "beitrag-000001.md");
    await writeFile(touched, await readFile(touched));
    const again = await buildSite(copy, NOW, { cache: true, threads: 1 });
    expect(again.result.work).toMatchObject({ parsed: 0 });
  });

  it("a corrupt or foreign cache file is ignored with a warning, never trusted", async () => {
    const reference = await buildSite(site, NOW, { cache: false, threads: 1 });
    const cacheFile = path.join(site, ".feedwright-cache", cacheFileOf(cacheKey(reference.result.site!, site)));
    for (const junk of [Buffer.from("not a cache at all"), Buffer.from(JSON.stringify({ magic: "feedwright-cache", posts: [] }))]) {
      await writeFile(cacheFile, junk);
      const built = await buildSite(site, NOW, { cache: true, threads: 1 });
      expect(built.result.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", message: expect.stringMatching(/not a usable build cache/) }));
      expect(bytes(built)).toEqual(bytes(reference));
    }
    await rm(cacheFile);
  });

  it("a cache that cannot be written is a warning: the feeds are written all the same", async () => {
    const reference = await buildSite(site, NOW, { cache: false, threads: 1 });
    // A file where the cache folder should be: creating the folder fails.
    const blocked = await tempDir("feedwright-blocked-");
    await cp(site, blocked, { recursive: true });
    await rm(path.join(blocked, ".feedwright-cache"), { recursive: true, force: true });
    await writeFile(path.join(blocked, ".feedwright-cache"), "a file, not a folder");
    const built = await buildSite(blocked, NOW, { cache: true, threads: 1 });
    expect(built.result.ok).toBe(true);
    expect(built.result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: "warning", file: ".feedwright-cache", message: expect.stringMatching(/build cache could not be written \((EEXIST|ENOTDIR)\); the next build starts without it/) }),
    );
    expect(bytes(built)).toEqual(bytes(reference));
  });
});
