/**
 * The versions the build cache and the config memo are keyed by. Beyond versions, the key holds a
 * hash of the code that runs: every module of the source tree here, the bundles when bundled
 * (tests/build/bundle.test.ts), so that changed code without a version bump never trusts the
 * old code's results.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { codeFiles, ownCode, ownVersion, toolVersions } from "../../src/common/version.js";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

describe("toolVersions", () => {
  it("names feedwright's version with a hash of the running code, Node's version and each output library's", async () => {
    const { version } = JSON.parse(await readFile(path.join(SRC, "../package.json"), "utf8")) as { version: string };
    expect(ownVersion()).toBe(version);
    const versions = toolVersions();
    expect(versions.startsWith(`feedwright@${version}+${ownCode()} node@${process.versions.node} `)).toBe(true);
    expect(ownCode()).toMatch(/^[0-9a-f]{16}$/);
    for (const library of ["feed", "js-yaml", "markdown-it", "sanitize-html", "zod", "@date-fns/tz"]) expect(versions).toMatch(new RegExp(` ${library}@\\d+\\.\\d+\\.\\d+`));
  });

  it("hashes every module of the source tree, not only its own file", async () => {
    const all = (await readdir(SRC, { recursive: true })).filter((name) => name.endsWith(".ts")).map((name) => path.join(SRC, name));
    expect(codeFiles()).toEqual(all.sort());
    expect(codeFiles()).toContain(path.join(SRC, "parse/post.ts"));
  });
});
