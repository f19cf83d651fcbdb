/**
 * maxBytes in the real build: each feed drops its oldest items until the written file fits; the
 * file is byte for byte the one `limit` set to the kept count gives, and `limit` one higher is
 * over the limit (the oracle for "one more would not fit"); the files pass the project's
 * validators and the self-check; pages of dropped posts stay; a second build touches nothing.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/build.js";
import { checkFeed } from "../../src/check/check.js";
import { buildPosts, tempDir } from "../helpers/build.js";
import { readWithFeedsmith, readWithRowanmanning, readWithRssParser, validateAtom, validateJsonFeed, validateRss } from "../support/feed-readers.js";

const NOW = "2030-01-01T00:00:00Z";
const SITE = { title: "Sizes", siteUrl: "https://example.com/", limit: 0 };
const FORMATS = [["rss", "rss.xml"], ["atom", "atom.xml"], ["json", "feed.json"]] as const;

/** Posts 1…count, post N dated N days after 2019-12-31 (so newest first is count…1), of varied lengths, some with an image and non-ASCII text. */
function corpus(count: number, big: Record<number, number> = {}) {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const body = (big[n] ? "x".repeat(big[n]) : `Paragraph ${n} with ü & <b>ß</b> `.repeat(5 + ((n * 7) % 23))) + "\n";
    return {
      file: `posts/p${String(n).padStart(2, "0")}.md`,
      text: `---\ntitle: "Post ${n} & ümlaut"\ndate: ${new Date(Date.UTC(2020, 0, n, 10)).toISOString()}\n${n % 4 === 0 ? "image: https://example.com/i.png\n" : ""}---\n${body}`,
    };
  });
}

