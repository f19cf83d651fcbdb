/**
 * A crawl of a whole built output: every URL under the site URL that any page, feed or stylesheet
 * contains (links, images, players, enclosures, discovery links, stylesheet references, the
 * escaped HTML inside the feeds) must resolve to a file of the output, as the static host would
 * serve it (src/render/page.ts pagePathOf; tests/helpers/site-server.ts fileFor).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { fileFor } from "./site-server.js";

export interface CrawlResult {
  /** Output files read. */
  files: string[];
  /** Every reference under the site URL: where it was found and what it resolved to. */
  checked: { from: string; url: string }[];
  /** References under the site URL that lead to no file of the output. */
  broken: { from: string; url: string }[];
}

const URL_ATTRIBUTES = new Set(["href", "src", "poster", "url", "srcset", "xmlUrl", "htmlUrl"]);

function fromMarkup(text: string, base: string, xml: boolean): string[] {
  const found: string[] = [];
  let inside: { name: string; permalink: boolean } | undefined;
  let textOf = "";
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        for (const [key, value] of Object.entries(attributes)) {
          if (!URL_ATTRIBUTES.has(key)) continue;
          if (key === "srcset") found.push(...value.split(",").map((part) => part.trim().split(/\s+/)[0]!).filter(Boolean));
          else found.push(value);
        }
        // Feed elements whose text is a link: RSS link/guid (a permalink), JSON-less docs excluded.
        if (xml && (name === "link" || name === "guid" || name === "comments")) {
          inside = { name, permalink: name !== "guid" || attributes.isPermaLink !== "false" };
          textOf = "";
        }
      },
      ontext(data) {
        if (inside) textOf += data;
        // Escaped HTML inside a feed element (content, description, summary) is HTML of its own.
        else if (xml && data.includes("<")) found.push(...fromMarkup(data, base, false));
      },
      onclosetag(name) {
        if (inside && inside.name === name) {
          if (inside.permalink && textOf.trim() !== "") found.push(textOf.trim());
          inside = undefined;
        }
      },
      onprocessinginstruction(_name, data) {
        const href = /href="([^"]*)"/.exec(data)?.[1];
        if (href) found.push(href);
      },
    },
    { xmlMode: xml, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  return found.map((url) => new URL(url, base).href);
}

function fromJson(value: unknown, base: string, key = ""): string[] {
  if (typeof value === "string") {
    if (key === "content_html") return fromMarkup(value, base, false);
    return /(^|_)(url|image|icon|favicon|banner_image)$/.test(key) ? [new URL(value, base).href] : [];
  }
  if (Array.isArray(value)) return value.flatMap((entry) => fromJson(entry, base, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => fromJson(v, base, k));
  return [];
}

function fromCss(text: string, base: string): string[] {
  return [...text.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g)].map((m) => new URL(m[2] ?? m[4]!, base).href);
}

async function allFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? allFiles(dir, `${prefix}${entry.name}/`) : Promise.resolve(entry.isFile() ? [`${prefix}${entry.name}`] : []))),
  );
  return nested.flat().sort();
}

export async function crawlOutput(outDir: string, siteUrl: string): Promise<CrawlResult> {
  const files = await allFiles(outDir);
  const checked: CrawlResult["checked"] = [];
  const broken: CrawlResult["broken"] = [];
  const root = new URL(siteUrl);
  for (const name of files) {
    const base = new URL(name, siteUrl).href;
    const text = () => readFile(path.join(outDir, name), "utf8");
    let urls: string[] = [];
    if (name.endsWith(".html")) urls = fromMarkup(await text(), base, false);
    else if (name.endsWith(".xml") || name.endsWith(".opml")) urls = fromMarkup(await text(), base, true);
    else if (name.endsWith(".json") && !path.basename(name).startsWith(".")) urls = fromJson(JSON.parse(await text()), base);
    else if (name.endsWith(".css")) urls = fromCss(await text(), base);
    for (const url of urls) {
      const target = new URL(url);
      target.hash = "";
      if (target.origin !== root.origin || !target.pathname.startsWith(root.pathname)) continue;
      checked.push({ from: name, url: target.href });
      if (!(await fileFor(outDir, target.pathname.slice(root.pathname.length)))) broken.push({ from: name, url: target.href });
    }
  }
  return { files, checked, broken };
}
