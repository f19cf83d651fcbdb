/**
 * The configuration memo (src/config/memo.ts) stands in for the schema check only while it is
 * certain to give the same site: the same configuration text, the same FEEDWRIGHT_SITE_URL, the
 * same versions. Whether it was used is seen here by planting a different title in the memo
 * under the right key: only a build that trusts the memo shows it.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_MEMO_FILE, loadConfig } from "../../src/config/memo.js";
import { replaceFile } from "../../src/write/write.js";
import { parseConfig } from "../../src/config/parse.js";
import { tempDir } from "../helpers/build.js";
import { siteOf } from "../helpers/site.js";

const FILE = "feedwright.config.json";
const TEXT = JSON.stringify({ title: "Site", siteUrl: "https://example.org/", timezone: "Europe/Berlin" }, null, 2);

/** A folder whose memo was written after a first check (as a successful build does), then changed to carry a planted title. */
async function planted(text = TEXT, env: Record<string, string> = {}): Promise<{ root: string; memoFile: string }> {
  const root = await tempDir("feedwright-memo-");
  const first = await loadConfig(text, FILE, env, root, true);
  expect(first.site).toEqual(siteOf(parseConfig(text, FILE, env)));
  await replaceFile(first.memo!.file, first.memo!.text);
  const memoFile = path.join(root, ".feedwright-cache", CONFIG_MEMO_FILE);
  const memo = JSON.parse(await readFile(memoFile, "utf8")) as { site: { title: string } };
  memo.site.title = "Planted";
  await writeFile(memoFile, JSON.stringify(memo));
  return { root, memoFile };
}

describe("the configuration memo", () => {
  it("is used for the same text: the site comes from it without a check", async () => {
    const { root } = await planted();
    expect((await loadConfig(TEXT, FILE, {}, root, true)).site?.title).toBe("Planted");
  });

  it("is not used when the text changes, not even by a space, and is then written anew", async () => {
    const { root } = await planted();
    const edited = TEXT.replace('"Site"', '"Site" ');
    const checked = await loadConfig(edited, FILE, {}, root, true);
    expect(checked.site?.title).toBe("Site");
    await replaceFile(checked.memo!.file, checked.memo!.text);
    expect((await loadConfig(TEXT, FILE, {}, root, true)).site?.title).toBe("Site");
  });

  it("is not used when FEEDWRIGHT_SITE_URL changes", async () => {
    const { root } = await planted();
    const checked = await loadConfig(TEXT, FILE, { FEEDWRIGHT_SITE_URL: "https://preview.example.org/x" }, root, true);
    expect(checked.site).toMatchObject({ title: "Site", siteUrl: "https://preview.example.org/x/" });
  });

  it("is neither read nor written with --no-cache", async () => {
    const { root } = await planted();
    expect((await loadConfig(TEXT, FILE, {}, root, false)).site?.title).toBe("Site");
    const fresh = await tempDir("feedwright-memo-");
    expect((await loadConfig(TEXT, FILE, {}, fresh, false)).memo).toBeUndefined();
    await expect(readFile(path.join(fresh, ".feedwright-cache", CONFIG_MEMO_FILE))).rejects.toThrow();
  });

  it("lives in the configured cacheDir", async () => {
    const text = JSON.stringify({ title: "Site", siteUrl: "https://example.org/", cacheDir: "build/cache" });
    const root = await tempDir("feedwright-memo-");
    const { memo } = await loadConfig(text, FILE, {}, root, true);
    await replaceFile(memo!.file, memo!.text);
    expect(JSON.parse(await readFile(path.join(root, "build", "cache", CONFIG_MEMO_FILE), "utf8"))).toMatchObject({ site: { cacheDir: "build/cache" } });
  });

  it("a corrupt or foreign memo is ignored and replaced; a configuration with errors is never remembered", async () => {
    const { root, memoFile } = await planted();
    for (const junk of ["not json", JSON.stringify({ key: 1 }), JSON.stringify({ key: "x", site: {}, diagnostics: [] })]) {
      await writeFile(memoFile, junk);
      const checked = await loadConfig(TEXT, FILE, {}, root, true);
      expect(checked.site?.title).toBe("Site");
      expect(checked.memo).toBeDefined();
    }
    const broken = JSON.stringify({ title: "Site", siteUrl: "not a url" });
    const checked = await loadConfig(broken, FILE, {}, root, true);
    expect(checked.site).toBeUndefined();
    expect(checked.memo).toBeUndefined();
    expect(checked.diagnostics.some((d) => d.severity === "error" && d.field === "siteUrl")).toBe(true);
  });
});