async function site(config: Record<string, unknown>, files: readonly { file: string; text: string }[]) {
  const dir = await tempDir("feedwright-max-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify(config, null, 2));
  for (const { file, text } of files) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  const build = async (outDir = path.join(dir, "public")) => {
    const result = await runBuild({ configPath: path.join(dir, "feedwright.config.json"), cwd: dir, outDir, now: new Date(NOW), env: {}, cache: false, threads: 1 });
    const bytes = result.ok ? Object.fromEntries(await Promise.all(FORMATS.map(async ([format, name]) => [format, await readFile(path.join(outDir, name))] as const))) : {};
    return { result, bytes: bytes as Record<(typeof FORMATS)[number][0], Buffer>, outDir };
  };
  return { dir, build };
}

/** The ids of a feed, newest first, by an independent reader per format. */
async function idsOf(format: string, text: string): Promise<string[]> {
  if (format === "rss") return (await readWithRssParser(text)).items.map((item) => String(item.id));
  if (format === "atom") return (await readWithRowanmanning(text)).items.map((item) => String(item.id));
  return (await readWithFeedsmith(text, "json")).items.map((item) => String(item.id));
}

describe("maxBytes", () => {
  it("cuts each feed to the newest items that fit, exactly, and the files stay valid", async () => {
    const posts = corpus(28);
    const all = await buildPosts(SITE, posts, NOW);
    const allIds = (JSON.parse(all.feeds!.json) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(allIds).toHaveLength(28);
    const MAX = 12_000;
    const { build } = await site({ ...SITE, maxBytes: MAX }, posts);
    const { result, bytes, outDir } = await build();
    expect(result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    const kept: Record<string, number> = {};
    for (const [format, name] of FORMATS) {
      const file = bytes[format];
      expect(file.byteLength, name).toBeLessThanOrEqual(MAX);
      const text = file.toString("utf8");
      const ids = await idsOf(format, text);
      kept[format] = ids.length;
      expect(ids.length, name).toBeGreaterThan(2);
      expect(ids.length, name).toBeLessThan(28);
      expect(ids, name).toEqual(allIds.slice(0, ids.length));
      expect(checkFeed([file], format).diagnostics, name).toEqual([]);
      // The same file as `limit` set to its count; one more item is over maxBytes.
      const same = await buildPosts({ ...SITE, limit: ids.length }, posts, NOW);
      expect(same.feeds![format], name).toBe(text);
      const more = await buildPosts({ ...SITE, limit: ids.length + 1 }, posts, NOW);
      expect(Buffer.byteLength(more.feeds![format]), name).toBeGreaterThan(MAX);
    }
    expect(validateRss(bytes.rss.toString("utf8"))).toEqual([]);
    expect(await validateAtom(bytes.atom.toString("utf8"))).toEqual([]);
    expect(validateJsonFeed(JSON.parse(bytes.json.toString("utf8")))).toEqual([]);
    // The oldest post is in no feed, and its page stays (a live post).
    expect(existsSync(path.join(outDir, "posts/p01/index.html"))).toBe(true);
    // A second build writes nothing.
    const again = await build(outDir);
    expect(again.result.ok).toBe(true);
    expect(again.result.write!.written).toEqual([]);
    expect(again.result.write!.removed).toEqual([]);
  });

  it("per format: { rss } cuts only the RSS feed", async () => {
    const posts = corpus(20);
    const { build } = await site({ ...SITE, maxBytes: { rss: 9_000 } }, posts);
    const { result, bytes } = await build();
    expect(result.ok).toBe(true);
    expect(bytes.rss.byteLength).toBeLessThanOrEqual(9_000);
    expect((await idsOf("rss", bytes.rss.toString("utf8"))).length).toBeLessThan(20);
    expect(await idsOf("atom", bytes.atom.toString("utf8"))).toHaveLength(20);
    expect(await idsOf("json", bytes.json.toString("utf8"))).toHaveLength(20);
  });

  it("a post whose item alone is over the limit is dropped with every older one, and the build warns naming it", async () => {
    const posts = corpus(10, { 8: 20_000 });
    const { build } = await site({ ...SITE, maxBytes: 12_000 }, posts);
    const { result, bytes } = await build();
    expect(result.ok).toBe(true);
    for (const [format, name] of FORMATS) {
      expect(bytes[format].byteLength, name).toBeLessThanOrEqual(12_000);
      const ids = await idsOf(format, bytes[format].toString("utf8"));
      expect(ids, name).toEqual(["https://example.com/posts/p10/", "https://example.com/posts/p09/"]);
    }
    const warned = result.diagnostics.filter((d) => d.severity === "warning");
    expect(warned.map((d) => d.file)).toEqual(["posts/p08.md", "posts/p08.md", "posts/p08.md"]);
    expect(warned.map((d) => d.message).sort()[2]).toMatch(/alone makes public\/rss\.xml larger than maxBytes \(12000 bytes\).*every older post.*pages stay/);
  });

  it("a maxBytes smaller than the feed with no item is an error at the setting's line, and nothing is written", async () => {
    const { dir, build } = await site({ ...SITE, maxBytes: 300 }, corpus(3));
    const { result, outDir } = await build();
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    const text = await readFile(path.join(dir, "feedwright.config.json"), "utf8");
    const line = text.split("\n").findIndex((l) => l.includes('"maxBytes"')) + 1;
    for (const d of errors) expect(d).toMatchObject({ file: "feedwright.config.json", line, field: "maxBytes", message: expect.stringMatching(/is 300 bytes, but public\/(rss\.xml|atom\.xml|feed\.json) with no item at all is already \d+ bytes: raise maxBytes/) });
    expect(existsSync(path.join(outDir, "rss.xml"))).toBe(false);
  });

  it.each([
    [-1, "must be 1 or more"],
    [0, "must be 1 or more"],
    [1.5, "must be a number of bytes"],
    ["5MB", "must be a number of bytes"],
    [{ rss: 0 }, "must be 1 or more"],
    [{ html: 5 }, ""],
  ])("refuses maxBytes %j", async (value, message) => {
    const built = await buildPosts({ ...SITE, maxBytes: value }, corpus(1), NOW);
    expect(built.result.ok).toBe(false);
    const errors = built.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: "feedwright.config.json", field: expect.stringMatching(/^maxBytes/) });
    expect(errors[0]!.message).toContain(message);
  });
});

describe("a feed over 5 MB without maxBytes", () => {
  it("is warned about, naming the file, its size, the readers and the fix; with maxBytes it is not", async () => {
    // 50 posts of 120 kB: each feed about 6 MB.
    const posts = corpus(50, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i + 1, 120_000])));
    const { build } = await site(SITE, posts);
    const { result, bytes } = await build();
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const warned = result.diagnostics.filter((d) => d.severity === "warning");
    expect(warned.map((d) => d.file).sort()).toEqual(["public/atom.xml", "public/feed.json", "public/rss.xml"]);
    for (const d of warned) {
      const name = path.basename(d.file) as "rss.xml";
      const format = FORMATS.find(([, n]) => n === name)![0];
      expect(bytes[format].byteLength).toBeGreaterThan(5_000_000);
      expect(d.message).toContain(`is ${bytes[format].byteLength} bytes, over 5000000`);
      expect(d.message).toMatch(/W3C Feed Validator.*SimplePie.*No memory.*set maxBytes in feedwright\.config\.json.*or a lower limit/);
    }
    const limited = await site({ ...SITE, maxBytes: 5_000_000 }, posts);
    const fitted = await limited.build();
    expect(fitted.result.diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
    for (const [format] of FORMATS) expect(fitted.bytes[format].byteLength).toBeLessThanOrEqual(5_000_000);
  });
});
