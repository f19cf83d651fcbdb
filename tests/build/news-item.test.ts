/**
 * A real news item (tests/fixtures/news: a copy of the post and configuration the repository
 * started with, so a fork's own posts/ and config never touch it): its three feeds are pinned as
 * files (any change to them is a change readers would see), and builds under different host time
 * zones and locales give the same bytes.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildSite, CLI, FIXTURES, REPO, tempDir } from "../helpers/build.js";
import { readWithFeedsmith, readWithRowanmanning, validateAtom, validateJsonFeed, validateRss } from "../support/feed-readers.js";

const run = promisify(execFile);
const NOW = "2026-01-01T00:00:00Z";
const SITE = path.join(FIXTURES, "news");

describe("the news item", () => {
  it("builds to the pinned RSS, Atom and JSON files", async () => {
    const site = await buildSite(SITE, NOW, { env: {} });
    expect(site.result.ok).toBe(true);
    expect(site.result.diagnostics).toEqual([]);
    await expect(site.rss).toMatchFileSnapshot("../__snapshots__/news-item/rss.xml");
    await expect(site.atom).toMatchFileSnapshot("../__snapshots__/news-item/atom.xml");
    await expect(site.json).toMatchFileSnapshot("../__snapshots__/news-item/feed.json");
  });

  it("carries the frontmatter readers expect: German, dated, authored, summarized, tagged, sourced", async () => {
    const site = await buildSite(SITE, NOW, { env: {} });
    // Strictly well-formed and valid: RSS 2.0 structure, Atom RELAX NG + Schematron, JSON Feed 1.1 schema.
    expect(validateRss(site.rss)).toEqual([]);
    expect(await validateAtom(site.atom)).toEqual([]);
    expect(validateJsonFeed(site.json)).toEqual([]);
    const json = JSON.parse(site.json);
    const item = json.items[0];
    expect(json.language).toBe("de");
    expect(item.language).toBe("de");
    expect(item.date_published).toBe("2024-04-12T16:30:00.000Z");
    expect(item.authors).toEqual([{ name: "feedwright-Redaktion" }]);
    expect(item.summary.length).toBeGreaterThan(40);
    expect(item.tags).toContain("OpenAI");
    expect(item.content_html).toContain("Quelle: The Register (Tobias Mann)");
    expect(item.content_html).not.toMatch(/Zephyrnet|spot_img|VC-Café|Neueste Intelligenz|®/);
    for (const figure of ["7 Billionen", "900 Millionen", "H100", "Martina Strong", "G42", "Cerebras"]) expect(item.content_html).toContain(figure);
    const atom = (await readWithRowanmanning(site.atom)).items[0]!;
    const rss = (await readWithFeedsmith(site.rss, "rss")).items[0]!;
    expect(atom.id).toBe(item.id);
    expect(rss.id).toBe(item.id);
    expect(atom.title).toBe(item.title);
    expect(rss.title).toBe(item.title);
  });

  it("is byte-identical whatever the host's TZ and locale", async () => {
    const outputs: string[][] = [];
    for (const env of [
      { TZ: "UTC", LC_ALL: "C", LANG: "C" },
      { TZ: "Pacific/Kiritimati", LC_ALL: "de_DE.UTF-8", LANG: "de_DE.UTF-8" },
      { TZ: "America/St_Johns", LC_ALL: "tr_TR.UTF-8", LANG: "tr_TR.UTF-8" },
    ]) {
      const out = await tempDir();
      await run(process.execPath, [CLI, "--config", path.join(SITE, "feedwright.config.json"), "--now", NOW, "--out", out, "--no-cache"], {
        cwd: REPO,
        env: { PATH: process.env.PATH, ...env },
      });
      outputs.push(await Promise.all(["rss.xml", "atom.xml", "feed.json"].map((f) => readFile(path.join(out, f), "utf8"))));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});
