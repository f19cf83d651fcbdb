/**
 * The repository's own posts/ with its own feedwright.config.json, whatever they hold (a fork
 * replaces both): built at the current time as `npm run build` would, the three feeds must be
 * valid and must say the same thing to independent readers. Nothing here knows a post, a title
 * or a language, so the test holds in any fork; pinned expectations live in fixtures
 * (tests/build/news-item.test.ts).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildSite, REPO } from "../helpers/build.js";
import { expectValidAndAgreed } from "../helpers/readers.js";

describe("the repository's own posts and configuration", () => {
  it("build without errors into valid RSS, Atom and JSON Feed that independent readers agree on", async () => {
    const site = await buildSite(REPO, new Date().toISOString(), { configPath: path.join(REPO, "feedwright.config.json") });
    const errors = site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
    expect(errors).toEqual([]);
    expect(site.result.ok).toBe(true);
    // Validators, then every reader: the same title, ids, links, dates and titles (tests/helpers/readers.ts).
    await expectValidAndAgreed(site);
  });
});
