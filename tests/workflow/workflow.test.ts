/**
 * The scheduled workflow (.github/workflows/feeds.yml): it parses, runs when it should, keeps one
 * group for build and deploy, takes the site's address from the variable or GitHub Pages, reads no
 * configuration of its own, and runs the commands the README's quick start tells a person to run.
 * Its build step is run for real, in a fresh fixture repository (a copy of the project's code with
 * its own posts and configuration, no FEEDWRIGHT_SITE_URL) against a local server standing in for
 * the published site: 404 (never published), 200 (what the first run published), 500, no answer.
 */
import { execFile } from "node:child_process";
import { cp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES, REPO, tempDir } from "../helpers/build.js";

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
  concurrency?: unknown;
  needs?: string | string[];
  "continue-on-error"?: boolean;
  permissions?: Record<string, string>;
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
const build = steps.find((step) => step.id === "build")!;
const SITE_URL_EXPRESSION = "${{ vars.FEEDWRIGHT_SITE_URL || steps.pages.outputs.base_url }}";

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

  it("one concurrency group for the whole run, build and deploy, and a running one is never cancelled", () => {
    // GitHub keeps at most one running and one pending run per group; a newer pending run
    // replaces the older pending one. Each run builds main's tip when it starts (below), so the
    // replaced run's commits are in the run that replaced it, and runs deploy in the order they build.
    expect(workflow.concurrency).toEqual({ group: "feeds", "cancel-in-progress": false });
    for (const job of Object.values(workflow.jobs)) expect(job.concurrency).toBeUndefined();
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write" });
  });

  it("builds main as it is when the run starts, not the commit that queued it (the ping job runs the same code)", () => {
    const checkout = steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkout).toHaveLength(2);
    for (const step of checkout) expect(step.with?.ref).toBe("main");
  });

  it("uses Node 20 in every job that runs feedwright", () => {
    const setup = steps.filter((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setup).toHaveLength(2);
    for (const step of setup) expect(String(step.with?.["node-version"])).toBe("20");
  });

  it("runs the README's install and build commands, the build reading the published feeds from the site's URL", async () => {
    const readme = await quickStartCommands();
    const npm = commands.filter((command) => command.startsWith("npm "));
    // Install and build as the README says; options only after `--`, as the README explains.
    expect(readme).toContain("npm ci");
    expect(readme).toContain("npm run build");
    for (const command of npm) expect(readme.some((documented) => command === documented || command.startsWith(`${documented} -- `))).toBe(true);
    expect(npm).toContain("npm ci");
    expect(npm).toContain('npm run build -- --previous "$FEEDWRIGHT_SITE_URL" --check-all');
    expect(build.id).toBe("build");
  });

  it("the install says why it failed: npm's messages are on for npm ci (.npmrc silences them for --json)", () => {
    const install = steps.filter((step) => step.run === "npm ci");
    expect(install).toHaveLength(2);
    for (const step of install) expect(step.env?.NPM_CONFIG_LOGLEVEL).toBe("warn");
  });

  it("takes the site URL from the variable, else from GitHub Pages (configure-pages' base_url), before the build", () => {
    const pages = steps.findIndex((step) => step.uses === "actions/configure-pages@v5");
    expect(pages).toBeGreaterThan(-1);
    expect(steps[pages]!.id).toBe("pages");
    expect(pages).toBeLessThan(steps.indexOf(build));
    expect(build.env).toEqual({ FEEDWRIGHT_SITE_URL: SITE_URL_EXPRESSION });
  });

  it("has no second configuration reader and no download of its own: feedwright reads its configuration and fetches", () => {
    for (const step of steps) {
      expect(step.run ?? "").not.toMatch(/feedwright\.config|require\(|curl|wget/);
    }
    expect(text).not.toContain(".published");
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

  it("WebSub: the build job hands the ping list on when a feed changed; a ping job after the deploy tells the hubs, and never fails the run", () => {
    const buildSteps = workflow.jobs.build!.steps;
    expect(workflow.jobs.build?.outputs?.ping).toBe("${{ steps.build.outputs.ping }}");
    const upload = buildSteps.findIndex((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload).toBeGreaterThan(buildSteps.indexOf(build));
    expect(buildSteps[upload]).toMatchObject({ if: "steps.build.outputs.ping == 'true'", with: { name: "feedwright-ping", path: ".feedwright-ping.json", "include-hidden-files": true } });
    const ping = workflow.jobs.ping!;
    // After the deploy job, so only once the site is published (a failed or skipped deploy skips it).
    expect(ping.needs).toEqual(["build", "deploy"]);
    expect(ping.if).toBe("needs.build.outputs.ping == 'true'");
    expect(ping["continue-on-error"]).toBe(true);
    expect(ping.permissions).toEqual({ contents: "read" });
    const download = ping.steps.findIndex((step) => step.uses?.startsWith("actions/download-artifact@"));
    const run = ping.steps.findIndex((step) => step.run === "npm run ping");
    expect(ping.steps[download]?.with?.name).toBe("feedwright-ping");
    expect(download).toBeGreaterThan(ping.steps.findIndex((step) => step.run === "npm ci"));
    expect(run).toBeGreaterThan(download);
    // Only the ping job tells hubs; the deploy job is the deploy alone.
    expect(commands.filter((command) => command.includes("ping"))).toEqual(["npm run ping"]);
    expect(workflow.jobs.deploy!.steps.map((step) => step.uses)).toEqual(["actions/deploy-pages@v4"]);
  });
});

describe("the build step, run in a fresh fixture repository against a local server", () => {
  type Answer = { serve: string } | { status: number } | "hang";
  let answer: Answer = { status: 404 };
  let server: Server;
  /** What configure-pages reports as base_url: the site's address, without a trailing slash. */
  let baseUrl: string;
  const sockets = new Set<Socket>();
  let repo: string;

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      if (answer === "hang") return;
      if ("status" in answer) return void response.writeHead(answer.status, { "content-type": "text/plain" }).end("no");
      const name = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).replace(/^\/site\//, "");
      const body = name.includes("..") ? undefined : await readFile(path.join(answer.serve, name)).catch(() => undefined);
      if (body) response.writeHead(200).end(body);
      else response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/site`;

    // A fresh repository: the project's code and lock file, its own posts and configuration.
    repo = await tempDir("feedwright-fresh-repo-");
    for (const entry of ["package.json", "package-lock.json", ".npmrc", "tsconfig.json", "scripts", "src"]) {
      await cp(path.join(REPO, entry), path.join(repo, entry), { recursive: true });
    }
    await symlink(path.join(REPO, "node_modules"), path.join(repo, "node_modules"), "dir");
    await cp(path.join(FIXTURES, "fresh-repo"), repo, { recursive: true });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The step's env as GitHub evaluates it for a repository without the variable, Pages reporting `baseUrl`. */
  function stepEnv(): Record<string, string> {
    expect(build.env?.FEEDWRIGHT_SITE_URL).toBe(SITE_URL_EXPRESSION);
    return { FEEDWRIGHT_SITE_URL: baseUrl };
  }

  async function runBuildStep(extra: Record<string, string> = {}): Promise<{ code: number; output: string; githubOutput: string }> {
    const githubOutput = path.join(repo, `github-output-${Math.random().toString(36).slice(2)}`);
    await writeFile(githubOutput, "");
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? repo, GITHUB_OUTPUT: githubOutput, ...stepEnv(), ...extra };
    try {
      const result = await run("bash", ["-e", "-c", build.run!], { cwd: repo, env });
      return { code: 0, output: result.stdout + result.stderr, githubOutput: await readFile(githubOutput, "utf8") };
    } catch (failure) {
      const f = failure as { code: number; stdout: string; stderr: string };
      return { code: f.code, output: f.stdout + f.stderr, githubOutput: await readFile(githubOutput, "utf8") };
    }
  }

  it("never published (404): builds the whole site into public/ at Pages' address, a note per feed", async () => {
    answer = { status: 404 };
    const { code, output, githubOutput } = await runBuildStep();
    expect(code, output).toBe(0);
    expect(output).toContain(`${baseUrl}/rss.xml: note: is not published yet (404)`);
    expect(output).toContain("id guard: no published items found");
    // The address came from Pages, so no warning about the configuration's example host.
    expect(output).not.toContain("example address");
    const files = await readdir(path.join(repo, "public"), { recursive: true });
    expect(files).toEqual(expect.arrayContaining(["rss.xml", "atom.xml", "feed.json", "index.html", "posts/2024-04-01-first/index.html", "posts/2024-04-02-second/index.html"]));
    expect(await readFile(path.join(repo, "public/rss.xml"), "utf8")).toContain(`<link>${baseUrl}/posts/2024-04-01-first/</link>`);
    expect(githubOutput).toContain("changed=true\n");
  });

  it("published (200): the id guard compares with what the first run published; the same output in a fresh checkout is unchanged, a new post is a change", async () => {
    const published = await tempDir("feedwright-published-");
    await cp(path.join(repo, "public"), published, { recursive: true });
    answer = { serve: published };
    // A fresh checkout: public/ does not exist; the build cache was restored (actions/cache).
    await rm(path.join(repo, "public"), { recursive: true, force: true });
    const same = await runBuildStep();
    expect(same.code, same.output).toBe(0);
    expect(same.output).toContain("id guard: 2 published item(s) checked, 0 changed id(s), 0 left the feeds");
    expect(same.output).toContain("unchanged: the output is the published site's, byte for byte");
    expect(same.githubOutput).toContain("changed=false\n");

    await writeFile(path.join(repo, "posts/2024-04-03-third.md"), "---\ntitle: The third post\ndate: 2024-04-03T09:00:00Z\n---\nNew.\n");
    await rm(path.join(repo, "public"), { recursive: true, force: true });
    const added = await runBuildStep();
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain("changed: the output differs from the published site");
    expect(added.githubOutput).toContain("changed=true\n");
    await rm(path.join(repo, "posts/2024-04-03-third.md"));
  });

  it("with hub set: the build step reports ping=true and leaves the list where the upload step takes it; the ping step tells the hub of every changed feed", async () => {
    answer = { status: 404 };
    const received: string[] = [];
    const hub = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push(Buffer.concat(chunks).toString("utf8"));
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
    const configFile = path.join(repo, "feedwright.config.json");
    const original = await readFile(configFile, "utf8");
    try {
      await writeFile(configFile, JSON.stringify({ ...JSON.parse(original), hub: hubUrl }));
      await rm(path.join(repo, "public"), { recursive: true, force: true });
      const built = await runBuildStep();
      expect(built.code, built.output).toBe(0);
      expect(built.githubOutput).toContain("ping=true\n");
      const upload = workflow.jobs.build!.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"))!;
      const list = JSON.parse(await readFile(path.join(repo, String(upload.with?.path)), "utf8")) as { feeds: string[] };
      expect(list.feeds).toEqual([`${baseUrl}/rss.xml`, `${baseUrl}/atom.xml`, `${baseUrl}/feed.json`]);
      // The ping job's step, as the runner runs it (download-artifact put the list in the checkout).
      const pingStep = workflow.jobs.ping!.steps.find((step) => step.run === "npm run ping")!;
      const pinged = await run("bash", ["-e", "-c", pingStep.run!], { cwd: repo, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? repo } });
      expect(pinged.stderr).toContain("websub: 3 of 3 notification(s) sent (1 hub(s))");
      expect(received.map((body) => new URLSearchParams(body).get("hub.url")).sort()).toEqual([`${baseUrl}/atom.xml`, `${baseUrl}/feed.json`, `${baseUrl}/rss.xml`]);
    } finally {
      await writeFile(configFile, original);
      await rm(path.join(repo, ".feedwright-ping.json"), { force: true });
      await new Promise<void>((resolve) => hub.close(() => resolve()));
    }
  });

  it("a server error (500): the run fails, naming the URL, the status and what to set", async () => {
    answer = { status: 500 };
    const { code, output } = await runBuildStep();
    expect(code).toBe(1);
    expect(output).toContain(`${baseUrl}/rss.xml: error: answered HTTP 500 Internal Server Error`);
    expect(output).toContain("FEEDWRIGHT_SITE_URL");
  });

  it("no answer: the run fails once the fetch timeout passes (FEEDWRIGHT_FETCH_TIMEOUT shortens it here)", async () => {
    answer = "hang";
    const { code, output } = await runBuildStep({ FEEDWRIGHT_FETCH_TIMEOUT: "0.2" });
    expect(code).toBe(1);
    expect(output).toContain(`${baseUrl}/rss.xml: error: could not be fetched (no answer within 0.2 s)`);
  });
});
