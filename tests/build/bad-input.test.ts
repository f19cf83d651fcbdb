/**
 * Bad input through the whole build (runBuild, and the CLI's main with a fake io): nothing in a
 * post runs, all errors come out at once sorted by file with exit code 1 and nothing written, no
 * post value writes outside the output folder, and local enclosures get their size from disk.
 */
import { copyFile, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { afterEach, describe, expect, it } from "vitest";
import { runBuild } from "../../src/build.js";
import { main } from "../../src/cli.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { FIXTURES, tempDir } from "../helpers/build.js";

const BAD = path.join(FIXTURES, "bad");
const NOW = "2025-01-01T00:00:00Z";
const CONFIG = { title: "Bad input", siteUrl: "https://example.org/", timezone: "Europe/Berlin", limit: 0 };

/** A site folder: config, posts (name → text, or a fixture to copy), optional static files. */
async function makeSite(posts: Record<string, string | { fixture: string }>, config: Record<string, unknown> = {}): Promise<string> {
  const root = await tempDir("feedwright-bad-");
  await mkdir(path.join(root, "posts"), { recursive: true });
  await writeFile(path.join(root, "feedwright.config.json"), JSON.stringify({ ...CONFIG, ...config }, null, 2));
  for (const [name, content] of Object.entries(posts)) {
    const target = path.join(root, "posts", name);
    await mkdir(path.dirname(target), { recursive: true });
    if (typeof content === "string") await writeFile(target, content);
    else await copyFile(path.join(BAD, content.fixture), target);
  }
  return root;
}

/** Runs the CLI in-process; the working directory is the site. */
async function cli(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main({ argv: ["--now", NOW, "--threads", "1", ...argv], env: {}, cwd: root, stdout: (t) => out.push(t), stderr: (t) => err.push(t), clock: () => new Date(NOW) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** The error lines a CLI run printed, in order. */
const errorLines = (stderr: string) => stderr.split("\n").filter((line) => line.includes(": error: "));

/** Every file under a folder, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

const post = (title: string, extra = "") => `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-04-12\n${extra}---\nBody of ${title}.\n`;

describe("nothing in a post runs", () => {
  const savedMarker = process.env.FEEDWRIGHT_MARKER;
  afterEach(() => {
    if (savedMarker === undefined) delete process.env.FEEDWRIGHT_MARKER;
    else process.env.FEEDWRIGHT_MARKER = savedMarker;
  });

  it("the ---js and ---javascript fixtures do run code under gray-matter's defaults (so the test below means something)", async () => {
    const dir = await tempDir("feedwright-marker-");
    for (const fixture of ["js-frontmatter.md", "javascript-frontmatter.md"]) {
      const marker = path.join(dir, `${fixture}.ran`);
      process.env.FEEDWRIGHT_MARKER = marker;
      matter(await readFile(path.join(BAD, fixture), "utf8"));
      expect(existsSync(marker), fixture).toBe(true);
    }
  });

  it("a build with those posts reports them, exits 1 and creates no marker", async () => {
    const root = await makeSite({ "a.md": { fixture: "js-frontmatter.md" }, "b.md": { fixture: "javascript-frontmatter.md" }, "c.md": { fixture: "yaml-tag-function.md" } });
    const marker = path.join(root, "marker");
    process.env.FEEDWRIGHT_MARKER = marker;
    const run = await cli(root, "--no-cache");
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      "posts/a.md:2:11: error: frontmatter (---js) calls a function; only declarations of plain values are read (e.g. const draft = true;), nothing in it runs",
      "posts/b.md:2:11: error: frontmatter (---js) calls a function; only declarations of plain values are read (e.g. const draft = true;), nothing in it runs",
      "posts/c.md:2:48: error: frontmatter uses the YAML tag !!js/function; tags are not allowed in frontmatter (they are how YAML loaders run code): remove it, or quote the value",
    ]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("all errors at once, sorted by file; exit 1; nothing written", () => {
  it("reports every bad post and config-independent problem, and leaves the published output as it was", async () => {
    const root = await makeSite({
      "z-last.md": { fixture: "date-2024-02-30.md" },
      "a-first.md": { fixture: "title-missing.md" },
      "m/middle.md": { fixture: "tags-mapping.md" },
      "m/typo.md": { fixture: "unknown-key.md" },
      "ok.md": post("Fine"),
      "readme.txt": "not a post",
    });
    const out = path.join(root, "public");
    await mkdir(out);
    await writeFile(path.join(out, "rss.xml"), "old rss");
    const before = await stat(path.join(out, "rss.xml"));
    const run = await cli(root);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'posts/a-first.md:1: error: title: is missing; add a line such as title: "Hello, world"',
        "posts/m/middle.md:5:3: error: tags: must be a list of strings, e.g. [news, ai] (found a mapping (fields indented below it))",
        "posts/m/typo.md:2:1: warning: tilte: 'tilte' is not a field; did you mean 'title'?",
        "posts/readme.txt: note: is not a post (only .md, .markdown and .mdx files are); skipped",
        "posts/z-last.md:3:7: error: date: '2024-02-30' does not exist: 2024-02 has 29 days",
        "feedwright: build failed with 3 error(s) and 1 warning(s); nothing was written.",
        "",
      ].join("\n"),
    );
    expect(await tree(out)).toEqual(["rss.xml"]);
    expect(await readFile(path.join(out, "rss.xml"), "utf8")).toBe("old rss");
    expect((await stat(path.join(out, "rss.xml"))).mtimeMs).toBe(before.mtimeMs);
  });

  it("duplicate slugs and ids name both files", async () => {
    const root = await makeSite({
      "a.md": { fixture: "duplicates/a.md" },
      "b.md": { fixture: "duplicates/b.md" },
      "c.md": { fixture: "duplicates/c.md" },
      "d.md": { fixture: "duplicates/d.md" },
    });
    const run = await cli(root, "--no-cache");
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      "posts/a.md:4:7: error: slug: has the same URL https://example.org/posts/same/ as posts/b.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/b.md:4:7: error: slug: has the same URL https://example.org/posts/same/ as posts/a.md; give one of them another slug (or permalink), or add {path} to postUrl",
      "posts/c.md:4:5: error: id: has the same id 'tag:example.org,2024:one' as posts/d.md; give one of them another id",
      "posts/d.md:4:5: error: id: has the same id 'tag:example.org,2024:one' as posts/c.md; give one of them another id",
    ]);
    expect(existsSync(path.join(root, "public"))).toBe(false);
  });

  it("a bad configuration: every key at once, and nothing read or written", async () => {
    const root = await makeSite({ "a.md": post("A") }, { siteUrl: "example.org", timezone: "Mars/Olympus", limit: -5 });
    const run = await cli(root);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      "feedwright.config.json:3:14: error: siteUrl: must be an absolute http(s) URL such as https://example.com/; the scheme https:// is missing (found 'example.org')",
      "feedwright.config.json:4:15: error: timezone: must be an IANA time zone name such as Europe/Berlin or UTC (found 'Mars/Olympus')",
      "feedwright.config.json:5:12: error: limit: must be 0 (all items) or more (found the number -5)",
    ]);
    expect(await tree(root)).toEqual(["feedwright.config.json", "posts/a.md"]);
  });
});

describe("no value from a post writes outside the output folder", () => {
  const HOSTILE_BUT_VALID = {
    "a..b.md": post("Dots in the file name"),
    "ümlaut-ñ.md": post("Unicode file name"),
    "ids.md": post("Hostile id and tags", 'id: "file:///etc/passwd"\ntags: ["../../escaped", "/etc/cron.d/x", "..\\\\..\\\\win"]\ncategories: ["../../../tmp"]\n'),
    "link.md": post("Link", 'link: "https://example.org/../../etc/passwd"\nimage: "../../../../etc/passwd"\n'),
  };

  it("hostile but valid values build, and the tree holds only the site (feeds, pages at their slugs, stylesheets, manifest) and the cache (with its configuration memo and the record of its outputs)", async () => {
    const root = await makeSite(HOSTILE_BUT_VALID);
    const inputs = await tree(root);
    const result = await runBuild({ configPath: "feedwright.config.json", cwd: root, now: new Date(NOW), env: {}, threads: 1 });
    expect(result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    expect(result.ok).toBe(true);
    const site = ["public/.feedwright-manifest.json", "public/atom.xml", "public/feed.css", "public/feed.json", "public/feeds.opml", "public/index.html", "public/rss.xml", "public/style.css"];
    const pages = ["a..b", "ids", "link", "ümlaut-ñ"].map((slug) => `public/posts/${slug}/index.html`);
    expect((await tree(root)).map((file) => file.replace(/^(\.feedwright-cache\/build-cache\.)[0-9a-f]{16}(\.v8|\.outputs\.json)$/, "$1<key>$2"))).toEqual([...inputs, ".feedwright-cache/build-cache.<key>.outputs.json", ".feedwright-cache/build-cache.<key>.v8", ".feedwright-cache/config.v1.json", ...site, ...pages].sort());
    // The parent of the site folder gained nothing either.
    expect((await readdir(path.dirname(root))).filter((name) => ["escaped", "tmp", "win", "etc"].includes(name))).toEqual([]);
  });

  // File names become slugs by the slug rule (`%2e%2e%2fescaped` → `2e-2e-2fescaped`, `sp ace` → `sp-ace`): never a path.
  it("hostile slugs are refused, hostile file names slugified, and then nothing at all is written", async () => {
    const root = await makeSite({
      "one.md": post("Up", "slug: ../../escaped\n"),
      "two.md": post("Absolute", "slug: /tmp/escaped\n"),
      "three.md": post("Backslash", "slug: ..\\..\\escaped\n"),
      "%2e%2e%2fescaped.md": post("Encoded file name"),
      "sp ace.md": post("Space in file name"),
    });
    const inputs = await tree(root);
    const result = await runBuild({ configPath: "feedwright.config.json", cwd: root, now: new Date(NOW), env: {}, threads: 1 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "posts/one.md:4:7: error: slug: must be letters, digits, '-', '_', '.' or '~', starting with a letter or digit (no '/') (found '../../escaped')",
      "posts/three.md:4:7: error: slug: must be letters, digits, '-', '_', '.' or '~', starting with a letter or digit (no '/') (found '..\\..\\escaped')",
      "posts/two.md:4:7: error: slug: must be letters, digits, '-', '_', '.' or '~', starting with a letter or digit (no '/') (found '/tmp/escaped')",
    ]);
    expect(await tree(root)).toEqual(inputs);
  });
});

describe("large and odd but valid posts build", () => {
  it("a 20 MB post builds, whole, into every feed", async () => {
    const paragraph = `${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(16)}\n\n`;
    const body = paragraph.repeat(Math.ceil((20 * 1024 * 1024) / paragraph.length));
    const root = await makeSite({ "huge.md": `---\ntitle: Huge\ndate: 2024-04-12\n---\n${body}THE END\n` });
    const run = await cli(root, "--no-cache");
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(path.join(root, "public", "feed.json"), "utf8"));
    expect(json.items[0].content_html.length).toBeGreaterThan(20 * 1024 * 1024);
    expect(json.items[0].content_html).toContain("<p>THE END</p>");
  });
});

describe("enclosure length read from the static folder", () => {
  const episode = (url: string) => post("Episode", `enclosure:\n  url: ${url}\n  type: audio/mpeg\n`);

  it("fills length from the file's size, in every format, and re-reads it when only the file changes", async () => {
    const root = await makeSite({ "ep1.md": episode("/media/ep1.mp3") });
    await mkdir(path.join(root, "static", "media"), { recursive: true });
    await writeFile(path.join(root, "static", "media", "ep1.mp3"), Buffer.alloc(12_345));
    const first = await cli(root);
    expect(first.code).toBe(0);
    const rss = await readFile(path.join(root, "public", "rss.xml"), "utf8");
    expect(rss).toContain('<enclosure length="12345" type="audio/mpeg" url="https://example.org/media/ep1.mp3"/>');
    expect(JSON.parse(await readFile(path.join(root, "public", "feed.json"), "utf8")).items[0].attachments).toEqual([
      { url: "https://example.org/media/ep1.mp3", mime_type: "audio/mpeg", size_in_bytes: 12_345 },
    ]);
    expect(await readFile(path.join(root, "public", "atom.xml"), "utf8")).toContain('length="12345"');
    // The post is unchanged (its item comes from the cache); the file grew: the feed must say so.
    await writeFile(path.join(root, "static", "media", "ep1.mp3"), Buffer.alloc(54_321));
    expect((await cli(root)).code).toBe(0);
    expect(await readFile(path.join(root, "public", "rss.xml"), "utf8")).toContain('length="54321"');
  });

  it("a missing local file is an error naming the post, the field and the path looked at", async () => {
    const root = await makeSite({ "ep1.md": episode("media/missing.mp3") }, { staticDir: "assets" });
    await mkdir(path.join(root, "assets"));
    const run = await cli(root, "--no-cache");
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "posts/ep1.md:5:8: error: enclosure.url: the enclosure has no length, so it is read from assets/posts/ep1/media/missing.mp3, but it does not exist; add the file to the static folder (staticDir) or give enclosure.length",
    );
    expect(existsSync(path.join(root, "public"))).toBe(false);
  });

  it("a link in the static folder to a file outside it is not measured", async () => {
    const root = await makeSite({ "ep1.md": episode("/media/ep1.mp3") });
    await mkdir(path.join(root, "static", "media"), { recursive: true });
    await symlink("/etc/passwd", path.join(root, "static", "media", "ep1.mp3"));
    const run = await cli(root, "--no-cache");
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "posts/ep1.md:5:8: error: enclosure.url: the enclosure has no length, so it is read from static/media/ep1.mp3, but it is a link to a file outside the static folder; add the file to the static folder (staticDir) or give enclosure.length",
    );
  });
});
