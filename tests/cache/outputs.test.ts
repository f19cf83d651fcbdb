/**
 * The outputs seam (src/cache/outputs.ts, issue 15): a warm build whose outputs on disk are
 * exactly what it would write skips serializing and checking them, and only then. The clock still
 * decides which posts are live, a file changed by hand is written again, and the reused build
 * reports what the build that wrote the files reported.
 */
import { mkdir, readdir, readFile, rename, rm, symlink, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild, type RunOptions } from "../../src/build.js";
import { fileSystemStamps, type StampSource } from "../../src/cache/stamp.js";
import { folderSnapshot, tempDir } from "../helpers/build.js";
import { expectValidAndAgreed } from "../helpers/readers.js";

const BEFORE = new Date("2026-06-01T00:00:00Z");
const SCHEDULED = "2026-06-02T12:00:00Z";
const AFTER = new Date("2026-06-03T00:00:00Z");

/** Every file's times safely older than the builds (as a minute later): stamps are trusted at once. */
const stamps: StampSource = { now: () => Date.now() + 60_000, stat: fileSystemStamps.stat };

async function site(config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempDir("feedwright-outputs-");
  await mkdir(path.join(dir, "posts"));
  await writeFile(path.join(dir, "posts", "one.md"), "---\ntitle: Post one\ndate: 2026-01-01T00:00:00Z\n---\n\nBody of one.\n");
  await writeFile(path.join(dir, "posts", "two.md"), "---\ntitle: Post two\ndate: 2026-02-01T00:00:00Z\n---\n\nBody of two.\n");
  await writeFile(path.join(dir, "posts", "later.md"), `---\ntitle: Scheduled post\ndate: ${SCHEDULED}\n---\n\nBody of the scheduled post.\n`);
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Outputs", siteUrl: "https://example.org/", publish: "beside", ...config }));
  return dir;
}

const build = (dir: string, now: Date, options: Partial<RunOptions> = {}) =>
  runBuild({ configPath: "feedwright.config.json", cwd: dir, now, env: {}, threads: 1, outDir: "out", stamps, ...options });

const feeds = async (dir: string) => {
  const [rss, atom, json] = await Promise.all(["rss.xml", "atom.xml", "feed.json"].map((name) => readFile(path.join(dir, "out", name), "utf8")));
  return { rss: rss!, atom: atom!, json: json! };
};

/** The same site built from nothing, without the cache, into a folder of its own: what the outputs must be. */
async function fresh(dir: string, now: Date): Promise<Map<string, { bytes: string }>> {
  const result = await runBuild({ configPath: "feedwright.config.json", cwd: dir, now, env: {}, threads: 1, outDir: "fresh", cache: false });
  expect(result.ok).toBe(true);
  const snapshot = await folderSnapshot(path.join(dir, "fresh"));
  await rm(path.join(dir, "fresh"), { recursive: true });
  return new Map([...snapshot].map(([name, { bytes }]) => [name, { bytes }]));
}
const bytesOf = async (dir: string) => new Map([...(await folderSnapshot(path.join(dir, "out")))].map(([name, { bytes }]) => [name, { bytes }]));

