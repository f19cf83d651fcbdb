/**
 * WebSub publishing (src/ping/, README "WebSub") against a small hub on 127.0.0.1 that records
 * every request: a build lists the feeds whose bytes changed, and the hub receives exactly one
 * publish per changed feed and none for an unchanged one, the body `hub.mode=publish` and
 * `hub.url=<the feed's self URL>` form-encoded; 500 and 503 are retried, then succeed; a 4xx is
 * reported and not retried; a hub that is down is named with the cause, the exit status is 3 and
 * the published output is untouched. The waits between retries are recorded, never slept.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { PING_FILE, publishBody, RETRY_DELAYS_MS } from "../../src/ping/ping.js";
import { buildSite, folderSnapshot, tempDir } from "../helpers/build.js";
import { serveSite } from "../helpers/site-server.js";

const NOW = "2030-01-01T00:00:00Z";
const SITE_URL = "https://blog.example.com/";
const FEEDS = { rss: `${SITE_URL}rss.xml`, atom: `${SITE_URL}atom.xml`, json: `${SITE_URL}feed.json` };
const POSTS = [
  { file: "posts/one.md", text: "---\ntitle: One\ndate: 2024-03-01T10:00:00Z\n---\nFirst.\n" },
  { file: "posts/two.md", text: "---\ntitle: Two\ndate: 2024-03-02T10:00:00Z\n---\nSecond.\n" },
];

interface Received {
  method: string;
  contentType: string | undefined;
  body: string;
}

/** A hub that records what it receives and answers each request with the next status of `answers` (then 204). */
async function startHub(answers: (number | [number, string] | "hang")[] = []) {
  const received: Received[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ method: request.method ?? "", contentType: request.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") });
    const answer = answers.shift() ?? 204;
    if (answer === "hang") return;
    const [status, text] = typeof answer === "number" ? [answer, ""] : answer;
    response.writeHead(status, { "content-type": "text/plain" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  const hub = { url: `http://127.0.0.1:${port}/hub`, received, close };
  hubs.push(hub);
  return hub;
}
const hubs: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

/** The feeds each publish named, in the order received (and each body is exactly the form). */
function published(received: readonly Received[]): string[] {
  return received.map((request) => {
    expect(request.method).toBe("POST");
    expect(request.contentType).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request.body);
    expect([...form.keys()]).toEqual(["hub.mode", "hub.url"]);
    expect(form.get("hub.mode")).toBe("publish");
    return form.get("hub.url")!;
  });
}

/** A site folder with a configuration (the test changes it between builds) and two posts. */
async function site(config: Record<string, unknown>) {
  const dir = await tempDir("feedwright-websub-");
  const outDir = path.join(dir, "public");
  const configure = (more: Record<string, unknown>) => writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Pings", siteUrl: SITE_URL, ...config, ...more }));
  await configure({});
  const { mkdir } = await import("node:fs/promises");
  await mkdir(path.join(dir, "posts"));
  for (const post of POSTS) await writeFile(path.join(dir, post.file), post.text);
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  const build = (options: Parameters<typeof buildSite>[2] = {}) => buildSite(dir, NOW, { outDir, ...options });
  const pingList = async () => JSON.parse(await readFile(path.join(dir, PING_FILE), "utf8")) as { hubs: string[]; feeds: string[] };
  const ping = async (env: Record<string, string> = {}) => {
    let stdout = "";
    let stderr = "";
    const code = await main({ argv: ["ping", "--config", "feedwright.config.json"], env, cwd: dir, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), clock: () => new Date(NOW), sleep });
    return { code, stdout, stderr };
  };
  return { dir, outDir, configure, build, ping, pingList, waits, sleep };
}

describe("publishBody", () => {
  it("is hub.mode=publish and hub.url form-encoded (the URL's & = : / escaped)", () => {
    expect(publishBody("https://blog.example.com/tags/c++/feed.xml?a=1&b=2")).toBe("hub.mode=publish&hub.url=https%3A%2F%2Fblog.example.com%2Ftags%2Fc%2B%2B%2Ffeed.xml%3Fa%3D1%26b%3D2");
  });
});

describe("a changed feed is pushed to the hub and an unchanged one is not", () => {
  it("the first build lists every feed; a ping after it publishes each once; a change to two feeds publishes those two, none for the third; nothing changed, nothing sent", async () => {
    const hub = await startHub();
    const s = await site({ hub: hub.url, copyright: "© 2024" });
    const first = await s.build();
    expect(first.result.ok).toBe(true);
    expect(first.result.changedFeeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
    // The build alone tells no hub: the ping comes after the deploy.
    expect(hub.received).toEqual([]);
    expect(await s.pingList()).toEqual(expect.objectContaining({ hubs: [hub.url], feeds: [FEEDS.rss, FEEDS.atom, FEEDS.json] }));

    const pinged = await s.ping();
    expect(pinged.code).toBe(0);
    expect(published(hub.received).sort()).toEqual([FEEDS.atom, FEEDS.json, FEEDS.rss]);
    expect(pinged.stderr).toContain(`websub: told ${hub.url} of ${FEEDS.rss}`);
    expect(pinged.stderr).toContain("websub: 3 of 3 notification(s) sent (1 hub(s))");
    expect((await s.pingList()).feeds).toEqual([]);

    // The copyright is in RSS (copyright) and Atom (rights), not in JSON Feed: two feeds change.
    hub.received.length = 0;
    await s.configure({ copyright: "© 2025" });
    const second = await s.build({ ping: { sleep: s.sleep } });
    expect(second.result.ok).toBe(true);
    expect(second.result.write?.unchanged).toContain("feed.json");
    expect(second.result.changedFeeds).toEqual([FEEDS.rss, FEEDS.atom]);
    expect(published(hub.received).sort()).toEqual([FEEDS.atom, FEEDS.rss]);
    expect(second.result.websub?.outcomes?.map((o) => [o.feed, o.ok, o.attempts, o.status])).toEqual([
      [FEEDS.rss, true, 1, 204],
      [FEEDS.atom, true, 1, 204],
    ]);

    hub.received.length = 0;
    const third = await s.build({ ping: { sleep: s.sleep } });
    expect(third.result.changedFeeds).toEqual([]);
    expect(hub.received).toEqual([]);
    expect((await s.ping()).stderr).toContain("no feed changed since the last ping");
    expect(hub.received).toEqual([]);
    expect(s.waits).toEqual([]);
  });

  it("against the site online (--previous <URL>, as in CI): a feed is changed when its SHA-256 differs from the published manifest's", async () => {
    const hub = await startHub();
    const s = await site({ hub: hub.url, copyright: "© 2024" });
    // What the last deploy published (its manifest carries digests when --previous is a URL).
    const published0 = await tempDir("feedwright-online-");
    const online = await serveSite(published0);
    try {
      expect((await s.build({ outDir: published0, previous: online.url })).result.ok).toBe(true);
      expect((await s.ping()).code).toBe(0);
      expect(published(hub.received)).toHaveLength(3);
      hub.received.length = 0;
      await s.configure({ copyright: "© 2025" });
      // CI: the output folder starts empty; what changed is judged against the site online.
      const fresh = await tempDir("feedwright-ci-out-");
      const built = await s.build({ outDir: fresh, previous: online.url });
      expect(built.result.changedAgainst).toBe("published site");
      expect(built.result.write?.written).toContain("feed.json");
      expect(built.result.changedFeeds).toEqual([FEEDS.rss, FEEDS.atom]);
      expect((await s.pingList()).feeds).toEqual([FEEDS.rss, FEEDS.atom]);
      // The deploy step would publish `fresh` now; then the ping tells the hub of those two.
      expect(hub.received).toEqual([]);
      expect((await s.ping()).code).toBe(0);
      expect(published(hub.received).sort()).toEqual([FEEDS.atom, FEEDS.rss]);
    } finally {
      await online.close();
    }
  });
});

describe("retries and failures", () => {
  it("500 and 503 are retried after the backoff, then the hub takes it: one feed, three requests", async () => {
    const hub = await startHub([500, 503]);
    const s = await site({ hub: hub.url });
    await s.configure({ files: { rss: "rss.xml", atom: "atom.xml", json: "feed.json" } });
    await s.build();
    // One feed listed: the list after a ping of the others.
    const list = await s.pingList();
    await writeFile(path.join(s.dir, PING_FILE), JSON.stringify({ ...list, feeds: [FEEDS.rss] }));
    const pinged = await s.ping();
    expect(pinged.code).toBe(0);
    expect(published(hub.received)).toEqual([FEEDS.rss, FEEDS.rss, FEEDS.rss]);
    expect(s.waits).toEqual(RETRY_DELAYS_MS.slice(0, 2));
    expect(pinged.stderr).toContain(`websub: told ${hub.url} of ${FEEDS.rss} (after 3 attempts)`);
    expect(pinged.stderr).not.toContain("warning");
  });

  it("429 is retried; a hub that fails every attempt is reported with its last status and the feed is kept for the next ping", async () => {
    const hub = await startHub([429, 500, 500, 502]);
    const s = await site({ hub: hub.url });
    const built = await s.build({ ping: { sleep: s.sleep } });
    expect(built.result.ok).toBe(true);
    // The first feed goes alone (a probe of the hub) and takes all four answers; the other two went through.
    const failed = built.result.websub!.outcomes!.filter((o) => !o.ok);
    expect(failed.map((o) => o.feed)).toEqual([FEEDS.rss]);
    expect(failed[0]).toMatchObject({ attempts: 4, status: 502 });
    expect(s.waits).toEqual([...RETRY_DELAYS_MS]);
    expect(built.result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: "warning", file: failed[0]!.feed, field: "hub", message: expect.stringMatching(new RegExp(`hub ${hub.url} was not told .*answered HTTP 502 Bad Gateway \\(4 attempts\\)`)) }),
    );
    expect(built.result.websub?.pending).toEqual([failed[0]!.feed]);
    expect((await s.pingList()).feeds).toEqual([failed[0]!.feed]);
  });

  it("a 4xx is reported with what the hub said, and not retried; the exit status is 3", async () => {
    const hub = await startHub([[400, "Unrecognized topic\n::error::not from us"], [400, "Unrecognized topic"], [400, "Unrecognized topic"]]);
    const s = await site({ hub: hub.url });
    await s.build();
    const pinged = await s.ping();
    expect(pinged.code).toBe(3);
    // One request per feed: none was retried.
    expect(published(hub.received).sort()).toEqual([FEEDS.atom, FEEDS.json, FEEDS.rss]);
    expect(s.waits).toEqual([]);
    expect(pinged.stderr).toMatch(new RegExp(`: warning: hub: the WebSub hub ${hub.url} was not told that this feed changed: answered HTTP 400 Bad Request: "Unrecognized topic`));
    expect(pinged.stderr).toContain("not retried: a 400 is the hub refusing the request");
    // What the hub said is on one line, and cannot start a workflow command.
    for (const line of pinged.stderr.split("\n")) expect(line).not.toMatch(/^\s*::/);
    expect((await s.pingList()).feeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
  });

  it("a hub that is down: the message names the hub, the feed and the cause, exit 3, the published output untouched, the feeds kept", async () => {
    const hub = await startHub();
    const down = hub.url;
    await hub.close();
    hubs.length = 0;
    const s = await site({ hub: down });
    await s.build();
    const before = await folderSnapshot(s.outDir);
    const pinged = await s.ping();
    expect(pinged.code).toBe(3);
    expect(pinged.stderr).toContain(`${FEEDS.rss}: warning: hub: the WebSub hub ${down} was not told that this feed changed: could not be reached (the connection was refused (ECONNREFUSED)) (4 attempts)`);
    // The other feeds are not sent to a hub that did not answer: each would wait through every retry.
    expect(pinged.stderr).toContain(`not sent: the hub did not answer for ${FEEDS.rss}`);
    expect(s.waits).toEqual([...RETRY_DELAYS_MS]);
    expect(pinged.stderr).toContain("websub: 0 of 3 notification(s) sent (1 hub(s)); 3 feed(s) kept for the next ping");
    expect(await folderSnapshot(s.outDir)).toEqual(before);
    expect((await s.pingList()).feeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
  });

  it("a hub that takes no answer past the timeout (FEEDWRIGHT_FETCH_TIMEOUT shortens it here): retried, then named with the timeout", async () => {
    const hub = await startHub(["hang", "hang", "hang", "hang"]);
    const s = await site({ hub: hub.url });
    await s.build();
    const pinged = await s.ping({ FEEDWRIGHT_FETCH_TIMEOUT: "0.2" });
    expect(pinged.code).toBe(3);
    expect(hub.received).toHaveLength(4);
    expect(pinged.stderr).toContain(`${FEEDS.rss}: warning: hub: the WebSub hub ${hub.url} was not told that this feed changed: could not be reached (no answer within 0.2 s) (4 attempts)`);
  });

  it("the build's --ping: the build is published (exit 0 would hide it: 3), every file written, the failure a warning", async () => {
    const hub = await startHub();
    const down = hub.url;
    await hub.close();
    hubs.length = 0;
    const s = await site({ hub: down });
    let stderr = "";
    const code = await main({ argv: ["--config", "feedwright.config.json", "--now", NOW, "--no-cache", "--threads", "1", "--ping"], env: {}, cwd: s.dir, stdout: () => {}, stderr: (t) => void (stderr += t), clock: () => new Date(NOW), sleep: s.sleep });
    expect(code).toBe(3);
    expect(stderr).toContain("warning: hub: the WebSub hub");
    expect(stderr).not.toContain("build failed");
    for (const name of ["rss.xml", "atom.xml", "feed.json"]) expect((await stat(path.join(s.dir, "public", name))).isFile()).toBe(true);
  });
});

describe("which feeds are topics", () => {
  it("every feed the build's plans write, by its self URL; RFC 5005 archive pages, which name no hub, are written but not listed", async () => {
    const s = await site({ hub: "https://hub.example.net/", limit: 1, archives: { itemsPerPage: 1 } });
    const built = await s.build();
    expect(built.result.ok).toBe(true);
    const archived = built.result.write!.written.filter((name) => name.startsWith("archive/"));
    expect(archived.length).toBeGreaterThan(0);
    for (const name of archived) expect(await readFile(path.join(s.outDir, name), "utf8")).not.toContain("hub.example.net");
    expect(built.result.changedFeeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
    expect((await s.pingList()).feeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
  });
});

describe("term feeds are topics too", () => {
  it("a post added to one tag: the main feeds and that tag's feed are pushed, the other tag's feed is not", async () => {
    const hub = await startHub();
    const s = await site({ hub: hub.url, termFeeds: { tags: { files: { rss: "tags/{term}.xml" } } } });
    await writeFile(path.join(s.dir, "posts/one.md"), "---\ntitle: One\ndate: 2024-03-01T10:00:00Z\ntags: [alpha]\n---\nFirst.\n");
    await writeFile(path.join(s.dir, "posts/two.md"), "---\ntitle: Two\ndate: 2024-03-02T10:00:00Z\ntags: [beta]\n---\nSecond.\n");
    const first = await s.build();
    expect(first.result.ok).toBe(true);
    const alpha = `${SITE_URL}tags/alpha.xml`;
    const beta = `${SITE_URL}tags/beta.xml`;
    expect(first.result.changedFeeds).toEqual(expect.arrayContaining([FEEDS.rss, FEEDS.atom, FEEDS.json, alpha, beta]));
    expect((await s.ping()).code).toBe(0);
    expect(published(hub.received).sort()).toEqual([...Object.values(FEEDS), alpha, beta].sort());
    hub.received.length = 0;

    await writeFile(path.join(s.dir, "posts/three.md"), "---\ntitle: Three\ndate: 2024-03-03T10:00:00Z\ntags: [alpha]\n---\nThird.\n");
    const second = await s.build({ ping: { sleep: s.sleep } });
    expect(second.result.write?.unchanged).toContain("tags/beta.xml");
    expect(published(hub.received).sort()).toEqual([FEEDS.atom, FEEDS.json, FEEDS.rss, alpha].sort());
    expect(published(hub.received)).not.toContain(beta);
  });
});

describe("the ping list", () => {
  it("no hub, no list: a build without hub removes a stale one, and feedwright ping has nothing to tell", async () => {
    const s = await site({ hub: "https://hub.example.net/" });
    await s.build();
    expect((await s.pingList()).feeds).toHaveLength(3);
    await s.configure({ hub: undefined });
    await s.build();
    await expect(readFile(path.join(s.dir, PING_FILE))).rejects.toThrow(/ENOENT/);
    const pinged = await s.ping();
    expect(pinged.code).toBe(0);
    expect(pinged.stderr).toContain("nothing to tell");
  });

  it("changed feeds not yet told are kept across builds: a second build with nothing new keeps the first one's list", async () => {
    const s = await site({ hub: "https://hub.example.net/" });
    await s.build();
    const second = await s.build();
    expect(second.result.changedFeeds).toEqual([]);
    expect((await s.pingList()).feeds).toEqual([FEEDS.rss, FEEDS.atom, FEEDS.json]);
    // A feed the build no longer writes is dropped from the list.
    await s.configure({ files: { rss: "index.xml", atom: "atom.xml", json: "feed.json" } });
    await s.build();
    expect((await s.pingList()).feeds).toEqual([`${SITE_URL}index.xml`, FEEDS.atom, FEEDS.json]);
  });
});
