/**
 * `feedwright adopt`: through the real command line (main() with its I/O seam). A site moves to
 * new URLs; the build against the old feed fails; adopt writes the old ids; the build passes with
 * every id the old feed had. And a property: adopting changes no byte outside the inserted line.
 */
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { insertIdLine } from "../../src/adopt.js";
import { parsePreviousFeed } from "../../src/load/feeds.js";
import { tempDir } from "../helpers/build.js";

const NOW = "2024-06-01T12:00:00Z";

async function run(cwd: string, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv, env: {}, cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
  return { code, stdout, stderr };
}
const build = async (cwd: string, ...extra: string[]) => {
  const result = await run(cwd, ["--now", NOW, "--no-cache", "--threads", "1", "--json", ...extra]);
  return { ...result, report: JSON.parse(result.stdout) as BuildReport };
};

async function site(posts: Record<string, string>, config: Record<string, unknown>): Promise<string> {
  const dir = await tempDir("feedwright-adopt-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Adopt", siteUrl: "https://adopt.example/", timezone: "Europe/Berlin", limit: 0, ...config }));
  for (const [name, text] of Object.entries(posts)) {
    await mkdir(path.dirname(path.join(dir, "posts", name)), { recursive: true });
    await writeFile(path.join(dir, "posts", name), text);
  }
  return dir;
}

const POSTS: Record<string, string> = {
  "hello.md": "---\ntitle: Hello\ndate: 2024-05-01T10:00:00Z\n---\nHello.\n",
  "crlf.md": "\uFEFF---\r\ntitle: \"Windows, CRLF\"\r\ndate: 2024-05-02\r\ntags: [a, b]\r\n---\r\nBody.\r\n",
  "pinned.md": "---\ntitle: Pinned\ndate: 2024-05-03\nid: tag:adopt.example,2024:pinned\n---\n",
  "sub/nested.md": "---\ntitle: Nested one\ndate: 2024-05-04T08:00:00+02:00\n---\n",
};

const ids = (feed: string) => {
  const parsed = parsePreviousFeed(feed);
  if (!parsed.ok) throw new Error(parsed.why);
  return parsed.value.items.map((item) => item.id).sort();
};

describe("adopt round-trips a migration", () => {
  for (const format of ["feed.json", "rss.xml", "atom.xml", ""]) {
    it(`new URLs, the old ${format || "folder"} → adopt → build --previous passes with every old id`, async () => {
      const dir = await site(POSTS, { postUrl: "/{year}/{month}/{day}/{slug}.html" });
      expect((await build(dir, "--out", "old")).code).toBe(0);
      const previous = path.join("old", format);
      const oldIds = ids(await readFile(path.join(dir, "old", format || "feed.json"), "utf8"));
      // The new site: other URLs, and a renamed file.
      await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "Adopt", siteUrl: "https://adopt.example/", timezone: "Europe/Berlin", limit: 0, postUrl: "/posts/{path}/{slug}/" }));
      await rename(path.join(dir, "posts/hello.md"), path.join(dir, "posts/hello-world.md"));
      const before = await build(dir, "--previous", previous);
      expect(before.code).toBe(1);
      expect(before.report.idGuard!.changedIds).toHaveLength(3);
      const pinnedBefore = await readFile(path.join(dir, "posts/pinned.md"));

      const adopted = await run(dir, ["adopt", previous]);
      expect(adopted.stderr).toBe("");
      expect(adopted.code).toBe(0);
      expect(adopted.stdout).toContain("posts/hello-world.md: wrote id: https://adopt.example/2024/05/01/hello.html (matched by ");
      expect(adopted.stdout).toContain("posts/pinned.md: already tag:adopt.example,2024:pinned (matched by id); unchanged");
      expect(adopted.stdout).toMatch(/adopt: 3 id\(s\) written, 1 already the same, 0 left as they are, 0 not matched/);
      expect(await readFile(path.join(dir, "posts/pinned.md"))).toEqual(pinnedBefore);

      const after = await build(dir, "--previous", previous, "--out", "new");
      expect(after.stderr.split("\n").filter((l) => l.includes("error"))).toEqual([]);
      expect(after.code).toBe(0);
      expect(after.report.idGuard).toMatchObject({ changedIds: [], left: [] });
      for (const name of ["feed.json", "rss.xml", "atom.xml"]) expect(ids(await readFile(path.join(dir, "new", name), "utf8")), name).toEqual(oldIds);
      // Adopting again changes nothing.
      const again = await run(dir, ["adopt", previous]);
      expect(again.stdout).toContain("adopt: 0 id(s) written, 4 already the same");
    });
  }

  it("from another tool's feed: reports what it could not match, and never touches a post with its own id", async () => {
    const dir = await site(POSTS, {});
    const jekyll = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>https://adopt.example/feed.xml</id><title>Adopt</title>
<entry><title type="html">Hello</title><link href="https://adopt.example/2024/05/01/hello.html" rel="alternate" type="text/html"/><published>2024-05-01T12:00:00+02:00</published><id>https://adopt.example/2024/05/01/hello</id></entry>
<entry><title type="html">Pinned</title><link href="https://adopt.example/2024/05/03/pinned.html" rel="alternate"/><published>2024-05-03T00:00:00+02:00</published><id>https://adopt.example/2024/05/03/pinned</id></entry>
<entry><title type="html">Gone</title><published>2023-01-01T00:00:00+00:00</published><id>https://adopt.example/2023/01/01/gone</id></entry></feed>`;
    await writeFile(path.join(dir, "old.xml"), jekyll);
    const dry = await run(dir, ["adopt", "old.xml", "--dry-run"]);
    expect(dry.stdout).toContain("posts/hello.md: would write id: https://adopt.example/2024/05/01/hello (matched by title and date)");
    expect(await readFile(path.join(dir, "posts/hello.md"), "utf8")).toBe(POSTS["hello.md"]);
    const adopted = await run(dir, ["adopt", "old.xml"]);
    expect(adopted.code).toBe(1);
    expect(adopted.stdout).toContain("posts/pinned.md: sets its own id tag:adopt.example,2024:pinned, published as https://adopt.example/2024/05/03/pinned (matched by title and date); unchanged");
    expect(adopted.stdout).toContain('not matched: "Gone" https://adopt.example/2023/01/01/gone');
    expect(await readFile(path.join(dir, "posts/pinned.md"), "utf8")).toBe(POSTS["pinned.md"]);
    expect(await readFile(path.join(dir, "posts/hello.md"), "utf8")).toBe("---\nid: https://adopt.example/2024/05/01/hello\ntitle: Hello\ndate: 2024-05-01T10:00:00Z\n---\nHello.\n");
  });

  it("usage errors exit 2", async () => {
    const dir = await site(POSTS, {});
    expect((await run(dir, ["adopt"])).code).toBe(2);
    expect((await run(dir, ["adopt", "a", "b"])).code).toBe(2);
    expect((await run(dir, ["adopt", "--help"])).stdout).toContain("Usage: feedwright adopt");
    expect((await run(dir, ["adopt", "missing.xml"])).code).toBe(1);
    expect(await readdir(path.join(dir, "posts"))).toEqual(["crlf.md", "hello.md", "pinned.md", "sub"]);
  });
});

