/**
 * fitItems against brute force: for random items and limits, the count it keeps is the largest
 * whose whole serialized feed (joined by the real writers) is within maxBytes, and its `bytes` is
 * that feed's exact length; largeFeedWarning's threshold is a parameter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { archivePageFix, byteLength, fitItems, largeFeedWarning, type FormatParts } from "../../src/serialize/fit.js";
import { atomEntry, atomFrame, writeAtom } from "../../src/serialize/atom/atom.js";
import { jsonFrame, jsonItem, writeJson } from "../../src/serialize/json/json.js";
import { rssFrame, rssItem, writeRss } from "../../src/serialize/rss/rss.js";
import { EscapedContents } from "../../src/serialize/xml/escape.js";
import type { FeedItem, FeedMeta } from "../../src/model/feed.js";

const META: FeedMeta = {
  title: "T",
  description: "d",
  homeUrl: "https://example.com/",
  id: "https://example.com/",
  language: "en",
  author: { name: "A" },
  updated: new Date(0),
  selfUrls: { rss: "https://example.com/rss.xml", atom: "https://example.com/atom.xml", json: "https://example.com/feed.json" },
};

const item = fc.record({ n: fc.integer({ min: 0, max: 1e6 }), body: fc.string({ unit: fc.constantFrom("a", "ü", "&", "<", "🎉"), maxLength: 300 }), image: fc.boolean(), day: fc.integer({ min: 0, max: 3000 }) }).map(
  ({ n, body, image, day }): FeedItem => ({
    file: `posts/p${n}.md`,
    id: `https://example.com/p${n}/`,
    link: `https://example.com/p${n}/`,
    url: `https://example.com/p${n}/`,
    title: `P ${n}`,
    published: new Date(Date.UTC(2020, 0, 1)),
    modified: new Date(Date.UTC(2020, 0, 1 + day)),
    authors: [{ name: "A" }],
    contentHtml: `<p>${body}</p>`,
    categories: [],
    ...(image ? { image: "https://example.com/i.png" } : {}),
  }),
);

const metaOf = (kept: readonly FeedItem[]): FeedMeta => ({ ...META, updated: kept.reduce((max, i) => (i.modified > max ? i.modified : max), new Date(0)) });
const contents = new EscapedContents();
const FORMATS: Record<string, { parts: FormatParts; whole: (items: readonly FeedItem[]) => number }> = {
  rss: { parts: { frame: (kept) => rssFrame(metaOf(kept), kept), item: (i) => rssItem(i, contents) }, whole: (items) => byteLength(writeRss(metaOf(items), items)) },
  atom: { parts: { frame: (kept) => atomFrame(metaOf(kept)), item: (i) => atomEntry(META, i, contents) }, whole: (items) => byteLength(writeAtom(metaOf(items), items)) },
  json: { parts: { frame: (kept) => jsonFrame(META, kept.length), item: (i, index) => jsonItem(i, index) }, whole: (items) => byteLength(writeJson(metaOf(items), items)) },
};

describe("fitItems", () => {
  for (const [format, { parts, whole }] of Object.entries(FORMATS)) {
    it(`${format}: keeps the most newest items whose whole feed fits, and says its exact size`, () => {
      fc.assert(
        fc.property(fc.array(item, { maxLength: 12 }), fc.integer({ min: 0, max: 6000 }), (items, extra) => {
          const maxBytes = whole([]) + extra;
          const fit = fitItems(items, parts, maxBytes);
          expect(fit.ok).toBe(true);
          if (!fit.ok) return;
          let best = 0;
          for (let k = 0; k <= items.length; k++) if (whole(items.slice(0, k)) <= maxBytes) best = k;
          expect(fit.kept).toBe(best);
          expect(fit.bytes).toBe(whole(items.slice(0, best)));
        }),
        { numRuns: 60 },
      );
    });
  }

  it("is not ok when the feed with no item is already over", () => {
    const empty = FORMATS.rss!.whole([]);
    expect(fitItems([], FORMATS.rss!.parts, empty - 1)).toEqual({ ok: false, emptyBytes: empty });
    expect(fitItems([], FORMATS.rss!.parts, empty)).toEqual({ ok: true, kept: 0, bytes: empty, tooLarge: [] });
  });
});

describe("largeFeedWarning", () => {
  it("warns above the threshold only, naming the file, the size, the readers and the fix", () => {
    expect(largeFeedWarning("public/rss.xml", 1000, "feedwright.config.json", 1000)).toBeUndefined();
    expect(largeFeedWarning("public/rss.xml", 5_000_000, "feedwright.config.json")).toBeUndefined();
    const warned = largeFeedWarning("public/rss.xml", 1001, "feedwright.config.json", 1000);
    expect(warned).toMatchObject({ severity: "warning", file: "public/rss.xml" });
    expect(warned!.message).toMatch(/^is 1001 bytes, over 1000: the W3C Feed Validator .*SimplePie \(FreshRSS's parser\) fails from about 11 MB \("XML error: No memory"\); set maxBytes in feedwright\.config\.json .* or a lower limit$/);
  });

  it("names the archive page's own fix: fewer items per page", () => {
    const warned = largeFeedWarning("public/archive/3/rss.xml", 1001, "feedwright.config.json", 1000, archivePageFix("feedwright.config.json", 100));
    expect(warned!.message).toMatch(/^is 1001 bytes, over 1000: the W3C Feed Validator .*; lower archives\.itemsPerPage \(100\) in feedwright\.config\.json: an archive page keeps its items whatever their size$/);
  });
});
