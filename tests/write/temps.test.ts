/**
 * Temporary files left by a killed build never pile up and are never published (issue 11, item 9):
 * the next build removes them from the cache folder and the output folder, also when their pid now
 * belongs to another, live process; only a live build's file in flight is left alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_FILE, cacheFileOf, cacheKey, outputRecordOf } from "../../src/cache/cache.js";
import { CONFIG_MEMO_FILE } from "../../src/config/memo.js";
import { replaceFile, writeOutputs } from "../../src/write/write.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2026-06-01T00:00:00Z";
const children: ChildProcess[] = [];
afterAll(() => children.forEach((child) => child.kill()));

/** A live process that is not a build: its pid is what a reused pid looks like. */
async function bystander(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  await new Promise((resolve) => child.once("spawn", resolve));
  return child.pid!;
}

/** A pid no process has: one that ran and exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
};
const hasProc = (() => {
  try {
    return startOf(process.pid) !== undefined;
  } catch {
    return false;
  }
})();

async function site(): Promise<string> {
  const dir = await tempDir("feedwright-temps-");
  await mkdir(path.join(dir, "posts"));
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Temps", siteUrl: "https://example.org/" }));
  await writeFile(path.join(dir, "posts", "one.md"), "---\ntitle: One\ndate: 2026-01-01T00:00:00Z\n---\n\nBody.\n");
  return dir;
}

describe("temporary files of killed builds", () => {
  it("in the cache folder: the next build that writes the cache removes them (of any configuration's entry or record of outputs, and of the single file of older versions)", async () => {
    const dir = await site();
    const cacheDir = path.join(dir, ".feedwright-cache");
    await mkdir(cacheDir);
    const dead = await deadPid();
    const left = [
      `.${CACHE_FILE}.${dead}.0123abcd.tmp`,
      `.${CACHE_FILE}.${dead}-12345.89abcdef.tmp`,
      `.${CONFIG_MEMO_FILE}.${dead}.01234567.tmp`,
      `.build-cache.0123456789abcdef.v8.${dead}-12345.fedcba98.tmp`,
      `.build-cache.0123456789abcdef.outputs.json.${dead}-12345.fedcba98.tmp`,
    ];
    for (const name of left) await writeFile(path.join(cacheDir, name), "half a cache");
    const built = await buildSite(dir, NOW, { cache: true });
    expect(built.result.ok).toBe(true);
    const key = cacheKey(built.result.site!, dir);
    expect((await readdir(cacheDir)).sort()).toEqual([cacheFileOf(key), outputRecordOf(key), CONFIG_MEMO_FILE].sort());
  });

  it("fifteen kills leave fifteen files; one later cache write leaves none", async () => {
    const dir = await tempDir("feedwright-temps-");
    for (let i = 0; i < 15; i++) await writeFile(path.join(dir, `.${CACHE_FILE}.${await deadPid()}.${(0x10000000 + i).toString(16)}.tmp`), "half");
    await replaceFile(path.join(dir, CACHE_FILE), "whole");
    expect(await readdir(dir)).toEqual([CACHE_FILE]);
  });

  it.skipIf(!hasProc)("in the output folder: one whose pid now belongs to another live process is removed, never published", async () => {
    const out = await tempDir("feedwright-temps-out-");
    const pid = await bystander();
    // Written by an earlier process with that pid: another start time.
    const reused = `.rss.xml.${pid}-${Number(startOf(pid)) - 1}.0123abcd.tmp`;
    // From before start times were in names: a live pid, but far too old to be in flight.
    const old = `.atom.xml.${pid}.89abcdef.tmp`;
    for (const name of [reused, old]) await writeFile(path.join(out, name), "half a feed");
    const day = new Date(Date.now() - 86_400_000);
    await utimes(path.join(out, old), day, day);
    const built = await buildSite(await site(), NOW, { outDir: out });
    expect(built.result.ok).toBe(true);
    const left = await readdir(out);
    expect(left).toEqual(expect.arrayContaining(["atom.xml", "feed.json", "rss.xml"]));
    expect(left.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it.skipIf(!hasProc)("a live build's file in flight (its process, its start time, fresh) is left alone", async () => {
    const out = await tempDir("feedwright-temps-out-");
    const pid = await bystander();
    const inFlight = `.rss.xml.${pid}-${startOf(pid)}.0123abcd.tmp`;
    await writeFile(path.join(out, inFlight), "being written");
    await writeOutputs(out, [{ name: "rss.xml", content: "<rss/>" }]);
    expect((await readdir(out)).sort()).toEqual([inFlight, "rss.xml"].sort());
  });
});
