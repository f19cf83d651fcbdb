/**
 * Every check that needs no rendering runs for every post on every build (issue 11, item 12): a
 * scheduled post, or one past the limit, whose local enclosure is missing fails today's build, not
 * the unattended build at its date; a bad date and a missing enclosure in two posts are reported
 * together. What only rendering finds, `--check-all` finds, for every post, writing nothing.
 */
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { buildSite, tempDir } from "../helpers/build.js";

const NOW = "2026-06-01T00:00:00Z";
const EPISODE = "enclosure:\n  url: /media/ep9.mp3\n  type: audio/mpeg\n";

async function site(posts: Record<string, string>, config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempDir("feedwright-every-");
  await mkdir(path.join(dir, "posts"));
  await mkdir(path.join(dir, "static", "media"), { recursive: true });
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Every post", siteUrl: "https://example.org/", ...config }));
  for (const [name, text] of Object.entries(posts)) await writeFile(path.join(dir, "posts", name), text);
  return dir;
}
const post = (title: string, date: string, extra = "", body = "Body.") => `---\ntitle: ${title}\ndate: ${date}\n${extra}---\n\n${body}\n`;
const missingEnclosure = expect.objectContaining({ severity: "error", file: "posts/episode.md", field: "enclosure.url", message: expect.stringMatching(/static\/media\/ep9\.mp3, but it does not exist/) });

describe("checks that need no rendering, for every post", () => {
  it("a post dated 2030 whose enclosure file is missing fails today's build", async () => {
    const dir = await site({ "live.md": post("Live", "2026-01-01T00:00:00Z"), "episode.md": post("Episode 9", "2030-02-01T00:00:00Z", EPISODE) });
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics).toContainEqual(missingEnclosure);
    expect(existsSync(path.join(built.outDir, "rss.xml"))).toBe(false);
    // With the file in place it builds, and the post waits for its date.
    await writeFile(path.join(dir, "static", "media", "ep9.mp3"), "ID3");
    const fixed = await buildSite(dir, NOW);
    expect(fixed.result.ok).toBe(true);
    expect(fixed.result.selection?.counts.scheduled).toBe(1);
  });

  it("so does a post pushed past the limit, and a draft", async () => {
    for (const extra of ["", "draft: true\n"]) {
      const dir = await site({ "new.md": post("New", "2026-05-01T00:00:00Z"), "episode.md": post("Episode 9", "2020-01-01T00:00:00Z", EPISODE + extra) }, { limit: 1 });
      const built = await buildSite(dir, NOW);
      expect(built.result.ok).toBe(false);
      expect(built.result.diagnostics).toContainEqual(missingEnclosure);
    }
  });

  it("a bad date and a missing enclosure in two posts: both in one build", async () => {
    const dir = await site({ "dated.md": post("Dated", "someday soon"), "episode.md": post("Episode 9", "2030-02-01T00:00:00Z", EPISODE) });
    const built = await buildSite(dir, NOW);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", file: "posts/dated.md", field: "date" }));
    expect(built.result.diagnostics).toContainEqual(missingEnclosure);
  });

  it("a post that comes from the cache is checked too: its enclosure file removed after a build", async () => {
    const dir = await site({ "episode.md": post("Episode 9", "2030-02-01T00:00:00Z", EPISODE) });
    await writeFile(path.join(dir, "static", "media", "ep9.mp3"), "ID3");
    expect((await buildSite(dir, NOW, { cache: true })).result.ok).toBe(true);
    await rm(path.join(dir, "static", "media", "ep9.mp3"));
    const warm = await buildSite(dir, NOW, { cache: true });
    expect(warm.result.work?.parsed ?? 0).toBe(0);
    expect(warm.result.ok).toBe(false);
    expect(warm.result.diagnostics).toContainEqual(missingEnclosure);
  });
});

describe("--check-all: every post rendered, nothing written", () => {
  async function run(dir: string, ...argv: string[]) {
    let stderr = "";
    let stdout = "";
    const code = await main({ argv: ["--now", NOW, "--no-cache", ...argv], env: {}, cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
    return { code, stderr, stdout };
  }

  it("finds what only rendering finds in a scheduled post; a build leaves it for the post's date", async () => {
    // A control character in the body: only the rendered content shows it.
    const dir = await site({ "live.md": post("Live", "2026-01-01T00:00:00Z"), "later.md": post("Later", "2030-02-01T00:00:00Z", "", "Bell \u0007 here.") });
    const build = await run(dir, "--out", "built");
    expect(build.code).toBe(0);
    expect(build.stderr).not.toMatch(/posts\/later\.md: warning/);
    const check = await run(dir, "--check-all", "--out", "checked");
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/posts\/later\.md: warning: contentHtml: contains characters XML cannot carry \(U\+0007\)/);
    expect(check.stderr).toMatch(/checked all 2 post\(s\), each rendered \(0 draft\(s\), 1 scheduled, 0 expired among them\); nothing was written/);
    expect(existsSync(path.join(dir, "checked"))).toBe(false);
  });

  it("exits 1 on an error in any post, and reports with --json", async () => {
    const dir = await site({ "episode.md": post("Episode 9", "2030-02-01T00:00:00Z", EPISODE) });
    const check = await run(dir, "--check-all", "--json");
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { ok: boolean; diagnostics: { file: string; field?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: "posts/episode.md", field: "enclosure.url" }));
  });
});
