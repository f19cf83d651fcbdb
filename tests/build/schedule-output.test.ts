/**
 * What the unattended build does to the published files: nothing when nothing changed (mtimes stay,
 * the report says changed=false, with and without the build cache), nothing at all when any input
 * is invalid, and nothing half-done when writing fails.
 */
import { cp, readFile, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild, type RunOptions } from "../../src/build.js";
import { makeReport } from "../../src/cli.js";
import { FIXTURES, folderSnapshot, tempDir } from "../helpers/build.js";

const NOW = new Date("2024-04-11T10:00:00+02:00");
const PAST = new Date("2020-01-01T00:00:00Z");
const NAMES = ["atom.xml", "feed.json", "rss.xml"];

/** A copy of the schedule fixture in a temp folder (its cache and output stay there too). */
async function siteCopy(): Promise<string> {
  const dir = await tempDir("feedwright-output-");
  await cp(path.join(FIXTURES, "schedule"), dir, { recursive: true });
  return dir;
}

function build(site: string, options: Partial<RunOptions> = {}) {
  return runBuild({ configPath: "feedwright.config.json", cwd: site, now: NOW, env: {}, threads: 1, ...options });
}

async function publishedSite(cache: boolean) {
  const site = await siteCopy();
  const first = await build(site, { cache });
  expect(first.ok).toBe(true);
  expect(makeReport(first, NOW).changed).toBe(true);
  const out = path.join(site, "public");
  await Promise.all(NAMES.map((name) => utimes(path.join(out, name), PAST, PAST)));
  return { site, out, before: await folderSnapshot(out) };
}

describe("a second build with nothing changed", () => {
  for (const cache of [false, true]) {
    it(`rewrites no file and reports changed=false (${cache ? "with" : "without"} the build cache)`, async () => {
      const { site, out, before } = await publishedSite(cache);
      const second = await build(site, { cache });
      expect(second.ok).toBe(true);
      expect(second.write?.written).toEqual([]);
      expect(second.write?.unchanged).toEqual(expect.arrayContaining(["rss.xml", "atom.xml", "feed.json", "index.html"]));
      const report = makeReport(second, NOW);
      expect(report.changed).toBe(false);
      expect(await folderSnapshot(out)).toEqual(before);
      // A later clock that changes nothing in the feeds changes no file either.
      const later = await build(site, { cache, now: new Date("2024-04-11T11:59:59+02:00") });
      expect(makeReport(later, NOW).changed).toBe(false);
      expect(await folderSnapshot(out)).toEqual(before);
    });
  }

  it("a clock that reaches an expiry or a scheduled date does change the files, and says so", async () => {
    const { site, out } = await publishedSite(true);
    const noon = await build(site, { now: new Date("2024-04-11T12:00:00+02:00") });
    expect(makeReport(noon, NOW)).toMatchObject({ changed: true, written: expect.arrayContaining(["rss.xml", "atom.xml", "feed.json"]), counts: { expired: 1 } });
    expect(await readFile(path.join(out, "feed.json"), "utf8")).not.toContain("2024-04-05-expiring");
  });
});

describe("invalid input writes nothing", () => {
  it("a broken post: the published files keep their bytes and mtimes; a missing output folder is not created", async () => {
    const { site, out, before } = await publishedSite(false);
    await writeFile(path.join(site, "posts/2024-04-12-broken.md"), "---\ntitle: Broken\ndate: 2024-02-30\n---\nx\n");
    // The broken post is newer than everything published, so a partial build would change the feeds.
    await writeFile(path.join(site, "posts/2024-04-11-new.md"), "---\ntitle: New\ndate: 2024-04-11T09:30\n---\nx\n");
    const failed = await build(site);
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", file: "posts/2024-04-12-broken.md", field: "date" }));
    expect(await folderSnapshot(out)).toEqual(before);
    const fresh = path.join(await tempDir(), "never");
    expect((await build(site, { outDir: fresh })).ok).toBe(false);
    await expect(stat(fresh)).rejects.toThrow();
  });

  it("an invalid configuration (unknown time zone): nothing written", async () => {
    const { site, out, before } = await publishedSite(false);
    const config = JSON.parse(await readFile(path.join(site, "feedwright.config.json"), "utf8")) as Record<string, unknown>;
    await writeFile(path.join(site, "feedwright.config.json"), JSON.stringify({ ...config, timezone: "Mars/Olympus_Mons", title: "Changed" }));
    const failed = await build(site);
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics).toEqual([expect.objectContaining({ severity: "error", file: "feedwright.config.json", field: "timezone" })]);
    expect(await folderSnapshot(out)).toEqual(before);
  });
});

describe("a write that fails midway", () => {
  it("an injected write error: the build fails with a message naming the folder, the files are unchanged, no temp file", async () => {
    const { site, out, before } = await publishedSite(false);
    await writeFile(path.join(site, "posts/2024-04-11-new.md"), "---\ntitle: New\ndate: 2024-04-11T09:30\n---\nx\n");
    const failed = await build(site, {
      writeHooks: {
        writeFile: async (file, data) => {
          if (file.includes(".feed.json.")) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
          await writeFile(file, data);
        },
      },
    });
    expect(failed.ok).toBe(false);
    expect(failed.diagnostics.filter((d) => d.severity === "error")).toEqual([expect.objectContaining({ file: "public", message: expect.stringContaining("could not be written (ENOSPC)") })]);
    expect(await folderSnapshot(out)).toEqual(before);
  });
});
