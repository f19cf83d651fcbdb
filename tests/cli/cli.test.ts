/**
 * The command line: flags, clock, exit codes, the report (text and --json), the GitHub Actions
 * outputs and the id guard. Most tests call main() in-process with its real I/O seam; a few run
 * the real entry point (and one `npm run build -- …`) as child processes.
 */
import { execFile } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { CLI, FIXTURES, REPO, tempDir } from "../helpers/build.js";

const exec = promisify(execFile);
const NOW = "2024-04-11T10:00:00+02:00";

async function siteCopy(): Promise<string> {
  const dir = await tempDir("feedwright-cli-");
  await cp(path.join(FIXTURES, "schedule"), dir, { recursive: true });
  return dir;
}

async function cli(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? (await siteCopy()),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clock: () => new Date("2024-04-11T08:00:00Z"),
  });
  return { code, stdout, stderr };
}

/** The real entry point in a child process, as `npm run build` runs it (the bundle); resolves with the exit code instead of throwing. */
async function spawnBuild(argv: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...argv], { cwd: REPO, env: { ...process.env, SOURCE_DATE_EPOCH: "", GITHUB_OUTPUT: "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (failure) {
    const f = failure as { code: number; stdout: string; stderr: string };
    return { code: f.code, stdout: f.stdout, stderr: f.stderr };
  }
}

describe("usage", () => {
  it("--help lists every option and exits 0", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const flag of ["--config", "--posts", "--out", "--now", "--json", "--previous", "--check-all", "--help", "--version"]) expect(stdout).toContain(flag);
    expect(stdout).toContain("SOURCE_DATE_EPOCH");
  });

  it("--version prints package.json's version", async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { version: string };
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it("bad usage exits 2 and writes nothing: unknown flag, positional, --now without offset or not a date, bad SOURCE_DATE_EPOCH", async () => {
    const site = await siteCopy();
    const cases: [string[], Record<string, string>, string][] = [
      [["--frobnicate"], {}, "frobnicate"],
      [["posts"], {}, "posts"],
      [["--now", "2024-04-11T10:00"], {}, "is not an RFC 3339 instant with an offset"],
      [["--now", "tomorrow"], {}, "'tomorrow'"],
      [["--now", "2024-02-30T10:00:00Z"], {}, "2024-02-30"],
      [[], { SOURCE_DATE_EPOCH: "yesterday" }, "SOURCE_DATE_EPOCH 'yesterday'"],
    ];
    for (const [argv, env, message] of cases) {
      const result = await cli(argv, { cwd: site, env });
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr, argv.join(" ")).toContain(message);
    }
    await expect(readFile(path.join(site, "public/rss.xml"))).rejects.toThrow();
  });
});

describe("the clock", () => {
  it("--now wins over SOURCE_DATE_EPOCH, which wins over the real clock", async () => {
    const epoch = String(Date.parse("2024-04-20T08:00:00Z") / 1000);
    const json = async (argv: string[], env: Record<string, string> = {}) => JSON.parse((await cli([...argv, "--json"], { env })).stdout) as BuildReport;
    expect((await json([])).now).toBe("2024-04-11T08:00:00.000Z");
    expect((await json([], { SOURCE_DATE_EPOCH: epoch })).now).toBe("2024-04-20T08:00:00.000Z");
    expect((await json(["--now", "2024-04-01T00:00:00-05:00"], { SOURCE_DATE_EPOCH: epoch })).now).toBe("2024-04-01T05:00:00.000Z");
    // The clock decides what is in the feed: on 20 April the scheduled post is published.
    expect((await json([], { SOURCE_DATE_EPOCH: epoch })).counts).toMatchObject({ scheduled: 0, expired: 1 });
  });
});

