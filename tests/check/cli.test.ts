/**
 * `feedwright check <file or URL>…` through the command line's own entry (src/cli.ts main): a
 * clean file, a broken one, feeds served by a local server on 127.0.0.1 (Node's real fetch), and
 * the usage errors.
 */
import { createServer, type Server } from "node:http";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { buildSite, FIXTURES, tempDir } from "../helpers/build.js";

async function run(cwd: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv, env: {}, cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date("2030-01-01T00:00:00Z") });
  return { code, stdout, stderr };
}

const BROKEN = `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>D</description>\n<item><title>A</title><guid isPermaLink="false">a\u2028::error::x</guid></item>\n<item><title>B</title><guid isPermaLink="false">a\u2028::error::x</guid><pubDate>yesterday</pubDate></item></channel></rss>\n`;

let dir: string;
let server: Server;
let base: string;
let built: Awaited<ReturnType<typeof buildSite>>;
let closedPort: number;

beforeAll(async () => {
  dir = await tempDir("feedwright-check-cli-");
  built = await buildSite(path.join(FIXTURES, "rich"), "2030-01-01T00:00:00Z", { outDir: path.join(dir, "public") });
  await writeFile(path.join(dir, "broken.xml"), BROKEN);
  server = createServer((request, response) => {
    if (request.url === "/feed.json") response.writeHead(200, { "content-type": "application/feed+json" }).end(built.json);
    else if (request.url === "/broken.xml") response.writeHead(200, { "content-type": "application/rss+xml" }).end(BROKEN);
    else response.writeHead(404).end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("feedwright check", () => {
  it("exits 0 on the feeds a build wrote, naming each format and its items", async () => {
    const out = await run(dir, "check", "public/rss.xml", "public/atom.xml", "public/feed.json");
    expect(out).toMatchObject({ code: 0, stderr: "" });
    expect(out.stdout.trim().split("\n")).toEqual(["public/rss.xml: RSS 2.0, 3 item(s): clean", "public/atom.xml: Atom, 3 item(s): clean", "public/feed.json: JSON Feed 1.1, 3 item(s): clean"]);
  });

  it("exits 1 on a violation, with file:line, the rule, the item, and the id escaped for the log", async () => {
    const out = await run(dir, "check", "broken.xml", "public/rss.xml");
    expect(out.code).toBe(1);
    const lines = out.stdout.trim().split("\n");
    expect(lines).toEqual([
      "broken.xml:4: error: unique-id: item 2 (id 'a\\u2028::error::x'): has the <guid> of item 1: readers keep one of them and drop the other. Every item needs its own",
      expect.stringMatching(/^broken\.xml:4: error: rss-date: item 2 .*'yesterday' is not an RFC 822 date/),
      "broken.xml: RSS 2.0, 2 item(s): 2 violation(s)",
      "public/rss.xml: RSS 2.0, 3 item(s): clean",
    ]);
    expect(out.stdout).not.toContain("\u2028");
  });

  it("fetches http URLs: a clean feed, a broken one, a 404 and a refused connection", async () => {
    expect(await run(dir, "check", `${base}/feed.json`)).toMatchObject({ code: 0, stdout: `${base}/feed.json: JSON Feed 1.1, 3 item(s): clean\n` });
    const out = await run(dir, "check", `${base}/broken.xml`, `${base}/missing.xml`, `http://127.0.0.1:${closedPort}/feed.xml`);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${base}/broken.xml: RSS 2.0, 2 item(s): 2 violation(s)`);
    expect(out.stdout).toContain(`${base}/missing.xml: error: answered HTTP 404 Not Found, not a feed (200)`);
    expect(out.stdout).toContain(`http://127.0.0.1:${closedPort}/feed.xml: error: could not be fetched (the connection was refused (ECONNREFUSED))`);
  });

  it("exits 2 on bad usage: nothing to check, an unknown flag, a file that does not exist, a bad timeout", async () => {
    expect(await run(dir, "check")).toMatchObject({ code: 2, stdout: "", stderr: expect.stringContaining("give one or more feed files or URLs") });
    expect(await run(dir, "check", "--strict", "public/rss.xml")).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--strict'") });
    expect(await run(dir, "check", "public/rss.xml", "nope.xml")).toMatchObject({ code: 2, stdout: "", stderr: expect.stringContaining("'nope.xml' cannot be read (ENOENT)") });
    const env = await main({ argv: ["check", "public/rss.xml"], env: { FEEDWRIGHT_FETCH_TIMEOUT: "soon" }, cwd: dir, stdout: () => undefined, stderr: () => undefined, clock: () => new Date() });
    expect(env).toBe(2);
    expect(await run(dir, "check", "--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: feedwright check") });
  });
});
