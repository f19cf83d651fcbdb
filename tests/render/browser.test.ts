/// <reference lib="dom" />
/**
 * The built site as a visitor sees it, in a real headless Chromium over HTTP from 127.0.0.1:
 * the home page, a post page and each feed; what is on screen; every page valid HTML and free of
 * axe-core violations; a crawl proving that every link and image under siteUrl resolves to a file
 * of the output. Screenshots are kept in tests/.artifacts/ (git-ignored) for a person to look at.
 */
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, FIXTURES, REPO, tempDir } from "../helpers/build.js";
import { crawlOutput } from "../helpers/crawl.js";
import { launchChromium, serveSite, siteContext, type SiteServer } from "../helpers/site-server.js";

const SITE = path.join(FIXTURES, "site");
const SITE_URL = "https://example.org/blog/";
const ARTIFACTS = path.join(REPO, "tests/.artifacts");
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let outDir: string;
let server: SiteServer;
let browser: Browser;
let context: BrowserContext;

// A browser on a busy machine may be slow: these tests have no time limit (vitest: 0 = none).
beforeAll(async () => {
  const built = await buildSite(SITE, "2024-04-20T12:00:00Z");
  expect(built.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  outDir = built.outDir;
  server = await serveSite(outDir);
  browser = await launchChromium();
  context = await siteContext(browser, outDir, SITE_URL, server.url);
  await mkdir(ARTIFACTS, { recursive: true });
}, 0);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function visit(urlPath: string, shot: string, scheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await (scheme === "light" ? context : await siteContext(browser, outDir, SITE_URL, server.url, "dark")).newPage();
  const response = await page.goto(server.url + urlPath);
  expect(response?.status(), urlPath).toBe(200);
  // Chromium cannot take a full-page screenshot of an XML document: its viewport is enough there.
  await page.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`), fullPage: !/\.(xml|json)$/.test(urlPath) });
  return page;
}

async function axeViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (c?: unknown) => Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html) }));
  });
}

describe("the site in Chromium", { timeout: 0 }, () => {
  it("home page: the title, the feeds and the newest posts with summaries and German dates", async () => {
    const page = await visit("", "home");
    expect(await page.locator("h1").allInnerTexts()).toEqual(["Küstenfunk & <Notizen>"]);
    expect(await page.title()).toBe("Küstenfunk & <Notizen>");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Abonnieren");
    expect(text).toContain("https://example.org/blog/rss.xml");
    expect(text).toContain("12. April 2024, 18:30");
    expect(text).toContain("Nach zwei Jahren Sanierung leuchtet der Turm wieder & zeigt Schiffen den Weg.");
    // The three feeds in limit order, nothing that is a draft, scheduled or expired.
    expect(await page.locator("ol.posts h3").allInnerTexts()).toEqual(["Der Leuchtturm von Westerhever <wieder> in Betrieb", "Folge 1: Stimmen vom Deich", "Ebbe im Zeitraffer"]);
    expect(text).not.toMatch(/Entwurf|Geplant|Abgelaufen/);
    const alternates = await page.locator('head link[rel="alternate"]').evaluateAll((links) => links.map((l) => [l.getAttribute("type"), l.getAttribute("title"), l.getAttribute("href")]));
    expect(alternates).toEqual([
      ["application/rss+xml", "Küstenfunk & <Notizen> (RSS)", "https://example.org/blog/rss.xml"],
      ["application/atom+xml", "Küstenfunk & <Notizen> (Atom)", "https://example.org/blog/atom.xml"],
      ["application/feed+json", "Küstenfunk & <Notizen> (JSON Feed)", "https://example.org/blog/feed.json"],
    ]);
    // The stylesheet is applied (the page is not the browser's default rendering).
    expect(await page.locator("body").evaluate((body) => getComputedStyle(body).maxWidth)).not.toBe("none");
    await page.getByRole("link", { name: "Der Leuchtturm von Westerhever <wieder> in Betrieb" }).click();
    expect(new URL(page.url()).pathname).toBe("/posts/leuchtturm/");
  });

  it("post page: title, German date, authors, tags, lead image with its alt texts, source line, feed links", async () => {
    const page = await visit("posts/leuchtturm/", "post");
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.locator("h1").allInnerTexts()).toEqual(["Der Leuchtturm von Westerhever <wieder> in Betrieb"]);
    expect(await page.locator("article time").first().getAttribute("datetime")).toBe("2024-04-12T16:30:00.000Z");
    expect(await page.locator("article time").first().innerText()).toBe("12. April 2024, 18:30");
    const text = await page.locator("main").innerText();
    expect(text).toContain("von Jana Beispiel und Max Mustermann");
    expect(text).toContain("Quelle: Küstenbote (Eva Quelle)");
    expect(await page.locator(".tags li").allInnerTexts()).toEqual(["Küste", "Technik", "Reportage"]);
    // The content's own h1 sits under the page's one h1.
    expect(await page.locator("h2").first().innerText()).toBe("Zwei Jahre Arbeit");
    const images = await page.locator("main img").evaluateAll((imgs) => imgs.map((img) => [(img as HTMLImageElement).alt, (img as HTMLImageElement).naturalWidth]));
    // The lead image is the content's own first image: shown once, with the content's alt text.
    expect(images).toEqual([["Ein rot-weißer Leuchtturm hinter dem Deich", 640]]);
    expect(await page.locator("footer nav a").allInnerTexts()).toEqual(["RSS", "Atom", "JSON Feed"]);
    await visit("posts/leuchtturm/", "post-dark", "dark");
  });

  it("enclosures get a player where the type allows", async () => {
    const podcast = await visit("posts/podcast/", "podcast");
    expect(await podcast.locator("audio source").getAttribute("src")).toBe("https://example.org/blog/media/episode-1.mp3");
    const video = await visit("posts/ebbe/", "video");
    expect(await video.locator("html").getAttribute("lang")).toBe("en");
    expect(await video.locator("video source").getAttribute("type")).toBe("video/mp4");
    // The date stays in the site's language, marked as such on an English page.
    expect(await video.locator("article time").first().getAttribute("lang")).toBe("de");
  });

  it.each(["rss.xml", "atom.xml"])("%s opened in the browser says what a feed is, how to subscribe, and lists the newest items", async (name) => {
    const page = await visit(name, name.replace(".xml", ""));
    const shown = await page.evaluate(() => {
      // Generated text (::before/::after) is not in innerText: read what the stylesheet puts on screen.
      const parts: string[] = [];
      const walk = (element: Element) => {
        const style = getComputedStyle(element);
        if (style.display === "none") return;
        for (const pseudo of ["::before", "::after"]) {
          const content = getComputedStyle(element, pseudo).content;
          if (content && content !== "none" && content !== "normal") parts.push(content.startsWith("attr(") ? "" : content);
        }
        if (element.getAttribute("rel") === "self" || (element.localName === "link" && element.hasAttribute("href"))) parts.push(element.getAttribute("href") ?? "");
        for (const node of Array.from(element.childNodes)) {
          if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== "") parts.push(node.textContent!.trim());
          else if (node.nodeType === Node.ELEMENT_NODE) walk(node as Element);
        }
      };
      walk(document.documentElement);
      return parts.join("\n");
    });
    expect(shown).toContain("Dies ist ein Web-Feed");
    expect(shown).toContain("Abonnieren: Kopieren Sie die Adresse dieser Seite (hier noch einmal) in Ihren Feedreader");
    expect(shown).toContain(`https://example.org/blog/${name}`);
    expect(shown).toContain("Die neuesten Beiträge");
    expect(shown).toContain("Der Leuchtturm von Westerhever <wieder> in Betrieb");
    expect(shown).toContain("Nach zwei Jahren Sanierung leuchtet der Turm wieder");
    // The full content (escaped HTML) is hidden, not shown as a wall of tags.
    expect(shown).not.toContain("<p>");
    // Chromium's raw XML tree view is not what the visitor gets.
    expect(await page.locator("body").count()).toBe(0);
  });

  it("feed.json opens as JSON in the browser", async () => {
    const page = await visit("feed.json", "json");
    const json = JSON.parse(await page.evaluate(() => document.body.innerText)) as { version: string; title: string };
    expect(json).toMatchObject({ version: "https://jsonfeed.org/version/1.1", title: "Küstenfunk & <Notizen>" });
  });

  it("every page has no axe-core violation", async () => {
    for (const urlPath of ["", "posts/leuchtturm/", "posts/podcast/", "posts/ebbe/"]) {
      // Both colour schemes where the colours matter most (contrast): the home page and a post.
      for (const scheme of urlPath === "" || urlPath === "posts/leuchtturm/" ? (["light", "dark"] as const) : (["light"] as const)) {
        const page = await (scheme === "light" ? context : await siteContext(browser, outDir, SITE_URL, server.url, "dark")).newPage();
        await page.goto(server.url + urlPath);
        expect(await axeViolations(page), `${urlPath || "home"} (${scheme})`).toEqual([]);
      }
    }
  });
});

