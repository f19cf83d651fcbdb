/**
 * The cache never serves a stale post, whatever the file system's timestamps (issue 11, item 2).
 * Each change below keeps the post's size, and on a file system with 1-second timestamps it keeps
 * mtime and ctime too when the post was written, built and changed in one second (an editor that
 * saves twice around a build run on save). Two ways:
 * - through the stamp seam (RunOptions.stamps), which shows the build every ctime as one frozen
 *   second: runs everywhere, deterministic;
 * - on a real ext2 file system with 1-second timestamps (128-byte inodes), loop-mounted: needs root
 *   and `mount -o loop` (skipped, saying why, where either is missing).
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { cp, mkdir, rename, rm, symlink, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSystemStamps, type StampSource } from "../../src/cache/stamp.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2026-06-01T00:00:00Z";
const post = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-01T00:00:00Z\n---\n\nBody.\n`;

/** A site with two posts of the same size, "Alpha" and "Bravo". */
async function site(dir: string): Promise<string> {
  await mkdir(path.join(dir, "posts"), { recursive: true });
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Stamps", siteUrl: "https://example.org/" }));
  await writeFile(path.join(dir, "posts", "a.md"), post("Alpha"));
  await writeFile(path.join(dir, "posts", "b.md"), post("Bravo"));
  return dir;
}

const titles = (json: string) => (JSON.parse(json) as { items: { title: string }[] }).items.map((i) => i.title).sort();

/** Each change keeps sizes; `expected` is what a fresh build shows afterwards. */
const CHANGES: { name: string; change: (dir: string) => Promise<void>; expected: string[] }[] = [
  { name: "a same-size edit", change: (dir) => writeFile(path.join(dir, "posts", "a.md"), post("Amber")), expected: ["Amber", "Bravo"] },
  {
    name: "a same-size edit, then touch -d back to the old mtime",
    change: async (dir) => {
      const file = path.join(dir, "posts", "a.md");
      const { atime, mtime } = statSync(file);
      await writeFile(file, post("Amber"));
      await utimes(file, atime, mtime);
    },
    expected: ["Amber", "Bravo"],
  },
  {
    name: "two posts swapped with mv",
    change: async (dir) => {
      const [a, b, t] = ["a.md", "b.md", "t.tmp"].map((name) => path.join(dir, "posts", name));
      await rename(a!, t!);
      await rename(b!, a!);
      await rename(t!, b!);
    },
    // The titles swap files (the item of a.md is now "Bravo"): the comparison with a fresh build sees it.
    expected: ["Alpha", "Bravo"],
  },
  {
    name: "a post replaced by a same-size symbolic link",
    change: async (dir) => {
      await writeFile(path.join(dir, "posts", "c.markdown.txt"), post("Cobra"));
      await unlink(path.join(dir, "posts", "a.md"));
      await symlink("c.markdown.txt", path.join(dir, "posts", "a.md"));
    },
    expected: ["Bravo", "Cobra"],
  },
  {
    name: "the posts folder swapped for a cp -a copy",
    change: async (dir) => {
      const posts = path.join(dir, "posts");
      await cp(posts, `${posts}.new`, { recursive: true, preserveTimestamps: true });
      await writeFile(path.join(`${posts}.new`, "b.md"), post("Bongo"));
      await utimes(path.join(`${posts}.new`, "b.md"), statSync(path.join(posts, "b.md")).atime, statSync(path.join(posts, "b.md")).mtime);
      await rm(posts, { recursive: true });
      await rename(`${posts}.new`, posts);
    },
    expected: ["Alpha", "Bongo"],
  },
];

/**
 * A file system whose ctimes all fall in one second, the second the builds run in: real sizes,
 * inodes and devices, mtimes floored to the second.
 */
function frozenSecond(second: number, clock: { now: number }): StampSource {
  return {
    now: () => clock.now,
    stat(absolute) {
      const real = fileSystemStamps.stat(absolute);
      return real && { ...real, mtimeMs: Math.floor(real.mtimeMs / 1000) * 1000, ctimeMs: second };
    },
  };
}

