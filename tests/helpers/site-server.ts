/**
 * A built site as a visitor reaches it: a static server on 127.0.0.1 that answers as GitHub Pages
 * does (a folder URL serves its index.html, an extensionless URL its .html file, .xml as
 * application/xml), and headless Chromium (Debian's `chromium`, installed by .ci/run) driven by
 * playwright-core. Requests to the site's own URL are answered from the output folder, so absolute
 * links in the feeds and pages work offline; every other request is refused.
 */
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".xml": "application/xml",
  ".opml": "text/x-opml",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
};

/** The output file a URL path (below the site's root) is served from, or undefined when there is none. */
export async function fileFor(outDir: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.split("/").some((segment) => segment === "..")) return undefined;
  const candidates = decoded.endsWith("/") || decoded === "" ? [`${decoded}index.html`] : [decoded, `${decoded}.html`, `${decoded}/index.html`];
  for (const candidate of candidates) {
    const file = path.join(outDir, candidate);
    if ((await stat(file).catch(() => undefined))?.isFile()) return file;
  }
  return undefined;
}

export function contentType(file: string): string {
  return TYPES[path.extname(file)] ?? "application/octet-stream";
}

export interface SiteServer {
  /** `http://127.0.0.1:<port>/`: the output folder's root. */
  url: string;
  close: () => Promise<void>;
}

export async function serveSite(outDir: string): Promise<SiteServer> {
  const server: Server = createServer(async (request, response) => {
    const file = await fileFor(outDir, new URL(request.url ?? "/", "http://x").pathname.slice(1));
    if (!file) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": contentType(file) }).end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A browser context in which the site's own URL is served from `outDir` and nothing leaves the machine. */
export async function siteContext(browser: Browser, outDir: string, siteUrl: string, local: string, colorScheme: "light" | "dark" = "light"): Promise<BrowserContext> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 900, height: 1200 }, locale: "en-US", timezoneId: "America/Los_Angeles" });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(local)) return route.continue();
    if (url.startsWith(siteUrl)) {
      const file = await fileFor(outDir, new URL(url).pathname.slice(new URL(siteUrl).pathname.length));
      return file ? route.fulfill({ status: 200, contentType: contentType(file), body: await readFile(file) }) : route.fulfill({ status: 404, body: "not found" });
    }
    return route.abort();
  });
  return context;
}