describe("the report", () => {
  it("--json prints one JSON object on stdout, the diagnostics inside it and nothing on stderr", async () => {
    const { code, stdout, stderr } = await cli(["--json", "--now", NOW]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as BuildReport;
    expect(report).toMatchObject({
      ok: true,
      now: "2024-04-11T08:00:00.000Z",
      counts: { published: 4, inFeed: 4, drafts: 2, scheduled: 1, expired: 0 },
      nextScheduled: { at: "2024-04-20T08:00:00.000Z", title: "FUTURE-MARKER scheduled post", file: "posts/2024-04-20-future.md" },
      changed: true,
      written: expect.arrayContaining(["rss.xml", "atom.xml", "feed.json", "index.html"]),
      unchanged: [],
      errors: 0,
      warnings: 2,
    });
    // The fixture's siteUrl is an example address (schedule.example): the report says so (tests/cli/example-host.test.ts).
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: "feedwright.config.json", field: "siteUrl" }),
      expect.objectContaining({ severity: "warning", file: "posts/2024-03-31-gap.md", field: "date" }),
    ]);
    expect("idGuard" in report).toBe(false);
    expect(report.diagnostics[1]).toMatchObject({ line: 3, column: 1 });
    expect(stderr).toBe("");
  });

  it("without --json, a readable report on stderr: counts, next scheduled post, changed or not", async () => {
    const site = await siteCopy();
    const first = await cli(["--now", NOW], { cwd: site });
    expect(first.stdout).toBe("");
    expect(first.stderr).toContain("4 item(s) in the feeds; 4 published, 2 draft(s), 1 scheduled, 0 expired");
    expect(first.stderr).toContain('next scheduled: 2024-04-20T08:00:00.000Z "FUTURE-MARKER scheduled post" (posts/2024-04-20-future.md)');
    expect(first.stderr).toMatch(/changed: .*rss\.xml, atom\.xml, feed\.json/);
    const second = await cli(["--now", NOW], { cwd: site });
    expect(second.stderr).toContain("unchanged: no file was rewritten");
  });

  it("inside GitHub Actions, writes the outputs changed, next_publish_at and ping to GITHUB_OUTPUT", async () => {
    const site = await siteCopy();
    const output = path.join(await tempDir(), "github_output");
    await writeFile(output, "earlier=kept\n");
    await cli(["--now", NOW], { cwd: site, env: { GITHUB_OUTPUT: output } });
    await cli(["--now", NOW], { cwd: site, env: { GITHUB_OUTPUT: output } });
    await cli(["--now", "2024-05-01T00:00:00Z"], { cwd: site, env: { GITHUB_OUTPUT: output } });
    expect(await readFile(output, "utf8")).toBe(
      "earlier=kept\n" +
        "changed=true\nnext_publish_at=2024-04-20T08:00:00.000Z\nping=false\n" +
        "changed=false\nnext_publish_at=2024-04-20T08:00:00.000Z\nping=false\n" +
        "changed=true\nnext_publish_at=\nping=false\n",
    );
  });

  it("with hub set, ping=true in GITHUB_OUTPUT while changed feeds wait for feedwright ping", async () => {
    const site = await siteCopy();
    const configFile = path.join(site, "feedwright.config.json");
    await writeFile(configFile, JSON.stringify({ ...JSON.parse(await readFile(configFile, "utf8")), hub: "https://hub.example.net/" }));
    const output = path.join(await tempDir(), "github_output");
    await writeFile(output, "");
    const built = await cli(["--now", NOW], { cwd: site, env: { GITHUB_OUTPUT: output } });
    expect(await readFile(output, "utf8")).toContain("ping=true\n");
    expect(built.stderr).toContain("websub: 3 changed feed(s) to tell 1 hub(s) of after the deploy: feedwright ping (npm run ping)");
  });
});

describe("--previous, the id guard", () => {
  it("exits 1 on a slug rename, naming the post; passes once the id is pinned; reports the guard in --json", async () => {
    const site = await siteCopy();
    const published = path.join(await tempDir(), "published");
    expect((await cli(["--now", NOW, "--out", published], { cwd: site })).code).toBe(0);
    const file = path.join(site, "posts/2024-04-10-spring.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("date: 2024-04-10T10:00", "date: 2024-04-10T10:00\nslug: fruehling"));
    const renamed = await cli(["--now", NOW, "--previous", published, "--json"], { cwd: site });
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toBe("");
    const report = JSON.parse(renamed.stdout) as BuildReport;
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: "posts/2024-04-10-spring.md", field: "id", message: expect.stringMatching(/^was published as 'https:\/\/schedule\.example\/posts\/2024-04-10-spring\/'/) }));
    expect(report.ok).toBe(false);
    expect(report.idGuard).toMatchObject({ checked: 4, changedIds: [{ file: "posts/2024-04-10-spring.md", id: "https://schedule.example/posts/fruehling/" }] });
    await expect(readFile(path.join(site, "public/rss.xml"))).rejects.toThrow();

    await writeFile(file, text.replace("date: 2024-04-10T10:00", "date: 2024-04-10T10:00\nslug: fruehling\nid: https://schedule.example/posts/2024-04-10-spring/"));
    const pinned = await cli(["--now", "2024-04-11T12:00:00+02:00", "--previous", published], { cwd: site });
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toContain("id guard: 4 published item(s) checked, 0 changed id(s), 1 left the feeds");
    expect(pinned.stderr).toContain('note: "Angebot bis Donnerstagmittag" (https://schedule.example/posts/2024-04-05-expiring/) left the feeds: it expired');
  });
});

describe("the real process", () => {
  it("exits 0, 1 and 2", async () => {
    const site = await siteCopy();
    const out = path.join(await tempDir(), "out");
    const config = path.join(site, "feedwright.config.json");
    const ok = await spawnBuild(["--config", config, "--out", out, "--now", NOW, "--no-cache"], site);
    expect(ok.code).toBe(0);
    expect(await readFile(path.join(out, "feed.json"), "utf8")).toContain("Frühling");
    await writeFile(path.join(site, "posts/bad.md"), "---\ntitle: [unclosed\n---\n");
    const invalid = await spawnBuild(["--config", config, "--out", out, "--now", NOW, "--no-cache"], site);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("bad.md:");
    expect((await spawnBuild(["--now", "soon"], site)).code).toBe(2);
  });

  it("npm run build -- <flags> passes the flags through", async () => {
    const site = await siteCopy();
    const out = path.join(await tempDir(), "npm-out");
    const { stdout } = await exec("npm", ["run", "--silent", "build", "--", "--config", path.join(site, "feedwright.config.json"), "--out", out, "--now", NOW, "--no-cache", "--json"], {
      cwd: REPO,
      env: { ...process.env, SOURCE_DATE_EPOCH: "", GITHUB_OUTPUT: "" },
    });
    const report = JSON.parse(stdout) as BuildReport;
    expect(report.now).toBe("2024-04-11T08:00:00.000Z");
    expect(report.counts.inFeed).toBe(4);
    expect(JSON.parse(await readFile(path.join(out, "feed.json"), "utf8")).items).toHaveLength(4);
  });
});
