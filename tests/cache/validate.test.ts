/**
 * Whatever the build reads back from its own files is checked (issue 11, item 10): a cache or a
 * configuration memo that is structurally sound and carries the right key, but whose entries lack
 * fields, is a warning and a cold build with the right output, and the next build is clean again.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { cacheFileOf, cacheKey } from "../../src/cache/cache.js";
import { CONFIG_MEMO_FILE } from "../../src/config/memo.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2026-06-01T00:00:00Z";

async function site(): Promise<string> {
  const dir = await tempDir("feedwright-planted-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Planted", siteUrl: "https://example.org/" }));
  await mkdir(path.join(dir, "posts"));
  for (const name of ["one", "two"]) {
    await writeFile(path.join(dir, "posts", `${name}.md`), `---\ntitle: Post ${name}\ndate: 2026-01-01T00:00:00Z\nauthor: Jane\n---\n\nBody of ${name}.\n`);
  }
  return dir;
}

/** The cache's columns (src/cache/cache.ts CacheDocument): a row per post file. */
type Doc = {
  key: string;
  files: string[];
  stamps: Float64Array;
  kinds: Uint8Array;
  ids: unknown[];
  titles: unknown[];
  diagnostics: unknown[][];
  statics: unknown[][];
  rendered: [string, Record<string, unknown>][];
};

/** Builds (writing the cache under the right key), then rewrites the cache with `plant` applied. */
async function plantCache(dir: string, plant: (doc: Doc) => void): Promise<void> {
  const built = await buildSite(dir, NOW, { cache: true });
  const file = path.join(dir, ".feedwright-cache", cacheFileOf(cacheKey(built.result.site!, dir)));
  const doc = deserialize(await readFile(file)) as Doc;
  plant(doc);
  await writeFile(file, serialize(doc));
}

const PLANTS: { name: string; plant: (doc: Doc) => void }[] = [
  { name: "a rendered item without authors", plant: (doc) => void delete doc.rendered[0]![1].authors },
  { name: "a rendered item whose enclosure lacks its type", plant: (doc) => void (doc.rendered[0]![1].enclosure = { url: "https://example.org/a.mp3", length: 1 }) },
  { name: "a rendered item whose date is not a date", plant: (doc) => void (doc.rendered[0]![1].modified = "yesterday") },
  { name: "a post whose cached message lacks its text", plant: (doc) => void doc.diagnostics.push([0, [{ severity: "warning", file: "posts/one.md" }]]) },
  { name: "a column of the entries cut short", plant: (doc) => void doc.titles.splice(1) },
  { name: "a post whose id is a number", plant: (doc) => void (doc.ids[1] = 4) },
  { name: "a post whose stamp lacks its inode", plant: (doc) => void (doc.stamps[3] = Number.NaN) },
  { name: "a post whose kind of entry is unknown", plant: (doc) => void (doc.kinds[0] = 7) },
  { name: "a post whose static file's field is a number", plant: (doc) => void doc.statics.push([0, "a.mp3", 4]) },
  { name: "a message for a row that is not there", plant: (doc) => void doc.diagnostics.push([2, []]) },
];

describe("a planted cache with the right key", () => {
  for (const { name, plant } of PLANTS) {
    it(`${name}: a warning, a cold build with the right feeds, and a clean build after`, async () => {
      const dir = await site();
      const reference = await buildSite(dir, NOW, { cache: false });
      await plantCache(dir, plant);
      const planted = await buildSite(dir, NOW, { cache: true });
      expect(planted.result.ok).toBe(true);
      expect(planted.result.diagnostics).toContainEqual(
        expect.objectContaining({ severity: "warning", file: expect.stringMatching(/^\.feedwright-cache\/build-cache\.[0-9a-f]{16}\.v8$/), message: expect.stringMatching(/is not a usable build cache \(.+\); it is ignored and will be rewritten/) }),
      );
      expect(planted.result.work).toMatchObject({ reused: 0, parsed: 2 });
      expect([planted.rss, planted.atom, planted.json]).toEqual([reference.rss, reference.atom, reference.json]);
      const after = await buildSite(dir, NOW, { cache: true });
      expect(after.result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
      expect(after.json).toBe(reference.json);
    });
  }
});

describe("a planted configuration memo with the right key", () => {
  const memoPlants: { name: string; plant: (site: Record<string, unknown>) => void }[] = [
    { name: "a site without its file names", plant: (site) => void delete site.files },
    { name: "a site whose limit is text", plant: (site) => void (site.limit = "20") },
    { name: "a site without a URL", plant: (site) => void delete site.siteUrl },
  ];
  for (const { name, plant } of memoPlants) {
    it(`${name}: a warning, the configuration checked anew, and a clean build after`, async () => {
      const dir = await site();
      const reference = await buildSite(dir, NOW, { cache: false });
      await buildSite(dir, NOW, { cache: true });
      const file = path.join(dir, ".feedwright-cache", CONFIG_MEMO_FILE);
      const memo = JSON.parse(await readFile(file, "utf8")) as { site: Record<string, unknown> };
      plant(memo.site);
      await writeFile(file, JSON.stringify(memo));
      const planted = await buildSite(dir, NOW, { cache: true });
      expect(planted.result.ok).toBe(true);
      expect(planted.result.diagnostics).toContainEqual(
        expect.objectContaining({ severity: "warning", file: path.join(".feedwright-cache", CONFIG_MEMO_FILE), message: expect.stringMatching(/is not a usable configuration memo \(site\..+\); the configuration is checked anew/) }),
      );
      expect(planted.json).toBe(reference.json);
      const after = await buildSite(dir, NOW, { cache: true });
      expect(after.result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    });
  }
});
