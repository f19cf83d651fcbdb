/**
 * The manifest's digests (src/write/site.ts): with `digests` each entry carries the SHA-256 of the
 * file as written, checked against coreutils' sha256sum on the files on disk; sameOutput tells a
 * published manifest from a build's, and a manifest without digests is never the same.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { MANIFEST, parseManifest, sameOutput, writeSite } from "../../src/write/site.js";
import { tempDir } from "../helpers/build.js";

const run = promisify(execFile);

describe("the manifest with digests", () => {
  it("records each file's SHA-256 as sha256sum computes it from the file on disk", async () => {
    const out = await tempDir("feedwright-manifest-");
    const outputs = [
      { name: "rss.xml", content: "<rss>ä</rss>" },
      { name: "posts/a/index.html", content: () => ["<p>", new TextEncoder().encode("pieces"), "</p>"], post: "https://t.test/posts/a/" },
    ];
    const written = await writeSite(out, outputs, { mode: "site", keepPosts: new Set(), shown: "out", digests: true });
    expect(written.diagnostics).toEqual([]);
    const manifest = parseManifest(await readFile(path.join(out, MANIFEST), "utf8"))!;
    expect(manifest).toEqual(written.value!.manifest);
    const { stdout } = await run("sha256sum", ["rss.xml", "posts/a/index.html"], { cwd: out });
    const expected = new Map(stdout.trim().split("\n").map((line) => [line.slice(66), line.slice(0, 64)]));
    expect(manifest).toEqual([
      { name: "posts/a/index.html", post: "https://t.test/posts/a/", sha256: expected.get("posts/a/index.html") },
      { name: "rss.xml", sha256: expected.get("rss.xml") },
    ]);
  });

  it("without digests the entries have none, as before", async () => {
    const out = await tempDir("feedwright-manifest-");
    const written = await writeSite(out, [{ name: "rss.xml", content: "<rss/>" }], { mode: "site", keepPosts: new Set(), shown: "out" });
    expect(written.value!.manifest).toEqual([{ name: "rss.xml" }]);
  });
});

describe("sameOutput", () => {
  const a = [{ name: "a", sha256: "1" }, { name: "b", sha256: "2" }];
  it("the same names with the same digests, in any order", () => {
    expect(sameOutput(a, [...a].reverse())).toBe(true);
  });
  it("a changed digest, a file more or less, or an entry without digest is a change", () => {
    expect(sameOutput(a, [{ name: "a", sha256: "1" }, { name: "b", sha256: "3" }])).toBe(false);
    expect(sameOutput(a, [...a, { name: "c", sha256: "4" }])).toBe(false);
    expect(sameOutput(a, a.slice(1))).toBe(false);
    expect(sameOutput([{ name: "a" }, { name: "b", sha256: "2" }], [{ name: "a" }, { name: "b", sha256: "2" }])).toBe(false);
  });
  it("parseManifest refuses what is not a manifest", () => {
    expect(parseManifest("<html>")).toBeUndefined();
    expect(parseManifest('{"files": 3}')).toBeUndefined();
    expect(parseManifest('{"files": [{"name": "a", "sha256": "x"}, {"name": 3}]}')).toEqual([{ name: "a", sha256: "x" }]);
  });
});
