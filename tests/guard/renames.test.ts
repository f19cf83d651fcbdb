/**
 * The id guard against renames and new URL schemes, through the real command line (main() with
 * its I/O seam), with each kind of --previous: the published folder, feed.json, rss.xml, atom.xml,
 * and feeds written by other tools (jekyll-feed, Hugo, WordPress, Astro).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { tempDir } from "../helpers/build.js";

const NOW = "2024-06-01T12:00:00Z";

async function cli(cwd: string, argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv: [...argv, "--now", NOW, "--no-cache", "--threads", "1", "--json"], env, cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
  return { code, report: JSON.parse(stdout) as BuildReport, stderr };
}

async function site(posts: Record<string, string>, config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempDir("feedwright-renames-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Renames", siteUrl: "https://renames.example/", ...config }));
  await mkdir(path.join(dir, "posts"));
  for (const [name, text] of Object.entries(posts)) await writeFile(path.join(dir, "posts", name), text);
  return dir;
}

const post = (title: string, date: string, extra = "") => `---\ntitle: "${title}"\ndate: ${date}\n${extra}---\nBody of ${title}.\n`;
const POSTS = { "hello.md": post("Hello", "2024-05-01T10:00:00Z"), "other.md": post("Other", "2024-05-02T10:00:00Z") };

/** Builds into public/, then copies what was published to published/ (what the workflow downloads). */
async function publish(dir: string, env: Record<string, string> = {}): Promise<string> {
  const built = await cli(dir, ["--out", "published"], env);
  expect(built.code, built.stderr).toBe(0);
  return path.join(dir, "published");
}

const PREVIOUS = ["", "feed.json", "rss.xml", "atom.xml"] as const;

