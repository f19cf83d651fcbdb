/**
 * Issue 11 item 12: a problem of a post the feeds do not carry yet (scheduled, pushed past `limit`)
 * fails today's build, not the unattended one at its publication; what only rendering finds is
 * found by the full check, `--check-all`, which writes the same bytes as the build without it.
 * Each case builds a site in a temporary folder with the real build (runBuild, and main for the
 * command line's exit codes).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2026-12-01T00:00:00Z";
const CONFIG = { title: "Check", siteUrl: "https://check.test/", limit: 20 };

const post = (title: string, date: string, extra = "", body = `Body of ${title}.`) => `---\ntitle: ${JSON.stringify(title)}\ndate: ${date}\n${extra}---\n${body}\n`;
const episode = (date: string, extra = "") => post("Episode 9", date, `enclosure: { url: /media/ep9.mp3, type: audio/mpeg }\n${extra}`);
const MISSING =
  "posts/ep9.md:4:19: error: enclosure.url: the enclosure has no length, so it is read from static/media/ep9.mp3, but it does not exist; add the file to the static folder (staticDir) or give enclosure.length";

async function makeSite(posts: Record<string, string>, config: Record<string, unknown> = {}, statics: Record<string, number> = {}): Promise<string> {
  const root = await tempDir("feedwright-checkall-");
  await mkdir(path.join(root, "posts"), { recursive: true });
  await mkdir(path.join(root, "static"));
  await writeFile(path.join(root, "feedwright.config.json"), JSON.stringify({ ...CONFIG, ...config }, null, 2));
  for (const [name, text] of Object.entries(posts)) await writeFile(path.join(root, "posts", name), text);
  for (const [name, size] of Object.entries(statics)) {
    await mkdir(path.dirname(path.join(root, "static", name)), { recursive: true });
    await writeFile(path.join(root, "static", name), Buffer.alloc(size));
  }
  return root;
}

async function build(root: string, now = NOW, checkAll = false) {
  const outDir = path.join(await tempDir(), "out");
  const built = await buildSite(root, now, { outDir, checkAll });
  return { ...built, lines: built.result.diagnostics.map(formatDiagnostic), errors: built.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic) };
}

async function cli(root: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv: ["--now", NOW, "--threads", "1", "--no-cache", ...argv], env: {}, cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
  return { code, stdout, stderr };
}

/** Every file below `dir`, by path, as bytes. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), await readFile(full));
  }
  return files;
}

describe("checks that need no rendering run for every post on every build", () => {
  it("a scheduled post (2030) with a missing enclosure file fails today's build, naming the file, line and field; nothing is written", async () => {
    const root = await makeSite({ "ep9.md": episode("2030-02-01"), "live.md": post("Live", "2024-01-01") });
    const today = await build(root);
    expect(today.result.ok).toBe(false);
    expect(today.errors).toEqual([MISSING]);
    expect(existsSync(today.outDir)).toBe(false);
    // The unattended build at its publication says the same, no more.
    const then = await build(root, "2030-02-01T00:00:00Z");
    expect(then.errors).toEqual([MISSING]);
  });

  it("the same for a post pushed past limit, and for an expired post", async () => {
    const posts = { "ep9.md": episode("2024-01-01"), "newer.md": post("Newer", "2024-06-01") };
    const pastLimit = await build(await makeSite(posts, { limit: 1 }));
    expect(pastLimit.result.selection).toBeUndefined();
    expect(pastLimit.errors).toEqual([MISSING]);
    const expired = await build(await makeSite({ ...posts, "ep9.md": episode("2024-01-01", "expires: 2025-01-01\n") }));
    expect(expired.errors).toEqual([MISSING]);
  });

  it("with the file in place the scheduled post builds, and its length is in the feeds at publication", async () => {
    const root = await makeSite({ "ep9.md": episode("2030-02-01"), "live.md": post("Live", "2024-01-01") }, {}, { "media/ep9.mp3": 4321 });
    const today = await build(root);
    expect(today.errors).toEqual([]);
    expect(today.result.selection?.counts.scheduled).toBe(1);
    const then = await build(root, "2030-02-01T00:00:00Z");
    expect(then.rss).toContain('<enclosure length="4321" type="audio/mpeg" url="https://check.test/media/ep9.mp3"/>');
  });

  it("a warm build whose post comes from the cache still checks the file (the cache keeps where the post names it)", async () => {
    const root = await makeSite({ "ep9.md": episode("2030-02-01"), "live.md": post("Live", "2024-01-01") }, {}, { "media/ep9.mp3": 10 });
    const warm = (now = NOW) => buildSite(root, now, { outDir: path.join(root, "public"), cache: true });
    expect((await warm()).result.ok).toBe(true);
    await rm(path.join(root, "static", "media", "ep9.mp3"));
    expect((await warm()).result.diagnostics.map(formatDiagnostic)).toEqual([MISSING]);
    // Both builds took the posts from the cache: nothing was parsed anew.
    await writeFile(path.join(root, "static", "media", "ep9.mp3"), "x");
    expect((await warm()).result.work).toMatchObject({ parsed: 0, reused: 2 });
  });

  it("a bad date in one post and a missing enclosure in another are both reported by one build", async () => {
    const root = await makeSite({ "a.md": post("A", "2024-02-30"), "ep9.md": episode("2030-02-01") });
    const built = await build(root);
    expect(built.errors).toEqual(["posts/a.md:3:7: error: date: '2024-02-30' does not exist: 2024-02 has 29 days", MISSING]);
  });

  it.each([
    ["link", "link: javascript:alert(1)\n"],
    ["image", "image: javascript:alert(1)\n"],
    ["source.url", "source: { name: Elsewhere, url: 'ftp://example.com/a' }\n"],
    ["permalink", "permalink: https://elsewhere.example/a/\n"],
  ])("a bad %s in a scheduled post and in one past limit fails today's build with its line", async (field, extra) => {
    for (const [date, limit] of [["2030-02-01", 20], ["2024-01-01", 1]] as const) {
      const built = await build(await makeSite({ "a.md": post("A", date, extra), "newer.md": post("Newer", "2024-06-01") }, { limit }));
      expect(built.result.ok).toBe(false);
      const errors = built.result.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => [d.file, d.line, d.field])).toEqual([["posts/a.md", 4, field]]);
    }
  });

  it("a draft's missing file is not checked by a plain build (work in progress), but by --check-all", async () => {
    const root = await makeSite({ "ep9.md": episode("2024-01-01", "draft: true\n"), "live.md": post("Live", "2024-01-01") });
    expect((await build(root)).errors).toEqual([]);
    expect((await build(root, NOW, true)).errors).toEqual([MISSING]);
  });
});

describe("one build reports all problems at once", () => {
  it("a bad date, a renamed post the id guard catches, a missing file and a render warning: all in the first build", async () => {
    const root = await makeSite({ "hello.md": post("Hello", "2024-05-01T10:00:00Z"), "live.md": post("Live", "2024-01-01") });
    const published = path.join(await tempDir(), "published");
    expect((await buildSite(root, NOW, { outDir: published })).result.ok).toBe(true);
    await rename(path.join(root, "posts", "hello.md"), path.join(root, "posts", "hello-world.md"));
    await writeFile(path.join(root, "posts", "a.md"), post("A", "2024-02-30"));
    await writeFile(path.join(root, "posts", "ep9.md"), episode("2030-02-01"));
    await writeFile(path.join(root, "posts", "raw.md"), post("Raw", "2024-03-01", "", "Text.\n\n<script>\nlost"));
    const built = await buildSite(root, NOW, { outDir: path.join(root, "public"), previous: published });
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.map((d) => [d.file, d.severity, d.field ?? ""])).toEqual([
      ["posts/a.md", "error", "date"],
      ["posts/ep9.md", "error", "enclosure.url"],
      ["posts/hello-world.md", "error", "id"],
      // An unclosed <script>, which is also active content the build removes: two warnings.
      ["posts/raw.md", "warning", ""],
      ["posts/raw.md", "warning", ""],
    ]);
    expect(built.result.idGuard?.changedIds.map((c) => c.previousId)).toEqual(["https://check.test/posts/hello/"]);
    expect(existsSync(path.join(root, "public"))).toBe(false);
  });
});

describe("--check-all: what only rendering finds, for the posts outside the feeds", () => {
  const unclosed = (title: string, date: string, extra = "") => post(title, date, extra, "First paragraph.\n\n<style>\nunclosed\n\nLost.");
  const WARNING = (file: string, line = 7) => `posts/${file}:${line}: warning: an unclosed <style> swallows the rest of the post: nothing after it reaches the feeds; close it with </style>`;

  it("reports a render-only problem of a scheduled, a past-limit and a draft post that a plain build does not, and writes the same bytes", async () => {
    const root = await makeSite(
      {
        "scheduled.md": unclosed("Scheduled", "2030-02-01"),
        "old.md": unclosed("Old", "2020-01-01"),
        "draft.md": unclosed("Draft", "2024-01-01", "draft: true\n"),
        "live.md": post("Live", "2024-01-01"),
        "ep.md": post("Ep", "2023-01-01", "enclosure: { url: /media/ep.mp3, type: audio/mpeg }\n"),
      },
      { limit: 2 },
      { "media/ep.mp3": 100 },
    );
    const plain = await build(root);
    expect(plain.result.ok).toBe(true);
    // old.md is past limit but live: it has a page (publish: "site"), so every build renders it.
    expect(plain.lines).toEqual([WARNING("old.md")]);
    const full = await build(root, NOW, true);
    expect(full.result.ok).toBe(true);
    expect(full.lines).toEqual([WARNING("draft.md", 8), WARNING("old.md"), WARNING("scheduled.md")]);
    expect(full.result.checkedAll).toEqual({ checked: 2, rendered: 2 });
    const [a, b] = [await tree(plain.outDir), await tree(full.outDir)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    // At its publication the plain build warns too: the full check found it years before.
    expect((await build(root, "2030-02-01T00:00:00Z")).lines).toContain(WARNING("scheduled.md"));
  });

  it("beside another generator (no pages), a post past limit is rendered only by the full check", async () => {
    const root = await makeSite({ "old.md": unclosed("Old", "2020-01-01"), "live.md": post("Live", "2024-01-01") }, { limit: 1, publish: "beside" });
    const plain = await build(root);
    expect(plain.lines).toEqual([]);
    const full = await build(root, NOW, true);
    expect(full.lines).toEqual([WARNING("old.md")]);
    expect(full.result.checkedAll).toEqual({ checked: 1, rendered: 1 });
    const [a, b] = [await tree(plain.outDir), await tree(full.outDir)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
  });

  it("with the cache, a second full check renders nothing anew, warns the same, and its outputs stay those of a plain build", async () => {
    const root = await makeSite({ "scheduled.md": unclosed("Scheduled", "2030-02-01"), "live.md": post("Live", "2024-01-01") });
    const run = async (checkAll: boolean) => buildSite(root, NOW, { outDir: path.join(root, checkAll ? "full" : "plain"), cache: true, checkAll });
    const first = await run(true);
    expect(first.result.checkedAll).toEqual({ checked: 1, rendered: 1 });
    const second = await run(true);
    expect(second.result.checkedAll).toEqual({ checked: 1, rendered: 0 });
    expect(second.result.work).toMatchObject({ parsed: 0, rendered: 0 });
    expect(second.result.diagnostics.map(formatDiagnostic)).toEqual([WARNING("scheduled.md")]);
    const plain = await run(false);
    expect(plain.result.diagnostics).toEqual([]);
    const [a, b] = [await tree(plain.outDir), await tree(second.outDir)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
  });

  it("characters XML cannot carry in a scheduled post are reported with the field", async () => {
    const root = await makeSite({ "s.md": '---\ntitle: "Bell\\u0007"\ndate: 2030-02-01\n---\nBody.\n', "live.md": post("Live", "2024-01-01") });
    expect((await build(root)).lines).toEqual([]);
    expect((await build(root, NOW, true)).lines).toEqual(["posts/s.md: warning: title: contains characters XML cannot carry (U+0007); removed from every feed"]);
  });
});

describe("the command line", () => {
  it("exit 1 for a scheduled post's missing file, with the error and no output; exit 0 once the file is there", async () => {
    const root = await makeSite({ "ep9.md": episode("2030-02-01"), "live.md": post("Live", "2024-01-01") });
    const failed = await cli(root);
    expect(failed.code).toBe(1);
    expect(failed.stderr.split("\n")[0]).toBe(MISSING);
    expect(existsSync(path.join(root, "public"))).toBe(false);
    await mkdir(path.join(root, "static", "media"), { recursive: true });
    await writeFile(path.join(root, "static", "media", "ep9.mp3"), "x");
    const built = await cli(root);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain("1 scheduled");
  });

  it("--check-all: exit 0 on a clean site, with a line saying what it checked; exit 1 for a draft's missing file; a value is bad usage (exit 2)", async () => {
    const root = await makeSite({ "live.md": post("Live", "2024-01-01"), "later.md": post("Later", "2030-01-01") });
    const clean = await cli(root, "--check-all");
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain("check-all: 1 post(s) outside the feeds and pages checked too (1 rendered anew)");
    const json = await cli(root, "--check-all", "--json", "--out", "public-json");
    expect(JSON.parse(json.stdout).checkedAll).toEqual({ checked: 1, rendered: 1 });
    await writeFile(path.join(root, "posts", "ep9.md"), episode("2024-01-01", "draft: true\n"));
    expect((await cli(root)).code).toBe(0);
    const draft = await cli(root, "--check-all");
    expect(draft.code).toBe(1);
    expect(draft.stderr.split("\n")[0]).toBe(MISSING);
    expect((await cli(root, "--check-all=yes")).code).toBe(2);
  });
});
