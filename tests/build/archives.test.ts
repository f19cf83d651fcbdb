/**
 * RFC 5005 archives in the real build (README "Archives"). The chain is walked from each main
 * feed through every prev-archive link (JSON Feed: next_url) with independent parsers: feedsmith
 * for the links, rss-parser, @rowanmanning/feed-parser and feedsmith for the items, the test
 * support's own XML parser for `fh:archive`; every published item is reached exactly once, newest
 * first. Between builds the archive files' bytes are compared: which pages change after 0, 1 and
 * 200 new posts, an edit, a removal and a new `limit` is what the README says.
 */
import { readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { checkFeed } from "../../src/check/check.js";
import { formatReport, makeReport } from "../../src/cli.js";
import { buildSite, tempDir } from "../helpers/build.js";
import { expectValidAndAgreed } from "../helpers/readers.js";
import { ATOM_NS, parseXml, readWithFeedsmith, readWithRowanmanning, readWithRssParser } from "../support/feed-readers.js";
import { childElements } from "../support/xml.js";

const NOW = "2030-01-01T00:00:00Z";
const SITE_URL = "https://example.com/blog/";
const FH = "http://purl.org/syndication/history/1.0";
const FORMATS = ["rss", "atom", "json"] as const;
type Format = (typeof FORMATS)[number];
const MAIN: Record<Format, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };

/** Post n (from 1, the oldest), dated n hours after 2020-01-01, of a length that varies with n. */
function post(n: number, body = `Paragraph ${n} with ü & <b>ß</b>. `.repeat(2 + ((n * 7) % 11))) {
  const name = `p${String(n).padStart(4, "0")}`;
  return { file: `posts/${name}.md`, text: `---\ntitle: "Post ${n}"\ndate: ${new Date(Date.UTC(2020, 0, 1, n)).toISOString()}\n---\n${body}\n` };
}
const idOf = (n: number) => `${SITE_URL}posts/p${String(n).padStart(4, "0")}/`;
/** The ids of posts from..to (inclusive), newest first. */
const newestFirst = (numbers: readonly number[]) => [...numbers].sort((a, b) => b - a).map(idOf);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A site in a temporary folder whose posts can change between builds into the same output folder. */
async function archiveSite(config: Record<string, unknown>, numbers: readonly number[]) {
  const dir = await tempDir("feedwright-archives-");
  const outDir = path.join(dir, "public");
  await mkdir(path.join(dir, "posts"), { recursive: true });
  const setConfig = (more: Record<string, unknown>) =>
    writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Archived", siteUrl: SITE_URL, publish: "beside", ...config, ...more }, null, 2));
  const add = (...posts: { file: string; text: string }[]) => Promise.all(posts.map((p) => writeFile(path.join(dir, p.file), p.text)));
  await setConfig({});
  await add(...numbers.map((n) => post(n)));
  const build = async () => {
    const built = await buildSite(dir, NOW, { outDir });
    expect(built.result.diagnostics.filter((d) => d.severity === "error"), "build errors").toEqual([]);
    return built;
  };
  return { dir, outDir, build, add, setConfig, remove: (n: number) => rm(path.join(dir, post(n).file)) };
}

/** Every file below archive/ by name, with its bytes. */
async function archiveFiles(outDir: string, folder = "archive"): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const entries = await readdir(path.join(outDir, folder), { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(outDir, full).split(path.sep).join("/"), await readFile(full));
  }
  return files;
}

/** What changed between two snapshots: files added, removed and whose bytes differ. */
function changes(before: Map<string, Buffer>, after: Map<string, Buffer>) {
  const added = [...after.keys()].filter((name) => !before.has(name)).sort();
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
  const changed = [...after.keys()].filter((name) => before.has(name) && !before.get(name)!.equals(after.get(name)!)).sort();
  return { added, removed, changed };
}

/** One document of a chain as independent parsers read it. */
interface ChainDoc {
  url: string;
  self?: string;
  prev?: string;
  next?: string;
  current?: string;
  isArchive: boolean;
  ids: string[];
  text: string;
}

