/**
 * The clock-driven suite: a post appears when its time comes and not a second before, in every
 * format, on both sides of each daylight-saving switch of Europe/Berlin (2024: clocks spring forward
 * on 31 March at 02:00 CET, fall back on 27 October at 03:00 CEST). The clock is the build's `now`;
 * each feed is read back with an independent parser (feedsmith).
 */
import { describe, expect, it } from "vitest";
import { buildPosts } from "../helpers/build.js";
import { readWithFeedsmith } from "../support/feed-readers.js";

function berlinSite(config: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: "Clock", siteUrl: "https://clock.example/", timezone: "Europe/Berlin", limit: 0, ...config };
}

function source(name: string, frontmatter: string) {
  return { file: `posts/${name}.md`, text: `---\ntitle: "${name}"\n${frontmatter}\n---\nBody of ${name}.\n` };
}

/** Builds at `now` and returns the item ids each of the three files carries. */
async function idsAt(sources: ReturnType<typeof source>[], now: string, site = berlinSite()) {
  const built = await buildPosts(site, sources, now);
  expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const feeds = built.feeds!;
  const read = async (text: string, format: "rss" | "atom" | "json") => (await readWithFeedsmith(text, format)).items.map((item) => item.id ?? item.link);
  return { rss: await read(feeds.rss, "rss"), atom: await read(feeds.atom, "atom"), json: await read(feeds.json, "json"), built };
}

const idOf = (name: string) => `https://clock.example/posts/${name}/`;

async function expectIn(sources: ReturnType<typeof source>[], now: string, name: string, present: boolean) {
  const ids = await idsAt(sources, now);
  for (const format of ["rss", "atom", "json"] as const) {
    if (present) expect(ids[format], `${name} at ${now} in ${format}`).toContain(idOf(name));
    else expect(ids[format], `${name} at ${now} in ${format}`).not.toContain(idOf(name));
  }
  return ids.built;
}

/** [case, frontmatter date, last instant without the post, first instant with it] */
const DUE: [string, string, string, string][] = [
  // 10:00 local, the day before and the day of each switch: +01:00 in winter, +02:00 in summer.
  ["before-spring", "date: 2024-03-30T10:00", "2024-03-30T09:59:59+01:00", "2024-03-30T10:00:00+01:00"],
  ["spring-day", "date: 2024-03-31T10:00", "2024-03-31T09:59:59+02:00", "2024-03-31T10:00:00+02:00"],
  ["before-fall", "date: 2024-10-26T10:00", "2024-10-26T09:59:59+02:00", "2024-10-26T10:00:00+02:00"],
  ["fall-day", "date: 2024-10-27T10:00", "2024-10-27T09:59:59+01:00", "2024-10-27T10:00:00+01:00"],
  // With seconds and a space separator, as YAML writes timestamps.
  ["spaced", "date: 2024-03-31 10:00:00", "2024-03-31T07:59:59Z", "2024-03-31T08:00:00Z"],
  // An explicit offset is that instant, whatever the site's zone says.
  ["offset-utc", "date: 2024-10-27T10:00:00Z", "2024-10-27T10:59:59+01:00", "2024-10-27T11:00:00+01:00"],
  ["offset-plus", "date: 2024-03-31T10:00:00+05:30", "2024-03-31T04:29:59Z", "2024-03-31T04:30:00Z"],
  // A date without a time: the start of that day in Berlin (midnight CET, then midnight CEST).
  ["date-only-spring", "date: 2024-03-31", "2024-03-30T23:59:59+01:00", "2024-03-31T00:00:00+01:00"],
  ["date-only-fall", "date: 2024-10-27", "2024-10-26T23:59:59+02:00", "2024-10-27T00:00:00+02:00"],
  ["date-only-summer", "date: 2024-04-01", "2024-03-31T23:59:59+02:00", "2024-04-01T00:00:00+02:00"],
];

describe("a scheduled post appears at its time, not a second before", () => {
  for (const [name, frontmatter, before, at] of DUE) {
    it(`${name}: absent at ${before}, present at ${at}`, async () => {
      const sources = [source(name, frontmatter), source("always", "date: 2020-01-01T00:00:00Z")];
      const waiting = await expectIn(sources, before, name, false);
      expect(waiting.result.selection?.counts.scheduled).toBe(1);
      expect(waiting.result.selection?.nextScheduled?.file).toBe(`posts/${name}.md`);
      expect(waiting.result.selection?.nextScheduled?.date.toISOString()).toBe(new Date(at).toISOString());
      const published = await expectIn(sources, at, name, true);
      expect(published.result.selection?.counts).toMatchObject({ scheduled: 0, published: 2 });
      expect(published.result.selection?.nextScheduled).toBeUndefined();
    });
  }
});