describe("insertIdLine", () => {
  it("writes the id in the frontmatter's own language and line ending", () => {
    const cases: [string, string][] = [
      ["---\ntitle: A\n---\n", "---\nid: https://x.example/a/\ntitle: A\n---\n"],
      ["\n\n+++\r\ntitle = 'A'\r\n+++\r\n", "\n\n+++\r\nid = \"https://x.example/a/\"\r\ntitle = 'A'\r\n+++\r\n"],
      ['{\n  "title": "A"\n}\n', '{\n  "id": "https://x.example/a/",\n  "title": "A"\n}\n'],
      ["---js\nconst title = 'A';\n---\n", "---js\nconst id = \"https://x.example/a/\";\nconst title = 'A';\n---\n"],
    ];
    for (const [before, after] of cases) {
      const result = insertIdLine(Buffer.from(before), "https://x.example/a/");
      expect(result.ok && result.value.bytes.toString()).toBe(after);
    }
    expect(insertIdLine(Buffer.from("---\nid: x:y\n---\n"), "https://x.example/a/")).toMatchObject({ ok: false, why: expect.stringContaining("sets an id") });
    expect(insertIdLine(Buffer.from("no frontmatter\n"), "https://x.example/a/")).toMatchObject({ ok: false });
    // A value YAML would read otherwise is quoted.
    expect(insertIdLine(Buffer.from("---\n---\n"), "https://x.example/a b #c").ok && "quoted").toBe("quoted");
    const quoted = insertIdLine(Buffer.from("---\n---\n"), "tag:x.example,2024:a");
    expect(quoted.ok && quoted.value.bytes.toString()).toBe('---\nid: "tag:x.example,2024:a"\n---\n');
  });

  it("never changes a byte outside the inserted line", () => {
    const eol = fc.constantFrom("\n", "\r\n");
    const text = fc.string({ unit: "binary", maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ""));
    const fieldLine = text.filter((line) => !/^\s*["']?id["']?\s*[:=]/.test(line) && !/^(---|\+\+\+|\})\s*$/.test(line) && !/\b(const|let|var)\s+id\b/.test(line));
    const file = fc.record({
      bom: fc.boolean(),
      blank: fc.array(fc.constantFrom("", " ", "\t"), { maxLength: 2 }),
      opener: fc.constantFrom(["---", "---"], ["+++", "+++"], ["{", "}"], ["---js", "---"]),
      eol,
      fields: fc.array(fieldLine, { maxLength: 6 }),
      body: fc.uint8Array({ maxLength: 60 }),
    });
    const id = fc.webUrl();
    fc.assert(
      fc.property(file, id, (f, uri) => {
        const head = [...f.blank.map((b) => b + f.eol), f.opener[0] + f.eol, ...f.fields.map((line) => line + f.eol), f.opener[1] + f.eol].join("");
        const original = Buffer.concat([f.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(head, "utf8"), f.body]);
        const result = insertIdLine(original, uri);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const added = result.value.bytes.length - original.length;
        expect(added).toBeGreaterThan(0);
        // Some cut k: the result is original[0, k) + one line + original[k, …).
        let found = false;
        for (let k = 0; k <= original.length && !found; k++) {
          if (!result.value.bytes.subarray(0, k).equals(original.subarray(0, k))) break;
          const line = result.value.bytes.subarray(k, k + added).toString("utf8");
          if (result.value.bytes.subarray(k + added).equals(original.subarray(k)) && /^[^\n]*\n$/.test(line) && line.includes(JSON.stringify(uri).slice(1, -1).length > 0 ? "id" : "")) found = true;
        }
        expect(found).toBe(true);
      }),
    );
  });
});
