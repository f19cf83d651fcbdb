/**
 * The build with `--previous <URL>`: the id guard compares with the feeds a local server on
 * 127.0.0.1 publishes (the output of an earlier real build), so a renamed post fails the build as
 * it would against the live site; 404 (nothing published yet) builds with notes; 500 and a server
 * that never answers stop the build with nothing written. The command line is run in-process.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { buildSite, FIXTURES, tempDir } from "../helpers/build.js";

const NOW = "2024-04-11T10:00:00+02:00";
type Mode = { serve: string } | { status: number } | "hang";
let mode: Mode = { status: 404 };
let server: Server;
let url: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer(async (request, response) => {
    if (mode === "hang") return;
    if ("status" in mode) return void response.writeHead(mode.status, { "content-type": "text/plain" }).end("no");
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).replace(/^\/site\//, "");
    const body = await readFile(path.join(mode.serve, path.basename(name))).catch(() => undefined);
    if (body) response.writeHead(200, { "content-type": "application/octet-stream" }).end(body);
    else response.writeHead(404).end("not found");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/site/`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function siteCopy(): Promise<string> {
  const dir = await tempDir("feedwright-previous-url-");
  await cp(path.join(FIXTURES, "schedule"), dir, { recursive: true });
  return dir;
}

async function cli(site: string, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv, env: {}, cwd: site, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), clock: () => new Date(NOW) });
  return { code, stdout, stderr };
}

describe("--previous <URL>: the id guard against the published site", () => {
  it("200: compares with what an earlier build published; a renamed post fails, pinning its id passes", async () => {
    const site = await siteCopy();
    const published = await tempDir("feedwright-published-");
    expect((await buildSite(site, NOW, { outDir: published })).result.ok).toBe(true);
    mode = { serve: published };

    const same = await cli(site, ["--now", NOW, "--previous", url, "--json", "--no-cache"]);
    expect(same.code).toBe(0);
    const report = JSON.parse(same.stdout) as BuildReport;
    expect(report.idGuard).toMatchObject({ checked: 4, changedIds: [] });
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    const file = path.join(site, "posts/2024-04-10-spring.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("date: 2024-04-10T10:00", "date: 2024-04-10T10:00\nslug: fruehling"));
    const renamed = await cli(site, ["--now", NOW, "--previous", url, "--out", "renamed", "--no-cache"]);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toContain("posts/2024-04-10-spring.md: error: id: was published as 'https://schedule.example/posts/2024-04-10-spring/' and would now be 'https://schedule.example/posts/fruehling/'");
    await expect(readFile(path.join(site, "renamed/rss.xml"))).rejects.toThrow();

    await writeFile(file, text.replace("date: 2024-04-10T10:00", "date: 2024-04-10T10:00\nslug: fruehling\nid: https://schedule.example/posts/2024-04-10-spring/"));
    expect((await cli(site, ["--now", NOW, "--previous", url, "--no-cache"])).code).toBe(0);
  });

  it("404: not published yet; the build writes the site, with a note per feed and nothing to compare", async () => {
    const site = await siteCopy();
    mode = { status: 404 };
    const run = await cli(site, ["--now", NOW, "--previous", url, "--no-cache"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${url}rss.xml: note: is not published yet (404)`);
    expect(run.stderr).toContain("id guard: no published items found (the first publication?); nothing to compare");
    expect(await readFile(path.join(site, "public/rss.xml"), "utf8")).toContain("<rss");
  });

  it("500: the build fails with nothing written, naming the URL, the status and what to set", async () => {
    const site = await siteCopy();
    mode = { status: 500 };
    const run = await cli(site, ["--now", NOW, "--previous", url, "--no-cache"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${url}rss.xml: error: answered HTTP 500 Internal Server Error`);
    expect(run.stderr).toContain("FEEDWRIGHT_SITE_URL");
    expect(run.stderr).toContain("nothing was written");
    await expect(readFile(path.join(site, "public/rss.xml"))).rejects.toThrow();
  });

  it("a server that never answers: the build fails once the (injected, short) timeout passes", async () => {
    const site = await siteCopy();
    mode = "hang";
    const built = await buildSite(site, NOW, { previous: url, fetchPrevious: { timeoutMs: 200 } });
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.file, d.message.replace(/\);.*/, ")")])).toEqual([
      [`${url}atom.xml`, "could not be fetched (no answer within 0.2 s)"],
      [`${url}feed.json`, "could not be fetched (no answer within 0.2 s)"],
      [`${url}rss.xml`, "could not be fetched (no answer within 0.2 s)"],
    ]);
  });

  it("an empty --previous (an unset variable in a script) is bad usage, exit 2", async () => {
    const run = await cli(await siteCopy(), ["--previous", ""]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^feedwright: --previous is empty; .*FEEDWRIGHT_SITE_URL/);
  });
});