describe("the built output", () => {
  it("every page is valid HTML (html-validate)", async () => {
    // long-title is search-engine advice; a page's title is its post's, however long the author made it.
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "long-title": "off" } });
    const pages = (await readdir(outDir, { recursive: true })).filter((name) => name.endsWith(".html"));
    // aelter is live but past limit (3): it has a page too, as every published post does.
    expect(pages.sort()).toEqual(["index.html", "posts/aelter/index.html", "posts/ebbe/index.html", "posts/leuchtturm/index.html", "posts/podcast/index.html"]);
    for (const name of pages) {
      const report = await validator.validateString(await readFile(path.join(outDir, name), "utf8"), name);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    }
  });

  it("every URL under siteUrl in any feed, page or stylesheet resolves to a file of the output", async () => {
    const crawl = await crawlOutput(outDir, SITE_URL);
    expect(crawl.broken).toEqual([]);
    const urls = new Set(crawl.checked.map((c) => c.url));
    // The crawl saw what matters: pages, enclosures, images, feeds, stylesheets.
    for (const url of ["posts/leuchtturm/", "posts/podcast/", "media/episode-1.mp3", "media/ebbe.mp4", "img/leuchtturm.svg", "rss.xml", "atom.xml", "feed.json", "feeds.opml", "style.css", "feed.css", ""]) {
      expect(urls, url).toContain(SITE_URL + url);
    }
  });

  it("the repository's own posts build into a site whose every link resolves", async () => {
    const built = await buildSite(REPO, new Date().toISOString());
    expect(built.result.ok).toBe(true);
    const crawl = await crawlOutput(built.outDir, built.result.site!.siteUrl);
    expect(crawl.broken).toEqual([]);
    expect(crawl.checked.length).toBeGreaterThan(10);
  });
});