describe("the cache, with every ctime in the second of the build (stamp seam)", () => {
  for (const { name, change, expected } of CHANGES) {
    it(`${name}: seen by the next build`, async () => {
      const dir = await site(await tempDir("feedwright-stamp-"));
      const second = Math.floor(Date.now() / 1000) * 1000;
      const clock = { now: second + 500 };
      const stamps = frozenSecond(second, clock);
      const first = await buildSite(dir, NOW, { cache: true, stamps });
      expect(titles(first.json)).toEqual(["Alpha", "Bravo"]);
      await change(dir);
      const next = await buildSite(dir, NOW, { cache: true, stamps });
      const fresh = await buildSite(dir, NOW, { cache: false });
      expect(titles(next.json)).toEqual(expected);
      expect(next.json).toBe(fresh.json);
      expect(next.rss).toBe(fresh.rss);
    });
  }

  it("a stamp safely older than the build that took it is trusted: nothing is read", async () => {
    const dir = await site(await tempDir("feedwright-stamp-"));
    const second = Math.floor(Date.now() / 1000) * 1000;
    const clock = { now: second + 500 };
    const stamps = frozenSecond(second, clock);
    await buildSite(dir, NOW, { cache: true, stamps });
    // Still in the second of the change: both posts are read (hashed) again, neither parsed.
    const racy = await buildSite(dir, NOW, { cache: true, stamps });
    expect(racy.result.work).toMatchObject({ read: 2, parsed: 0 });
    // A minute later the stamps taken now are safe; from the build after, nothing is read.
    clock.now = second + 60_000;
    await buildSite(dir, NOW, { cache: true, stamps });
    const warm = await buildSite(dir, NOW, { cache: true, stamps });
    expect(warm.result.work).toMatchObject({ read: 0, parsed: 0, reused: 2 });
    // And a real change is still seen then: its stamp differs.
    await writeFile(path.join(dir, "posts", "a.md"), post("Amber, longer"));
    expect(titles((await buildSite(dir, NOW, { cache: true, stamps })).json)).toEqual(["Amber, longer", "Bravo"]);
  });
});

/** A loop-mounted ext2 image with 128-byte inodes: timestamps of whole seconds. Undefined, with the reason, where that is not possible. */
async function mountCoarse(): Promise<{ dir: string; unmount: () => void } | { reason: string }> {
  if (process.platform !== "linux") return { reason: `loop mounts need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: "mounting a loop device needs root" };
  const base = await tempDir("feedwright-ext2-");
  const image = path.join(base, "fs.img");
  const dir = path.join(base, "mnt");
  await mkdir(dir);
  try {
    await writeFile(image, Buffer.alloc(0));
    execFileSync("truncate", ["-s", "8M", image]);
    execFileSync("mkfs.ext2", ["-q", "-F", "-I", "128", image], { stdio: "pipe" });
    execFileSync("mount", ["-o", "loop", image, dir], { stdio: "pipe" });
  } catch (cause) {
    return { reason: `could not make and mount an ext2 image (${String((cause as { stderr?: Buffer }).stderr ?? cause).trim().split("\n")[0]})` };
  }
  return { dir, unmount: () => execFileSync("umount", [dir], { stdio: "pipe" }) };
}

const coarse = await mountCoarse();
const mounted = "dir" in coarse ? coarse : undefined;
afterAll(() => mounted?.unmount());

describe.skipIf(!mounted)(`the cache on ext2 with 1-second timestamps${mounted ? "" : ` (skipped: ${"reason" in coarse ? coarse.reason : ""})`}`, () => {
  let n = 0;
  beforeAll(async () => {
    const probe = path.join(mounted!.dir, "probe");
    execFileSync("touch", [probe]);
    // The file system really keeps whole seconds.
    expect(statSync(probe).mtimeMs % 1000).toBe(0);
    // Loads the parsers and renderers once, so that each build below takes a fraction of a second.
    await buildSite(await site(path.join(mounted!.dir, "warm-up")), NOW, { cache: true });
  });

  for (const { name, change, expected } of CHANGES) {
    it(`${name}, in the second of the build: seen by the next build`, async () => {
      // The change must land in the second the build took its stamps in; a busy machine may need a few tries.
      let raced = 0;
      for (let attempt = 0; attempt < 8 && raced < 2; attempt++) {
        const out = await tempDir();
        // Just after a second begins: write the posts, build, change: all in that second.
        while (Date.now() % 1000 > 100) await new Promise((resolve) => setTimeout(resolve, 5));
        const before = Math.floor(Date.now() / 1000);
        const dir = await site(path.join(mounted!.dir, `site-${n++}`));
        const first = await buildSite(dir, NOW, { cache: true, outDir: out });
        expect(titles(first.json)).toEqual(["Alpha", "Bravo"]);
        await change(dir);
        if (Math.floor(Date.now() / 1000) === before) raced++;
        const next = await buildSite(dir, NOW, { cache: true, outDir: out });
        expect(titles(next.json)).toEqual(expected);
        expect(next.json).toBe((await buildSite(dir, NOW, { cache: false })).json);
      }
      expect(raced, "no change fell in the second of its build; the machine is too busy to show the race").toBeGreaterThan(0);
    });
  }
});