async function readDoc(format: Format, url: string, text: string): Promise<ChainDoc> {
  if (format === "json") {
    const feed = parseJsonFeed(text) as { feed_url?: string; next_url?: string };
    const ids = (await readWithFeedsmith(text, "json")).items.map((item) => String(item.id));
    return { url, self: feed.feed_url, prev: feed.next_url, isArchive: false, ids, text };
  }
  const links = (format === "rss" ? (parseRssFeed(text) as { atom?: { links?: { rel?: string; href?: string }[] } }).atom?.links : (parseAtomFeed(text) as { links?: { rel?: string; href?: string }[] }).links) ?? [];
  const rel = (name: string) => {
    const found = links.filter((link) => link.rel === name);
    expect(found.length, `${url}: links rel=${name}`).toBeLessThanOrEqual(1);
    return found[0]?.href;
  };
  const ids = (format === "rss" ? await readWithRssParser(text) : await readWithRowanmanning(text)).items.map((item) => String(item.id));
  const { root } = parseXml(text);
  const holder = format === "rss" ? childElements(root!, "channel")[0]! : root!;
  expect(format === "atom" ? root!.ns : "", url).toBe(format === "atom" ? ATOM_NS : "");
  return { url, self: rel("self"), prev: rel("prev-archive"), next: rel("next-archive"), current: rel("current"), isArchive: childElements(holder, "archive", FH).length === 1, ids, text };
}

/**
 * The chain of one format from its main feed, through each prev-archive (JSON: next_url) link to
 * the document without one, reading each file the URL names in the output folder.
 */
async function walk(outDir: string, format: Format): Promise<ChainDoc[]> {
  const docs: ChainDoc[] = [];
  const seen = new Set<string>();
  for (let url: string | undefined = SITE_URL + MAIN[format]; url !== undefined; url = docs[docs.length - 1]!.prev) {
    expect(seen.has(url), `the chain comes back to ${url}`).toBe(false);
    seen.add(url);
    expect(url.startsWith(SITE_URL), url).toBe(true);
    docs.push(await readDoc(format, url, await readFile(path.join(outDir, url.slice(SITE_URL.length)), "utf8")));
  }
  return docs;
}

/** Walks every format and checks the links of each document; returns the chains. */
async function walkAll(outDir: string, expectedIds: readonly string[]): Promise<Record<Format, ChainDoc[]>> {
  const chains = {} as Record<Format, ChainDoc[]>;
  for (const format of FORMATS) {
    const docs = await walk(outDir, format);
    chains[format] = docs;
    // Every published item exactly once, newest first along the chain.
    expect(docs.flatMap((doc) => doc.ids), format).toEqual(expectedIds);
    for (const [index, doc] of docs.entries()) {
      expect(doc.self, `${doc.url}: self link`).toBe(doc.url);
      if (format === "json") continue;
      if (index === 0) {
        expect(doc.isArchive, `${doc.url} is the main feed`).toBe(false);
        expect(doc.current, doc.url).toBeUndefined();
      } else {
        expect(doc.isArchive, `${doc.url}: fh:archive`).toBe(true);
        expect(doc.current, `${doc.url}: current`).toBe(docs[0]!.url);
        // next-archive is the newer page, which the walk came from; the newest page has none.
        expect(doc.next, `${doc.url}: next-archive`).toBe(index === 1 ? undefined : docs[index - 1]!.url);
      }
    }
  }
  // The three formats hold the same pages with the same items.
  expect(chains.atom.map((doc) => doc.ids)).toEqual(chains.rss.map((doc) => doc.ids));
  expect(chains.json.map((doc) => doc.ids)).toEqual(chains.rss.map((doc) => doc.ids));
  return chains;
}

