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
import {
  readWithFeedparser,
  readWithFeedsmith,
  readWithRowanmanning,
  readWithRssParser,
  validateAtom,
  validateJsonFeed,
  validateRss,
} from "../support/feed-readers.js";

describe("the repository's own posts and configuration", () => {
  it("build without errors into valid RSS, Atom and JSON Feed that independent readers agree on", async () => {
    const site = await buildSite(REPO, new Date().toISOString(), { configPath: path.join(REPO, "feedwright.config.json") });
    const errors = site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
    expect(errors).toEqual([]);
    expect(site.result.ok).toBe(true);

    expect(validateRss(site.rss)).toEqual([]);
    expect(await validateAtom(site.atom)).toEqual([]);
    expect(validateJsonFeed(JSON.parse(site.json))).toEqual([]);

    const json = JSON.parse(site.json) as { title: string; items: { id: string; title?: string }[] };
    const ids = json.items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const readers = {
      "rss-parser (RSS)": await readWithRssParser(site.rss),
      "feedparser (RSS)": await readWithFeedparser(site.rss),
      "feedsmith (RSS)": await readWithFeedsmith(site.rss, "rss"),
      "rss-parser (Atom)": await readWithRssParser(site.atom),
      "@rowanmanning/feed-parser (Atom)": await readWithRowanmanning(site.atom),
      "feedparser (Atom)": await readWithFeedparser(site.atom),
      "feedsmith (Atom)": await readWithFeedsmith(site.atom, "atom"),
      "feedsmith (JSON)": await readWithFeedsmith(site.json, "json"),
    };
    for (const [reader, feed] of Object.entries(readers)) {
      expect(feed.title, reader).toBe(json.title);
      expect(feed.items.map((item) => item.id), reader).toEqual(ids);
      // feedparser strips what looks like markup from every title (`Why <div> matters` loses `<div>`
      // though it was escaped), a reader's choice that says nothing about the feed.
      if (!reader.startsWith("feedparser")) expect(feed.items.map((item) => item.title), reader).toEqual(json.items.map((item) => item.title));
    }
  });
});