/** [case, expires, last instant with the post, first instant without it] */
const EXPIRES: [string, string, string, string][] = [
  ["spring-day", "expires: 2024-03-31T10:00", "2024-03-31T09:59:59+02:00", "2024-03-31T10:00:00+02:00"],
  ["before-spring", "expires: 2024-03-30T10:00", "2024-03-30T09:59:59+01:00", "2024-03-30T10:00:00+01:00"],
  ["fall-day", "expires: 2024-10-27T10:00", "2024-10-27T09:59:59+01:00", "2024-10-27T10:00:00+01:00"],
  ["before-fall", "expires: 2024-10-26T10:00", "2024-10-26T09:59:59+02:00", "2024-10-26T10:00:00+02:00"],
  ["date-only", "expires: 2024-10-27", "2024-10-26T23:59:59+02:00", "2024-10-27T00:00:00+02:00"],
  ["offset", "expires: 2024-03-31T10:00:00Z", "2024-03-31T11:59:59+02:00", "2024-03-31T12:00:00+02:00"],
];

describe("an expiring post leaves at its expiry, not a second before", () => {
  for (const [name, frontmatter, before, at] of EXPIRES) {
    it(`${name}: present at ${before}, absent at ${at}`, async () => {
      const sources = [source(name, `date: 2024-01-01\n${frontmatter}`)];
      await expectIn(sources, before, name, true);
      const gone = await expectIn(sources, at, name, false);
      expect(gone.result.selection?.counts).toMatchObject({ published: 0, expired: 1 });
    });
  }
});

describe("local times the clocks skip or repeat", () => {
  it("a time in the spring-forward gap is moved forward by the gap, with a warning naming the post", async () => {
    // 02:30 does not exist on 31 March 2024 in Berlin: read as 03:30 CEST = 01:30Z.
    const sources = [source("gap", "date: 2024-03-31T02:30")];
    await expectIn(sources, "2024-03-31T01:29:59Z", "gap", false);
    const built = await expectIn(sources, "2024-03-31T01:30:00Z", "gap", true);
    expect(built.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: "posts/gap.md", field: "date", line: 3, message: expect.stringContaining("does not exist in Europe/Berlin") }),
    ]);
    expect(built.diagnostics[0]!.message).toContain("2024-03-31T01:30:00.000Z");
  });

  it("a time in the fall-back overlap is the earlier of the two, with a warning naming the post", async () => {
    // 02:30 occurs twice on 27 October 2024 in Berlin: 02:30 CEST (00:30Z) and 02:30 CET (01:30Z).
    const sources = [source("overlap", "date: 2024-10-27T02:30")];
    await expectIn(sources, "2024-10-27T00:29:59Z", "overlap", false);
    const built = await expectIn(sources, "2024-10-27T00:30:00Z", "overlap", true);
    expect(built.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: "posts/overlap.md", field: "date", message: expect.stringContaining("occurs twice in Europe/Berlin") }),
    ]);
    expect(built.diagnostics[0]!.message).toContain("2024-10-27T00:30:00.000Z");
  });

  it("expires in a gap or overlap is resolved by the same rule and warned about", async () => {
    const sources = [source("ends", "date: 2024-01-01\nexpires: 2024-10-27T02:30")];
    const built = await expectIn(sources, "2024-10-27T00:29:59Z", "ends", true);
    expect(built.diagnostics).toEqual([expect.objectContaining({ file: "posts/ends.md", field: "expires", message: expect.stringContaining("occurs twice") })]);
    await expectIn(sources, "2024-10-27T00:30:00Z", "ends", false);
  });

  it("an offset settles the ambiguity and silences the warning", async () => {
    const sources = [source("later", "date: 2024-10-27T02:30:00+01:00")];
    const built = await expectIn(sources, "2024-10-27T01:30:00Z", "later", true);
    expect(built.diagnostics).toEqual([]);
    await expectIn(sources, "2024-10-27T01:29:59Z", "later", false);
  });
});

describe("the time zone setting", () => {
  it("an unknown zone name is a configuration error naming the key", async () => {
    const built = await buildPosts({ title: "T", siteUrl: "https://t.example/", timezone: "Europe/Berln" }, [], "2024-07-01T01:00:00Z");
    expect(built.feeds).toBeUndefined();
    expect(built.diagnostics).toEqual([expect.objectContaining({ severity: "error", file: "feedwright.config.json", field: "timezone", message: expect.stringContaining("IANA time zone") })]);
  });

  it("the same wall-clock date is another instant in another zone", async () => {
    const sources = [source("local", "date: 2024-07-01T10:00")];
    const tokyo = berlinSite({ timezone: "Asia/Tokyo" });
    expect((await idsAt(sources, "2024-07-01T01:00:00Z", tokyo)).json).toContain(idOf("local"));
    expect((await idsAt(sources, "2024-07-01T01:00:00Z")).json).not.toContain(idOf("local"));
  });
});