describe("archives", () => {
  it("walks from each main feed through every archive page and reaches every published item exactly once", async () => {
    const site = await archiveSite({ limit: 20, archives: { itemsPerPage: 50 } }, range(1, 250));
    const { result } = await site.build();
    expect(result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    const chains = await walkAll(site.outDir, newestFirst(range(1, 250)));
    // 230 items past the limit make 4 full pages of 50 (the oldest 200); the main feeds keep 50.
    expect(result.archives).toEqual({ mainItems: 50, pages: 4, archivedItems: 200 });
    expect(formatReport(makeReport(result, new Date(NOW)))).toContain("archives: the main feeds hold 50 item(s), 4 archive page(s) the other 200");
    expect(chains.rss.map((doc) => doc.ids.length)).toEqual([50, 50, 50, 50, 50]);
    expect(chains.rss.map((doc) => doc.url.slice(SITE_URL.length))).toEqual(["rss.xml", "archive/4/rss.xml", "archive/3/rss.xml", "archive/2/rss.xml", "archive/1/rss.xml"]);
    // Page 1 holds the oldest 50.
    expect(chains.atom[4]!.ids).toEqual(newestFirst(range(1, 50)));
    expect([...(await archiveFiles(site.outDir)).keys()].sort()).toEqual(range(1, 4).flatMap((n) => [`archive/${n}/atom.xml`, `archive/${n}/feed.json`, `archive/${n}/rss.xml`]));
  });

  it("gives every archive document to the validators, the independent readers and the self-check", async () => {
    const site = await archiveSite({ limit: 3, archives: { itemsPerPage: 4, path: "history/page-{n}" } }, range(1, 15));
    await site.build();
    const chains = await walkAll(site.outDir, newestFirst(range(1, 15)));
    expect(chains.rss.map((doc) => doc.url.slice(SITE_URL.length))).toEqual(["rss.xml", "history/page-3/rss.xml", "history/page-2/rss.xml", "history/page-1/rss.xml"]);
    for (const index of chains.rss.keys()) {
      const docs = { rss: chains.rss[index]!.text, atom: chains.atom[index]!.text, json: chains.json[index]!.text };
      await expectValidAndAgreed(docs);
      for (const format of FORMATS) expect(checkFeed([Buffer.from(docs[format])], chains[format][index]!.url).diagnostics).toEqual([]);
    }
    // An archive page reaches the feeds' stylesheet from its own folder.
    expect(chains.rss[1]!.text).toContain('<?xml-stylesheet type="text/css" href="../../feed.css"?>');
  });

  it("changes only the pages the README says after 0, 1 and 200 new posts", async () => {
    const site = await archiveSite({ limit: 20, archives: { itemsPerPage: 50 } }, range(1, 250));
    await site.build();
    const first = await archiveFiles(site.outDir);
    expect(first.size).toBe(12);

    // No new post: nothing is written at all.
    const again = await site.build();
    expect(again.result.write!.written).toEqual([]);
    expect(changes(first, await archiveFiles(site.outDir))).toEqual({ added: [], removed: [], changed: [] });

    // One new post: 231 items past the limit still make 4 full pages; only the main feeds change.
    await site.add(post(251));
    const one = await site.build();
    expect(changes(first, await archiveFiles(site.outDir))).toEqual({ added: [], removed: [], changed: [] });
    expect(one.result.write!.written.filter((name) => name.startsWith("archive/"))).toEqual([]);
    await walkAll(site.outDir, newestFirst(range(1, 251)));

    // 200 more: 8 full pages. Pages 5 to 8 are new; page 4 gains its next-archive link in RSS and
    // Atom (JSON Feed links only to older pages, so its page 4 stays); pages 1 to 3 stay.
    const before = await archiveFiles(site.outDir);
    await site.add(...range(252, 451).map((n) => post(n)));
    const many = await site.build();
    const after = await archiveFiles(site.outDir);
    expect(changes(before, after)).toEqual({
      added: range(5, 8).flatMap((n) => [`archive/${n}/atom.xml`, `archive/${n}/feed.json`, `archive/${n}/rss.xml`]),
      removed: [],
      changed: ["archive/4/atom.xml", "archive/4/rss.xml"],
    });
    // The unchanged ones were not rewritten either.
    expect(many.result.write!.written.filter((name) => /^archive\/[123]\//.test(name) || name === "archive/4/feed.json")).toEqual([]);
    const chains = await walkAll(site.outDir, newestFirst(range(1, 451)));
    expect(chains.json.map((doc) => doc.ids.length)).toEqual([51, 50, 50, 50, 50, 50, 50, 50, 50]);
  });

  it("changes only an edited item's page; a removed item shifts the pages after it; a new limit adds or removes pages at the newest end", async () => {
    const site = await archiveSite({ limit: 20, archives: { itemsPerPage: 50 } }, range(1, 250));
    await site.build();
    const first = await archiveFiles(site.outDir);

    // Post 60 is on page 2 (posts 51 to 100): its edit changes that page's three files.
    await site.add(post(60, "Edited body."));
    await site.build();
    const edited = await archiveFiles(site.outDir);
    expect(changes(first, edited)).toEqual({ added: [], removed: [], changed: ["archive/2/atom.xml", "archive/2/feed.json", "archive/2/rss.xml"] });

    // Removing it moves one item into each page from page 2 on; page 1 stays.
    await site.remove(60);
    await site.build();
    const removed = await archiveFiles(site.outDir);
    expect(changes(edited, removed)).toEqual({ added: [], removed: [], changed: range(2, 4).flatMap((n) => [`archive/${n}/atom.xml`, `archive/${n}/feed.json`, `archive/${n}/rss.xml`]) });
    const remaining = range(1, 250).filter((n) => n !== 60);
    const chains = await walkAll(site.outDir, newestFirst(remaining));
    expect(chains.rss[3]!.ids).toEqual(newestFirst(remaining.slice(50, 100)));

    // A higher limit keeps more in the main feeds: pages 3 and 4 are removed (feedwright wrote
    // them), page 2 loses its next-archive link, page 1 stays.
    await site.setConfig({ limit: 120 });
    const raised = await site.build();
    const fewer = await archiveFiles(site.outDir);
    expect(changes(removed, fewer)).toEqual({ added: [], removed: range(3, 4).flatMap((n) => [`archive/${n}/atom.xml`, `archive/${n}/feed.json`, `archive/${n}/rss.xml`]), changed: ["archive/2/atom.xml", "archive/2/rss.xml"] });
    expect(raised.result.write!.removed.filter((name) => name.startsWith("archive/")).sort()).toEqual(range(3, 4).flatMap((n) => [`archive/${n}/atom.xml`, `archive/${n}/feed.json`, `archive/${n}/rss.xml`]));
    await walkAll(site.outDir, newestFirst(remaining));
  });

  it("reaches a 1,000-post archive from a 20-item main feed", async () => {
    const site = await archiveSite({ limit: 20, archives: { itemsPerPage: 100 } }, range(1, 1020));
    const { result } = await site.build();
    expect(result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    const chains = await walkAll(site.outDir, newestFirst(range(1, 1020)));
    for (const format of FORMATS) {
      expect(chains[format][0]!.ids, format).toHaveLength(20);
      expect(chains[format].slice(1).map((doc) => doc.ids.length), format).toEqual(Array(10).fill(100));
    }
  });

  it("moves what maxBytes keeps out of the main feeds into the archive, every item still reachable once", async () => {
    const MAX = 9_000;
    const site = await archiveSite({ limit: 20, maxBytes: MAX, archives: { itemsPerPage: 5 } }, range(1, 48));
    const { result } = await site.build();
    expect(result.diagnostics.filter((d) => d.severity !== "note")).toEqual([]);
    const chains = await walkAll(site.outDir, newestFirst(range(1, 48)));
    const mainCount = chains.rss[0]!.ids.length;
    // maxBytes, not limit, decides: fewer than 20 items fit.
    expect(mainCount).toBeGreaterThan(2);
    expect(mainCount).toBeLessThan(20);
    for (const format of FORMATS) expect(Buffer.byteLength(chains[format][0]!.text), format).toBeLessThanOrEqual(MAX);
    // The pages are full but the newest, which takes what neither a full page nor the main feeds hold.
    const archived = 48 - mainCount;
    const pages = chains.rss.slice(1).map((doc) => doc.ids.length);
    expect(pages.length).toBe(Math.ceil(archived / 5));
    expect(pages.slice(1)).toEqual(Array(pages.length - 1).fill(5));
    expect(pages[0]).toBe(archived - 5 * (pages.length - 1));
  });

  it("warns about each archive page over maxBytes, naming the page and the fix, and writes it whole", async () => {
    const MAX = 6_000;
    const site = await archiveSite({ limit: 2, maxBytes: MAX, archives: { itemsPerPage: 20 } }, range(1, 30));
    const { result } = await site.build();
    const warned = result.diagnostics.filter((d) => d.severity === "warning");
    expect(warned.every((d) => d.message.includes(`over maxBytes (${MAX})`) && d.message.includes("lower archives.itemsPerPage"))).toBe(true);
    // Exactly the files over the limit, each named as the build shows the output folder.
    const over = [...(await archiveFiles(site.outDir))].filter(([, bytes]) => bytes.byteLength > MAX).map(([name]) => `public/${name}`);
    expect(over).toEqual(expect.arrayContaining(["public/archive/1/atom.xml", "public/archive/1/feed.json", "public/archive/1/rss.xml"]));
    expect(warned.map((d) => d.file).sort()).toEqual(over.sort());
    await walkAll(site.outDir, newestFirst(range(1, 30)));
  });

  it("with limit 0 archives only what maxBytes keeps out; without maxBytes it is an error at the limit's line", async () => {
    const site = await archiveSite({ limit: 0, maxBytes: 9_000, archives: { itemsPerPage: 5 } }, range(1, 30));
    await site.build();
    const chains = await walkAll(site.outDir, newestFirst(range(1, 30)));
    expect(chains.atom.length).toBeGreaterThan(1);
    for (const format of FORMATS) expect(Buffer.byteLength(chains[format][0]!.text), format).toBeLessThanOrEqual(9_000);

    await site.setConfig({ maxBytes: undefined });
    const refused = await buildSite(site.dir, NOW, { outDir: site.outDir });
    expect(refused.result.ok).toBe(false);
    const [error] = refused.result.diagnostics.filter((d) => d.severity === "error");
    const config = await readFile(path.join(site.dir, "feedwright.config.json"), "utf8");
    expect(error).toMatchObject({ field: "limit", line: config.split("\n").findIndex((line) => line.includes('"limit"')) + 1 });
    expect(error!.message).toContain("set a limit such as 20");
  });

  it("guards the ids of archived items too: a published item whose id changes on its way into the archive fails the build", async () => {
    const site = await archiveSite({ limit: 2, archives: { itemsPerPage: 3 } }, range(1, 5));
    await site.build();
    // Post 4 is in the main feeds; renamed, its id changes, and three new posts move it to page 2.
    await site.remove(4);
    await site.add({ file: "posts/renamed.md", text: post(4).text }, ...range(6, 8).map((n) => post(n)));
    const guarded = await buildSite(site.dir, NOW, { outDir: path.join(site.dir, "next"), previous: "public" });
    expect(guarded.result.ok).toBe(false);
    expect(guarded.result.idGuard?.changedIds).toEqual([expect.objectContaining({ previousId: idOf(4), id: `${SITE_URL}posts/renamed/` })]);
    // Post 5 left the main feeds for the archive: still published, so it did not leave.
    expect(guarded.result.idGuard?.left).toEqual([]);
  });

  it("leaves the feeds as they are without the setting, and as they are with it until a page fills", async () => {
    const plain = await archiveSite({ limit: 20 }, range(1, 60));
    const without = await plain.build();
    const archived = await archiveSite({ limit: 20, archives: { itemsPerPage: 50 } }, range(1, 60));
    const withFew = await archived.build();
    expect(await archiveFiles(archived.outDir)).toEqual(new Map());
    // 40 items past the limit fill no page of 50: the main feeds hold all 60, with no archive link.
    expect(JSON.parse(withFew.json).items).toHaveLength(60);
    expect(withFew.rss).not.toContain("prev-archive");
    expect(without.rss).not.toContain("prev-archive");
    expect(JSON.parse(without.json).items).toHaveLength(20);
  });
});
