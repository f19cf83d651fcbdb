/**
 * The archive plan (src/serialize/archive.ts), by property: for any count of items, page size and
 * limit, the main feed and the pages hold every item once; every page but the newest partial one
 * is full; a page's items do not depend on how many newer items there are; the main feed keeps at
 * least `limit` items and fewer than a page more.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fullPagesItems, pageItems } from "../../src/serialize/archive.js";

/** Items 1…count (1 the oldest), newest first as the feeds hold them. */
const items = (count: number) => Array.from({ length: count }, (_, i) => count - i);

describe("the archive plan", () => {
  it("partitions the items into the main feed and pages counted from the oldest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 100 }), (count, perPage, limit, extra) => {
        const all = items(count);
        const archived = fullPagesItems(count, { itemsPerPage: perPage, limit });
        const pages = Math.ceil(archived / perPage);
        const main = all.slice(0, count - archived);
        const chain = [main, ...Array.from({ length: pages }, (_, i) => pageItems(all, archived, perPage, pages - i))];
        expect(chain.flat()).toEqual(all);
        expect(archived % perPage).toBe(0);
        if (count < limit) expect(main).toEqual(all);
        else {
          expect(main.length).toBeGreaterThanOrEqual(limit);
          expect(main.length).toBeLessThan(limit + perPage);
        }
        // Page n holds the items n·perPage−perPage+1 … n·perPage, whatever comes after them.
        const later = items(count + extra);
        const laterArchived = fullPagesItems(count + extra, { itemsPerPage: perPage, limit });
        for (let n = 1; n <= pages; n++) {
          expect(pageItems(all, archived, perPage, n)).toEqual(items(n * perPage).slice(0, perPage));
          expect(pageItems(later, laterArchived, perPage, n)).toEqual(pageItems(all, archived, perPage, n));
        }
      }),
    );
  });

  it("archives nothing by count with limit 0, and a partial newest page where maxBytes archives more", () => {
    expect(fullPagesItems(1000, { itemsPerPage: 10, limit: 0 })).toBe(0);
    expect(fullPagesItems(25, { itemsPerPage: 7, limit: 5 })).toBe(14);
    // 23 archived of 25 (maxBytes kept 2): pages of 7, 7, 7 and a newest page of 2.
    const all = items(25);
    expect([1, 2, 3, 4].map((n) => pageItems(all, 23, 7, n))).toEqual([[7, 6, 5, 4, 3, 2, 1], [14, 13, 12, 11, 10, 9, 8], [21, 20, 19, 18, 17, 16, 15], [23, 22]]);
  });
});
