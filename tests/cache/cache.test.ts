/**
 * The build cache key: what may change a build's output must change the key: the versions and the
 * running code (tests/shared/version.test.ts), the configuration and the working directory.
 */
import { describe, expect, it } from "vitest";
import { cacheKey } from "../../src/cache/cache.js";
import { parseConfig } from "../../src/config/parse.js";
import { siteOf } from "../helpers/site.js";

const site = siteOf(parseConfig(JSON.stringify({ title: "Site", siteUrl: "https://example.org/" }), "feedwright.config.json", {}));

describe("the build cache key", () => {
  it("changes with the configuration and the working directory, and only with them", () => {
    const key = cacheKey(site, "/site");
    expect(cacheKey(site, "/site")).toBe(key);
    expect(cacheKey({ ...site, limit: 21 }, "/site")).not.toBe(key);
    expect(cacheKey(site, "/elsewhere")).not.toBe(key);
  });
});