function expectChanged(result: Awaited<ReturnType<typeof cli>>, file: string, previousId: string) {
  expect(result.code).toBe(1);
  const errors = result.report.diagnostics.filter((d) => d.severity === "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ file, field: "id" });
  expect(errors[0]!.message).toContain(`id: ${previousId}`);
  expect(result.report.written).toEqual([]);
}

describe("file renames fail the build, with every kind of --previous", () => {
  const renames: [string, string, string][] = [
    ["a plain rename", "hello.md", "hello-world.md"],
    ["a case-only rename", "Hello.md", "hello.md"],
  ];
  for (const [what, from, to] of renames) {
    for (const previous of PREVIOUS) {
      it(`${what} (${from} → ${to}), --previous ${previous || "the folder"}`, async () => {
        const dir = await site({ [from]: post("Hello", "2024-05-01T10:00:00Z"), "other.md": POSTS["other.md"] });
        const published = await publish(dir);
        await rename(path.join(dir, "posts", from), path.join(dir, "posts", to));
        const result = await cli(dir, ["--previous", path.join(published, previous)]);
        const oldId = `https://renames.example/posts/${encodeURIComponent(from.slice(0, -3))}/`;
        expectChanged(result, `posts/${to}`, oldId);
        expect(result.report.idGuard?.changedIds).toEqual([
          { file: `posts/${to}`, title: "Hello", previousId: oldId, id: `https://renames.example/posts/${encodeURIComponent(to.slice(0, -3))}/`, matchedBy: "title and date" },
        ]);
      });
    }
  }

  // macOS writes names in NFD, Linux keeps what it is given: a slug from a file name is taken in
  // NFC, so the same name in either form is the same slug and the same id (no error to give).
  for (const previous of PREVIOUS) {
    it(`an NFC to NFD rename keeps the id, --previous ${previous || "the folder"}`, async () => {
      const dir = await site({ "gr\u00fc\u00dfe.md": post("Hello", "2024-05-01T10:00:00Z"), "other.md": POSTS["other.md"] });
      const published = await publish(dir);
      await rename(path.join(dir, "posts/gr\u00fc\u00dfe.md"), path.join(dir, "posts/gru\u0308\u00dfe.md"));
      const result = await cli(dir, ["--previous", path.join(published, previous)]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.report.idGuard).toEqual({ checked: 2, changedIds: [], left: [] });
    });
  }

  // An earlier build (before names were taken in NFC) published an NFD name's id: the NFC slug
  // of today is another id, and the guard says so like for any rename.
  for (const previous of PREVIOUS) {
    it(`an id published from the NFD form of a name fails the build, --previous ${previous || "the folder"}`, async () => {
      const dir = await site({ "gr\u00fc\u00dfe.md": post("Hello", "2024-05-01T10:00:00Z"), "other.md": POSTS["other.md"] });
      const published = await publish(dir);
      const nfc = encodeURIComponent("gr\u00fc\u00dfe");
      const nfd = encodeURIComponent("gru\u0308\u00dfe");
      for (const name of ["feed.json", "rss.xml", "atom.xml"]) {
        const file = path.join(published, name);
        await writeFile(file, (await readFile(file, "utf8")).replaceAll(nfc, nfd));
      }
      await rename(path.join(dir, "posts/gr\u00fc\u00dfe.md"), path.join(dir, "posts/gru\u0308\u00dfe.md"));
      const result = await cli(dir, ["--previous", path.join(published, previous)]);
      expectChanged(result, "posts/gru\u0308\u00dfe.md", `https://renames.example/posts/${nfd}/`);
    });
  }

  it("passes once the published id is pinned with the line the error names", async () => {
    const dir = await site(POSTS);
    const published = await publish(dir);
    await rename(path.join(dir, "posts/hello.md"), path.join(dir, "posts/hello-world.md"));
    const failed = await cli(dir, ["--previous", published]);
    const line = /add {2}(id: \S+) {2}to the frontmatter/.exec(failed.report.diagnostics[0]!.message)![1]!;
    await writeFile(path.join(dir, "posts/hello-world.md"), post("Hello", "2024-05-01T10:00:00Z", `${line}\n`));
    const passed = await cli(dir, ["--previous", published]);
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.report.idGuard).toEqual({ checked: 2, changedIds: [], left: [] });
  });

  it("a deleted post is still a note, not an error", async () => {
    const dir = await site(POSTS);
    const published = await publish(dir);
    await writeFile(path.join(dir, "posts/hello.md"), post("Hello again", "2024-05-03T10:00:00Z"));
    await rename(path.join(dir, "posts/hello.md"), path.join(dir, "posts/new.md"));
    const result = await cli(dir, ["--previous", path.join(published, "rss.xml")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report.idGuard?.left).toEqual([{ id: "https://renames.example/posts/hello/", reason: "deleted", title: "Hello" }]);
  });
});

describe("a new URL scheme fails the build even with only RSS or Atom as --previous", () => {
  const changes: [string, Record<string, unknown>, Record<string, string>][] = [
    ["siteUrl", { siteUrl: "https://moved.example/" }, {}],
    ["FEEDWRIGHT_SITE_URL", {}, { FEEDWRIGHT_SITE_URL: "https://ci.example/" }],
    ["postUrl", { postUrl: "/blog/{slug}.html" }, {}],
    ["the scheme", { siteUrl: "http://renames.example/" }, {}],
  ];
  for (const [what, config, env] of changes) {
    for (const previous of ["rss.xml", "atom.xml"]) {
      it(`${what}, --previous ${previous}`, async () => {
        const dir = await site(POSTS);
        const published = await publish(dir);
        await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Renames", siteUrl: "https://renames.example/", ...config }));
        const result = await cli(dir, ["--previous", path.join(published, previous)], env);
        expect(result.code).toBe(1);
        expect(result.report.idGuard?.changedIds.map((c) => [c.file, c.previousId, c.matchedBy]).sort()).toEqual([
          ["posts/hello.md", "https://renames.example/posts/hello/", "title and date"],
          ["posts/other.md", "https://renames.example/posts/other/", "title and date"],
        ]);
      });
    }
  }
});

/** Feeds as other tools write them, for the posts of POSTS under their URLs. */
const FOREIGN: Record<string, string> = {
  "jekyll-feed Atom": `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" ><generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator><link href="https://renames.example/feed.xml" rel="self" type="application/atom+xml" /><updated>2024-05-02T12:00:00+02:00</updated><id>https://renames.example/feed.xml</id><title type="html">Renames</title>
<entry><title type="html">Hello</title><link href="https://renames.example/2024/05/01/hello.html" rel="alternate" type="text/html" title="Hello" /><published>2024-05-01T12:00:00+02:00</published><updated>2024-05-01T12:00:00+02:00</updated><id>https://renames.example/2024/05/01/hello</id><content type="html" xml:base="https://renames.example/2024/05/01/hello.html">&lt;p&gt;Body of Hello.&lt;/p&gt;</content></entry>
<entry><title type="html">Other</title><link href="https://renames.example/2024/05/02/other.html" rel="alternate" type="text/html" title="Other" /><published>2024-05-02T12:00:00+02:00</published><id>https://renames.example/2024/05/02/other</id></entry></feed>`,
  "Hugo RSS": `<?xml version="1.0" encoding="utf-8" standalone="yes"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Renames</title><link>https://renames.example/</link><generator>Hugo</generator>
<item><title>Hello</title><link>https://renames.example/posts/2024/hello/</link><pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate><guid>https://renames.example/posts/2024/hello/</guid><description>Body of Hello.</description></item>
<item><title>Other</title><link>https://renames.example/posts/2024/other/</link><pubDate>Thu, 02 May 2024 10:00:00 +0000</pubDate><guid>https://renames.example/posts/2024/other/</guid></item></channel></rss>`,
  "WordPress RSS": `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Renames</title>
<item><title>Hello</title><link>https://renames.example/2024/05/01/hello/</link><dc:creator><![CDATA[admin]]></dc:creator><pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate><guid isPermaLink="false">https://renames.example/?p=12</guid></item>
<item><title>Other</title><link>https://renames.example/2024/05/02/other/</link><pubDate>Thu, 02 May 2024 10:00:00 +0000</pubDate><guid isPermaLink="false">https://renames.example/?p=14</guid></item></channel></rss>`,
  "Astro RSS": `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Renames</title><link>https://renames.example/</link>
<item><title>Hello</title><link>https://renames.example/blog/hello/</link><guid isPermaLink="true">https://renames.example/blog/hello/</guid><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Other</title><link>https://renames.example/blog/other/</link><guid isPermaLink="true">https://renames.example/blog/other/</guid><pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate></item></channel></rss>`,
};

describe("whatever tool wrote the published feed, a post under another id is an error", () => {
  for (const [tool, feed] of Object.entries(FOREIGN)) {
    it(tool, async () => {
      const dir = await site(POSTS);
      await writeFile(path.join(dir, "old-feed.xml"), feed);
      const result = await cli(dir, ["--previous", "old-feed.xml"]);
      expect(result.code).toBe(1);
      const changed = result.report.idGuard!.changedIds;
      expect(changed.map((c) => c.file).sort()).toEqual(["posts/hello.md", "posts/other.md"]);
      expect(changed.every((c) => c.matchedBy === "title and date")).toBe(true);
      const hello = result.report.diagnostics.find((d) => d.file === "posts/hello.md")!;
      expect(hello.message).toContain(`id: ${changed.find((c) => c.file === "posts/hello.md")!.previousId}`);
      expect(result.report.idGuard!.left).toEqual([]);
    });
  }

  it("a title alone, or a date alone, does not match", async () => {
    const dir = await site({ "hello.md": post("Hello", "2024-05-01T10:00:01Z"), "other.md": post("Not other", "2024-05-02T10:00:00Z") });
    await writeFile(path.join(dir, "old-feed.xml"), FOREIGN["Astro RSS"]!);
    const result = await cli(dir, ["--previous", "old-feed.xml"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.report.idGuard!.left.map((item) => item.reason)).toEqual(["deleted", "deleted"]);
  });
});
