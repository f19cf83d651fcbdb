/**
 * `--previous https://…/`: the published feeds read from the site over HTTP (src/load/previous.ts),
 * against a real server on 127.0.0.1 that answers 200, 404, 500, or never. The client's timeout
 * is the stage's seam, so the never-answering server fails the fetch quickly; no test measures time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPreviousFeeds, isPreviousUrl, type FetchLike } from "../../src/load/previous.js";

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title><link>https://example.org/</link><description>d</description>
<item><title>Hello</title><link>https://example.org/posts/hello/</link><guid>https://example.org/posts/hello/</guid><pubDate>Wed, 10 Apr 2024 08:00:00 GMT</pubDate></item>
</channel></rss>`;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handler: Handler = (_request, response) => response.writeHead(404).end();
const requests: string[] = [];
let server: Server;
let base: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    handler(request, response);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/blog`;
});
afterAll(async () => {
  // The never-answering handler leaves sockets open: close them, or close() waits for ever.
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const NAMES = ["rss.xml", "atom.xml", "feed.json"];

describe("isPreviousUrl", () => {
  it("tells the site's http(s) address from a path", () => {
    expect(isPreviousUrl("https://jane.github.io/blog/")).toBe(true);
    expect(isPreviousUrl("HTTP://127.0.0.1:8080/")).toBe(true);
    expect(isPreviousUrl(".published")).toBe(false);
    expect(isPreviousUrl("https:relative")).toBe(false);
    expect(isPreviousUrl("ftp://example.org/")).toBe(false);
  });
});

describe("fetchPreviousFeeds against a local server", () => {
  it("fetches each feed file under the URL (a trailing / added), reads what answers 200, notes each 404", async () => {
    requests.length = 0;
    handler = (request, response) => {
      if (request.url === "/blog/rss.xml") response.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS);
      else response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    };
    const result = await fetchPreviousFeeds(base, NAMES);
    expect(requests).toEqual(["/blog/rss.xml", "/blog/atom.xml", "/blog/feed.json"]);
    expect(result.value).toEqual([[expect.objectContaining({ id: "https://example.org/posts/hello/", title: "Hello" })]]);
    expect(result.diagnostics).toEqual([
      { severity: "note", file: `${base}/atom.xml`, message: expect.stringMatching(/^is not published yet \(404\)/) },
      { severity: "note", file: `${base}/feed.json`, message: expect.stringMatching(/^is not published yet \(404\)/) },
    ]);
  });

  it("a first publication (every file 404) is notes only: nothing to compare, no error", async () => {
    handler = (_request, response) => response.writeHead(404).end();
    const result = await fetchPreviousFeeds(`${base}/`, NAMES);
    expect(result.value).toEqual([]);
    expect(result.diagnostics.map((d) => d.severity)).toEqual(["note", "note", "note"]);
  });

  it("any other status is an error naming the URL, the status and what to set", async () => {
    handler = (request, response) => (request.url === "/blog/atom.xml" ? response.writeHead(500).end("boom") : response.writeHead(404).end());
    const result = await fetchPreviousFeeds(base, NAMES);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe(`${base}/atom.xml`);
    expect(errors[0]!.message).toMatch(/^answered HTTP 500 Internal Server Error, /);
    expect(errors[0]!.message).toContain("FEEDWRIGHT_SITE_URL");
    expect(errors[0]!.message).toContain("siteUrl");
    expect(errors[0]!.message).toContain("GitHub Pages");
  });

  it("a server that never answers is an error once the client's timeout passes", async () => {
    handler = () => undefined;
    const result = await fetchPreviousFeeds(base, ["rss.xml"], { timeoutMs: 200 });
    expect(result.value).toEqual([]);
    expect(result.diagnostics).toEqual([{ severity: "error", file: `${base}/rss.xml`, message: expect.stringMatching(/^could not be fetched \(no answer within 0\.2 s\); .*FEEDWRIGHT_SITE_URL/) }]);
  });

  it("a refused connection is an error that says so", async () => {
    // A port that was just free: listen, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await fetchPreviousFeeds(`http://127.0.0.1:${port}/`, ["rss.xml"]);
    expect(result.diagnostics).toEqual([{ severity: "error", file: `http://127.0.0.1:${port}/rss.xml`, message: expect.stringMatching(/^could not be fetched \(the connection was refused \(ECONNREFUSED\)\)/) }]);
  });

  it("a body that is not a feed (a host's HTML page at 200) is a warning and skipped, as a file would be", async () => {
    handler = (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("not a feed at all");
    const result = await fetchPreviousFeeds(base, ["rss.xml"]);
    expect(result.value).toEqual([]);
    expect(result.diagnostics).toEqual([{ severity: "warning", file: `${base}/rss.xml`, message: expect.stringContaining("the id guard skipped it") }]);
  });
});

describe("fetchPreviousFeeds, failures a local server cannot make", () => {
  it("a host name that does not resolve is named, with what to set", async () => {
    // What Node's fetch (undici) throws for a DNS failure: TypeError('fetch failed') with the system's error as cause.
    const fetch: FetchLike = () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND feedwright.example.org"), { code: "ENOTFOUND", hostname: "feedwright.example.org" }) }));
    const result = await fetchPreviousFeeds("https://feedwright.example.org/", ["rss.xml"], { fetch });
    expect(result.diagnostics).toEqual([
      { severity: "error", file: "https://feedwright.example.org/rss.xml", message: expect.stringMatching(/^could not be fetched \(the host name 'feedwright\.example\.org' does not resolve \(ENOTFOUND\)\); .*FEEDWRIGHT_SITE_URL/) },
    ]);
  });
});