describe("the news item (tests/fixtures/news) as a German reader sees it", { timeout: 0 }, () => {
  it("its page: German title, date in German in Berlin time, one h1, the feeds; no axe-core violation", async () => {
    const built = await buildSite(path.join(FIXTURES, "news"), "2024-04-20T12:00:00Z");
    expect(built.result.ok).toBe(true);
    const newsServer = await serveSite(built.outDir);
    const newsContext = await siteContext(browser, built.outDir, built.result.site!.siteUrl, newsServer.url);
    try {
      const page = await newsContext.newPage();
      expect((await page.goto(`${newsServer.url}posts/altman-vae-ki-konsortium/`))?.status()).toBe(200);
      await page.screenshot({ path: path.join(ARTIFACTS, "news-item.png"), fullPage: true });
      expect(await page.locator("html").getAttribute("lang")).toBe("de");
      expect(await page.locator("h1").allInnerTexts()).toEqual(["Sam Altman wirbt in den Emiraten für ein globales KI-Konsortium"]);
      expect(await page.locator("article time").first().innerText()).toBe("12. April 2024, 18:30");
      expect(await page.locator("main").innerText()).toContain("feedwright-Redaktion");
      expect(await page.locator("footer nav a").allInnerTexts()).toEqual(["RSS", "Atom", "JSON Feed"]);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await newsContext.close();
      await newsServer.close();
    }
  });
});

describe("the site with term feeds (termFeeds)", { timeout: 0 }, () => {
  it("its home page lists them and its post pages link their tags' feeds: valid HTML, no axe-core violation, every link resolves", async () => {
    const site = await tempDir("feedwright-terms-site-");
    await cp(SITE, site, { recursive: true });
    const configFile = path.join(site, "feedwright.config.json");
    const config = JSON.parse(await readFile(configFile, "utf8")) as Record<string, unknown>;
    await writeFile(configFile, JSON.stringify({ ...config, termFeeds: { tags: {}, authors: { files: { rss: "feed/by_author/{term}.xml" } } } }));
    const built = await buildSite(site, "2024-04-20T12:00:00Z");
    expect(built.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const termServer = await serveSite(built.outDir);
    const termContext = await siteContext(browser, built.outDir, SITE_URL, termServer.url);
    try {
      const validator = new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "long-title": "off" } });
      for (const [urlPath, name] of [["", "index.html"], ["posts/leuchtturm/", "posts/leuchtturm/index.html"]] as const) {
        const report = await validator.validateString(await readFile(path.join(built.outDir, name), "utf8"), name);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${name}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
        const page = await termContext.newPage();
        expect((await page.goto(termServer.url + urlPath))?.status()).toBe(200);
        await page.screenshot({ path: path.join(ARTIFACTS, `terms-${urlPath ? "post" : "home"}.png`), fullPage: true });
        expect(await axeViolations(page), urlPath || "home").toEqual([]);
        if (urlPath === "") {
          expect(await page.locator("h3").allInnerTexts()).toEqual(expect.arrayContaining(["Feeds nach Schlagwort", "Feeds nach Autor oder Autorin"]));
          expect(await page.locator("ul.term-feeds a").count()).toBeGreaterThan(6);
        } else {
          // Reportage is a category, and this site writes no category feeds: shown, not linked.
          expect(await page.locator(".tags li a").allInnerTexts()).toEqual(["Küste", "Technik"]);
          expect(await page.locator(".tags li").allInnerTexts()).toEqual(["Küste", "Technik", "Reportage"]);
        }
      }
      const crawl = await crawlOutput(built.outDir, SITE_URL);
      expect(crawl.broken).toEqual([]);
      expect(crawl.checked.map((c) => c.url)).toContain(`${SITE_URL}tags/K%C3%BCste/index.xml`);
    } finally {
      await termContext.close();
      await termServer.close();
    }
  });
});
