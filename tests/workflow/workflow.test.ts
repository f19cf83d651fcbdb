/**
 * The scheduled workflow (.github/workflows/feeds.yml): it parses, runs when it should, never
 * overlaps itself, uses Node 20, and runs the same commands the README's quick start tells a
 * person to run. Its download step is run for real against a local server.
 */
import { execFile } from "node:child_process";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO, tempDir } from "../helpers/build.js";

const run = promisify(execFile);

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  if?: string;
  steps: Step[];
  outputs?: Record<string, string>;
  environment?: { name: string };
}
interface Workflow {
  on: { schedule: { cron: string }[]; push: { branches: string[] }; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const text = await readFile(path.join(REPO, ".github/workflows/feeds.yml"), "utf8");
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** Every shell command the workflow runs, one per line, `&&` chains split. */
const commands = steps
  .flatMap((step) => (step.run ?? "").split("\n"))
  .flatMap((line) => line.split("&&"))
  .map((line) => line.trim())
  .filter((line) => line !== "");

/** The commands of the README's quick start (the first sh block after "## Quick start"), comments dropped. */
async function quickStartCommands(): Promise<string[]> {
  const readme = await readFile(path.join(REPO, "README.md"), "utf8");
  const section = readme.split(/^## Quick start$/m)[1];
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md has no sh block under '## Quick start'");
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .flatMap((line) => line.split("&&"))
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

describe("the feeds workflow", () => {
  it("runs on a schedule, on pushes to main and by hand", () => {
    expect(workflow.on.schedule).toEqual([{ cron: "*/15 * * * *" }]);
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect("workflow_dispatch" in workflow.on).toBe(true);
  });

  it("never runs twice at once and never cancels a run that is deploying", () => {
    expect(workflow.concurrency).toEqual({ group: "feeds", "cancel-in-progress": false });
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write" });
  });

  it("uses Node 20", () => {
    const setup = steps.filter((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setup).toHaveLength(1);
    expect(String(setup[0]!.with?.["node-version"])).toBe("20");
  });

  it("runs the README's install and build commands, the build with the id guard and the site URL variable", async () => {
    const readme = await quickStartCommands();
    const npm = commands.filter((command) => command.startsWith("npm "));
    // Install and build as the README says; options only after `--`, as the README explains.
    expect(readme).toContain("npm ci");
    expect(readme).toContain("npm run build");
    for (const command of npm) expect(readme.some((documented) => command === documented || command.startsWith(`${documented} -- `))).toBe(true);
    expect(npm).toEqual(["npm ci", "npm run build -- --previous .published --check-all"]);
    const build = steps.find((step) => step.run?.startsWith("npm run build"))!;
    expect(build.id).toBe("build");
    expect(build.env?.FEEDWRIGHT_SITE_URL).toBe("${{ vars.FEEDWRIGHT_SITE_URL }}");
  });

  it("caches the build cache folder, keyed on the lock file and the configuration", () => {
    const cache = steps.find((step) => step.uses?.startsWith("actions/cache@"));
    expect(cache?.with?.path).toBe(".feedwright-cache");
    expect(String(cache?.with?.key)).toContain("hashFiles('package-lock.json', 'feedwright.config.json')");
  });

  it("deploys public/ to Pages, except after a scheduled build that changed nothing", () => {
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"));
    expect(upload?.with?.path).toBe("public");
    expect(upload?.if).toBe("steps.build.outputs.changed == 'true' || github.event_name != 'schedule'");
    const deploy = Object.values(workflow.jobs).find((job) => job.steps.some((step) => step.uses?.startsWith("actions/deploy-pages@")));
    expect(deploy?.needs).toBe("build");
    expect(deploy?.if).toBe("needs.build.outputs.changed == 'true' || github.event_name != 'schedule'");
    expect(deploy?.environment?.name).toBe("github-pages");
    expect(workflow.jobs.build?.outputs?.changed).toBe("${{ steps.build.outputs.changed }}");
  });
});

describe("the download step, run against a local server", () => {
  const download = steps.find((step) => step.name === "Download the published feeds")!;
  let server: Server;
  let baseUrl: string;
  const served = new Map<string, { status: number; body: string }>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const answer = served.get(request.url ?? "") ?? { status: 404, body: "not found" };
      response.writeHead(answer.status, { "content-type": "text/plain" });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/site/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function runDownload(): Promise<{ dir: string; code: number; output: string }> {
    const dir = await tempDir("feedwright-workflow-");
    await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "t", siteUrl: "https://unused.example/", files: { json: "items.json" } }));
    try {
      const result = await run("bash", ["-c", download.run!], { cwd: dir, env: { ...process.env, FEEDWRIGHT_SITE_URL: baseUrl, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" } });
      return { dir, code: 0, output: result.stdout + result.stderr };
    } catch (failure) {
      const f = failure as { code: number; stdout: string; stderr: string };
      return { dir, code: f.code, output: f.stdout + f.stderr };
    }
  }

  it("keeps what is published (into .published/ and public/), tolerates 404, and uses the configured file names", async () => {
    served.clear();
    served.set("/site/rss.xml", { status: 200, body: "<rss/>" });
    served.set("/site/items.json", { status: 200, body: "{}" });
    const { dir, code, output } = await runDownload();
    expect(code).toBe(0);
    expect((await readdir(path.join(dir, ".published"))).sort()).toEqual(["items.json", "rss.xml"]);
    expect((await readdir(path.join(dir, "public"))).sort()).toEqual(["items.json", "rss.xml"]);
    expect(await readFile(path.join(dir, ".published/rss.xml"), "utf8")).toBe("<rss/>");
    expect(output).toContain("atom.xml is not published yet");
  });

  it("stops on any other answer, so the id guard never silently compares nothing", async () => {
    served.clear();
    served.set("/site/atom.xml", { status: 403, body: "forbidden" });
    const { code, output } = await runDownload();
    expect(code).not.toBe(0);
    expect(output).toContain("answered 403");
  });
});
