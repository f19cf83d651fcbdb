/**
 * Property-based (issue 11, item 6): random instants across the whole supported range
 * (SUPPORTED_DATES, years 1000–9999 in UTC), written as frontmatter in random ways (UTC, a random
 * offset, or a wall-clock time in a random zone), in every date field. A date whose instant falls
 * inside the range builds, and all three feeds pass the validators of tests/support and carry the
 * same instant (RSS to the second); one outside it (an offset can push 9999-12-31 into 10000) is
 * an error naming the field and the range, and nothing is built.
 *
 * FEEDWRIGHT_PROPERTY_RUNS sets the runs, as in tests/build/property-unicode.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUPPORTED_DATES, SUPPORTED_DATES_TEXT } from "../../src/common/dates.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildPosts } from "../helpers/build.js";
import { validateAtoms, validateJsonFeed, validateRss } from "../support/feed-readers.js";
import { childElements, parseXml, textContent } from "../support/xml.js";

const RUNS = Number(process.env.FEEDWRIGHT_PROPERTY_RUNS) || 0;
const runs = (fallback: number) => (RUNS > 0 ? RUNS : fallback);

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"];
/** After every date the generator can write: every item is published, none has expired. */
const NOW = new Date(SUPPORTED_DATES.to);

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
/** `YYYY-MM-DDTHH:MM:SS.mmm` of a time's UTC fields (the instant's digits, read as a wall clock). */
function digits(time: number): string {
  const d = new Date(time);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

type Written = { text: string; zone: string } & ({ exact: number } | { wallClock: true });

/** An instant in or near the range, and a way of writing it whose digits stay four-digit years. */
const written: fc.Arbitrary<Written> = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: SUPPORTED_DATES.from, max: SUPPORTED_DATES.to }),
      fc.constantFrom(SUPPORTED_DATES.from, SUPPORTED_DATES.to, Date.UTC(1970, 0, 1), Date.UTC(2000, 1, 29), Date.UTC(9999, 11, 31, 12)),
    ),
    fc.constantFrom(...ZONES),
    fc.oneof(fc.constant<"Z">("Z"), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), fc.constant<"zone">("zone")),
  )
  .map(([time, zone, how]) => {
    if (how === "Z") return { text: `${digits(time)}Z`, zone, exact: time };
    if (how === "zone") return { text: digits(time), zone, wallClock: true as const };
    // The same digits with an offset: the instant moves by the offset, possibly out of range.
    const sign = how < 0 ? "-" : "+";
    const offset = `${sign}${pad(Math.floor(Math.abs(how) / 60))}:${pad(Math.abs(how) % 60)}`;
    return { text: `${digits(time)}${offset}`, zone, exact: time - how * 60_000 };
  });

/** Atom's date elements and RSS pubDate of the one item. */
function xmlDates(xml: string, names: string[]): Record<string, string> {
  const root = parseXml(xml).root!;
  const item = (childElements(root, "channel")[0] ? childElements(childElements(root, "channel")[0]!, "item")[0] : childElements(root, "entry")[0])!;
  return Object.fromEntries(names.map((name) => [name, textContent(childElements(item, name)[0]!).trim()]));
}

describe("random dates across the supported range, in every date field", () => {
  it("inside the range: valid feeds that carry the instant; outside: an error naming the field and the range", async () => {
    let inside = 0;
    let outside = 0;
    const atoms: { label: string; xml: string }[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("date", "updated", "expires"), written, async (field, value) => {
        // The publication date at the earliest instant, so `updated` and `expires` are never before it.
        const fields: Record<string, string> = { date: "1000-01-01T00:00:00Z", [field]: value.text };
        const frontmatter = Object.entries(fields).map(([k, v]) => `${k}: "${v}"`).join("\n");
        const built = await buildPosts({ title: "Dates", siteUrl: "https://example.org/", timezone: value.zone, limit: 0 }, [{ file: "posts/a.md", text: `---\ntitle: Dated\n${frontmatter}\n---\nBody\n` }], NOW);
        const errors = built.diagnostics.filter((d) => d.severity === "error");
        const instant = "exact" in value ? value.exact : undefined;
        const inRange = instant === undefined ? errors.length === 0 : instant >= SUPPORTED_DATES.from && instant <= SUPPORTED_DATES.to;
        if (!inRange) {
          outside++;
          expect(errors.map(formatDiagnostic)).toEqual([expect.stringMatching(new RegExp(`^posts/a\\.md:\\d+:\\d+: error: ${field}: '.*' is the instant .*, outside the supported range ${SUPPORTED_DATES_TEXT.replaceAll(".", "\\.")}`))]);
          expect(built.feeds).toBeUndefined();
          return;
        }
        // A wall-clock time near either end may leave the range in its zone: then only the error above may appear.
        if (instant === undefined && errors.length > 0) return;
        expect(errors.map(formatDiagnostic)).toEqual([]);
        inside++;
        if (field === "expires") {
          // Expired before NOW: accepted, and left out of the feeds (it is never written).
          expect(built.result.selection?.counts.expired ?? 0).toBe(1);
          return;
        }
        const feeds = built.feeds!;
        expect(validateRss(feeds.rss)).toEqual([]);
        // Validated together after the run: one xmllint run for all the Atom feeds (validateAtoms).
        atoms.push({ label: `${field}: ${value.text} in ${value.zone}`, xml: feeds.atom });
        expect(validateJsonFeed(feeds.json)).toEqual([]);
        const json = JSON.parse(feeds.json) as { items: { date_published: string; date_modified: string }[] };
        const expected = new Date(json.items[0]![field === "date" ? "date_published" : "date_modified"]);
        if (instant !== undefined) expect(expected.getTime()).toBe(instant);
        const atom = xmlDates(feeds.atom, ["published", "updated"]);
        expect(Date.parse(atom[field === "date" ? "published" : "updated"]!)).toBe(expected.getTime());
        const rss = xmlDates(feeds.rss, ["pubDate"]);
        if (field === "date") expect(new Date(rss.pubDate!).getTime()).toBe(Math.floor(expected.getTime() / 1000) * 1000);
      }),
      { numRuns: runs(100) },
    );
    const reports = await validateAtoms(atoms.map((atom) => atom.xml));
    atoms.forEach((atom, index) => expect(reports[index], atom.label).toEqual([]));
    // Both branches must be exercised, the valid one most.
    expect(inside).toBeGreaterThan(outside);
    expect(outside).toBeGreaterThan(0);
  });
});