describe("a warm build whose outputs are on disk already", () => {
  it("reuses them: nothing is rewritten, and the result is the one the writing build had", async () => {
    const dir = await site();
    const first = await build(dir, BEFORE);
    expect(first.ok).toBe(true);
    expect(first.work?.outputsReused).toBe(false);
    const before = await folderSnapshot(path.join(dir, "out"));
    const second = await build(dir, BEFORE);
    expect(second.ok).toBe(true);
    expect(second.work).toMatchObject({ parsed: 0, read: 0, outputsReused: true });
    expect(second.changed).toBe(false);
    expect(second.write?.written).toEqual([]);
    expect(second.write?.unchanged.sort()).toEqual([...first.write!.written, ...first.write!.unchanged].sort());
    expect(await folderSnapshot(path.join(dir, "out"))).toEqual(before);
    expect(await bytesOf(dir)).toEqual(await fresh(dir, BEFORE));
  });

  it("still publishes a scheduled post on the first build after its date", async () => {
    const dir = await site();
    await build(dir, BEFORE);
    const waiting = await build(dir, BEFORE);
    expect(waiting.work?.outputsReused).toBe(true);
    expect(waiting.selection?.counts.scheduled).toBe(1);
    expect((await expectValidAndAgreed(await feeds(dir))).json.items.map((item) => item.title)).toEqual(["Post two", "Post one"]);

    const published = await build(dir, AFTER);
    expect(published.ok).toBe(true);
    expect(published.work).toMatchObject({ parsed: 0, outputsReused: false });
    expect(published.changed).toBe(true);
    const { json, readers } = await expectValidAndAgreed(await feeds(dir));
    expect(json.items.map((item) => item.title)).toEqual(["Scheduled post", "Post two", "Post one"]);
    expect(readers["rss-parser (RSS)"]!.items[0]!.date).toBe(new Date(SCHEDULED).toISOString());
    expect(await bytesOf(dir)).toEqual(await fresh(dir, AFTER));
    // And from then on the new outputs are the ones reused.
    expect((await build(dir, AFTER)).work?.outputsReused).toBe(true);
  });

  it("writes again a feed edited by hand (same size), removed or replaced; refuses files whose manifest is gone", async () => {
    const dir = await site();
    await build(dir, BEFORE);
    const expected = await fresh(dir, BEFORE);
    const rss = path.join(dir, "out", "rss.xml");
    const changes: [string, () => Promise<void>][] = [
      ["edited", async () => writeFile(rss, (await readFile(rss, "utf8")).replace("Post one", "Post 1ne"))],
      ["removed", () => unlink(rss)],
      ["replaced by a copy of itself (another inode)", async () => {
        await writeFile(`${rss}.copy`, await readFile(rss));
        await rename(`${rss}.copy`, rss);
      }],
    ];
    for (const [what, change] of changes) {
      expect((await build(dir, BEFORE)).work?.outputsReused, `before: ${what}`).toBe(true);
      await change();
      const result = await build(dir, BEFORE);
      expect(result.ok, what).toBe(true);
      expect(result.work?.outputsReused, what).toBe(false);
      expect(await bytesOf(dir), what).toEqual(expected);
    }
    // Without the manifest the files are no longer known to be feedwright's: refused, as without the record.
    await unlink(path.join(dir, "out", ".feedwright-manifest.json"));
    const unowned = await build(dir, BEFORE);
    expect(unowned.ok).toBe(false);
    expect(unowned.diagnostics.find((d) => d.file.endsWith("rss.xml"))?.message).toMatch(/^exists and was not written by feedwright/);
  });

  it("is not reused after a post changed, nor with another configuration, nor without the cache", async () => {
    const dir = await site();
    await build(dir, BEFORE);
    await writeFile(path.join(dir, "posts", "two.md"), "---\ntitle: Post two, edited\ndate: 2026-02-01T00:00:00Z\n---\n\nBody of two.\n");
    const edited = await build(dir, BEFORE);
    expect(edited.work).toMatchObject({ parsed: 1, outputsReused: false });
    expect((await expectValidAndAgreed(await feeds(dir))).json.items[0]!.title).toBe("Post two, edited");
    expect((await build(dir, BEFORE)).work?.outputsReused).toBe(true);

    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Outputs, renamed", siteUrl: "https://example.org/", publish: "beside" }));
    const renamed = await build(dir, BEFORE);
    expect(renamed.work?.outputsReused).toBe(false);
    expect((await expectValidAndAgreed(await feeds(dir))).json.title).toBe("Outputs, renamed");

    const uncached = await build(dir, BEFORE, { cache: false });
    expect(uncached.work?.outputsReused).toBe(false);
    expect(await bytesOf(dir)).toEqual(await fresh(dir, BEFORE));
  });

  it("with pages: a static file changed is copied again; the write's warnings are reported by the build that reuses it", async () => {
    const dir = await site({ publish: "site" });
    await mkdir(path.join(dir, "static"));
    await writeFile(path.join(dir, "static", "logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    await symlink(path.join(dir, "static", "logo.svg"), path.join(dir, "static", "alias.svg"));
    const first = await build(dir, BEFORE);
    expect(first.ok).toBe(true);
    const warned = first.diagnostics.filter((d) => d.file.endsWith("alias.svg"));
    expect(warned).toHaveLength(1);
    const second = await build(dir, BEFORE);
    expect(second.work?.outputsReused).toBe(true);
    expect(second.diagnostics).toEqual(first.diagnostics);

    await writeFile(path.join(dir, "static", "logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>");
    const copied = await build(dir, BEFORE);
    expect(copied.work?.outputsReused).toBe(false);
    expect(await readFile(path.join(dir, "out", "logo.svg"), "utf8")).toBe("<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>");
    expect((await build(dir, BEFORE)).work?.outputsReused).toBe(true);
  });

  it("a record that is not one this version wrote is a warning, and the build writes as usual", async () => {
    const dir = await site();
    await build(dir, BEFORE);
    const cacheDir = path.join(dir, ".feedwright-cache");
    const [record] = (await readdir(cacheDir)).filter((name) => name.endsWith(".outputs.json"));
    expect(record).toBeDefined();
    await writeFile(path.join(cacheDir, record!), JSON.stringify({ format: 1, fingerprint: "x", stampedAt: 0, files: "none" }));
    const result = await build(dir, BEFORE);
    expect(result.ok).toBe(true);
    expect(result.work?.outputsReused).toBe(false);
    expect(result.diagnostics.filter((d) => d.file.endsWith(record!)).map((d) => [d.severity, d.message])).toEqual([
      ["warning", "is not a usable record of the outputs (files are not stamps); the outputs are written as usual and it is rewritten. Delete it, or pass --no-cache"],
    ]);
    expect((await build(dir, BEFORE)).work?.outputsReused).toBe(true);
  });
});
