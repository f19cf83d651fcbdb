/**
 * The build cache key: what may change a build's output must change the key. Beyond versions and
 * configuration (tests/build/cache-threads.test.ts), it holds a hash of the running code, so that
 * changed code without a version bump never trusts the old code's results.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cacheKey, toolVersions } from "../../src/cache/cache.js";
import { parseConfig } from "../../src/config/parse.js";

const site = parseConfig(JSON.stringify({ title: "Site", siteUrl: "https://example.org/" }), "feedwright.config.json", {}).site!;

describe("the build cache key", () => {
  it("names feedwright's version with a hash of the running code, Node's version and each output library's", async () => {
    const code = createHash("sha256").update(await readFile(new URL("../../src/cache/cache.ts", import.meta.url))).digest("hex").slice(0, 16);
    const versions = toolVersions();
    expect(versions).toMatch(new RegExp(`^feedwright@\\d+\\.\\d+\\.\\d+\\+${code} node@${process.versions.node.replaceAll(".", "\\.")} `));
    for (const library of ["feed", "js-yaml", "markdown-it", "sanitize-html", "zod", "@date-fns/tz"]) expect(versions).toMatch(new RegExp(` ${library}@\\d+\\.\\d+\\.\\d+`));
  });

  it("changes with the configuration and the working directory, and only with them", () => {
    const key = cacheKey(site, "/site");
    expect(cacheKey(site, "/site")).toBe(key);
    expect(cacheKey({ ...site, limit: 21 }, "/site")).not.toBe(key);
    expect(cacheKey(site, "/elsewhere")).not.toBe(key);
  });
});
