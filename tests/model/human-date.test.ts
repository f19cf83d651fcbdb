/** Human dates (src/post/human-date.ts): other tools' date forms, in the site's zone, never the host's. */
import { describe, expect, it } from "vitest";
import { DATE_LANGUAGES, HUMAN_DATE_FORMATS, parseHumanDate, readDate } from "../../src/model/human-date.js";
import { frontmatterSchema } from "../../src/model/frontmatter.js";

const instant = (text: string, zone = "Europe/Berlin") => {
  const result = readDate(text, zone);
  if (!result.ok) throw new Error(result.why);
  return result.value.date.toISOString();
};
const message = (text: string) => {
  const result = readDate(text, "Europe/Berlin");
  if (result.ok) throw new Error(`read as ${result.value.date.toISOString()}`);
  return result.why;
};

describe("readDate: human forms", () => {
  it("reads Astro's, Jekyll's and Hugo's written dates in the site's zone", () => {
    expect(instant("Jul 08 2022")).toBe("2022-07-07T22:00:00.000Z");
    expect(instant("July 8, 2022")).toBe("2022-07-07T22:00:00.000Z");
    expect(instant("8 July 2022")).toBe("2022-07-07T22:00:00.000Z");
    expect(instant("8 Jul 2022 10:30")).toBe("2022-07-08T08:30:00.000Z");
    expect(instant("July 8, 2022 10:30 pm")).toBe("2022-07-08T20:30:00.000Z");
    expect(instant("Jul 08 2022", "America/New_York")).toBe("2022-07-08T04:00:00.000Z");
    expect(instant("2024/3/5")).toBe("2024-03-04T23:00:00.000Z");
  });

  it("reads RFC 2822 with offsets and zone names, the weekday checked", () => {
    expect(instant("Fri, 08 Jul 2022 10:00:00 +0200")).toBe("2022-07-08T08:00:00.000Z");
    expect(instant("Fri, 08 Jul 2022 10:00:00 GMT")).toBe("2022-07-08T10:00:00.000Z");
    expect(instant("Fri, 8 Jul 2022 10:00:00 EDT")).toBe("2022-07-08T14:00:00.000Z");
    expect(instant("Thursday, July 7, 2022")).toBe("2022-07-06T22:00:00.000Z");
    expect(message("Sat, 08 Jul 2022 10:00:00 GMT")).toBe("'Sat, 08 Jul 2022 10:00:00 GMT' says Saturday, but that date is a Friday; correct the day or the date");
  });

  it("never depends on the host's zone: the same instants under any TZ", () => {
    const saved = process.env.TZ;
    try {
      const seen = new Set<string>();
      for (const zone of ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"]) {
        process.env.TZ = zone;
        seen.add([instant("Jul 08 2022"), instant("Fri, 08 Jul 2022 10:00:00 +0200"), instant("8 Jul 2022 02:30")].join());
      }
      expect(seen.size).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("a wall-clock time in a gap is placed as src/dates.ts places it", () => {
    const result = readDate("Mar 31 2024 02:30", "Europe/Berlin");
    expect(result).toMatchObject({ ok: true, value: { resolution: "gap", hasOffset: false } });
  });

  it("an ambiguous numeric date is an error naming both readings; an impossible one is refused", () => {
    expect(message("05/03/2024")).toBe("'05/03/2024' does not say whether the day or the month comes first; write it as 2024-03-05 (day first) or 2024-05-03 (month first)");
    expect(message("5.3.2024")).toContain("2024-03-05 (day first) or 2024-05-03 (month first)");
    expect(message("25/03/2024")).toBe("'25/03/2024' is a numeric date, read in no fixed order; write it as 2024-03-25");
    expect(message("Feb 30 2024")).toMatch(/^'Feb 30 2024' is not a date such as/);
    expect(message("next Tuesday")).toMatch(/^'next Tuesday' is not a date such as/);
    expect(parseHumanDate("2024-04-12", "UTC")).toBeUndefined();
  });

  it("ISO dates still go through the strict reader first", () => {
    expect(instant("2024-04-12")).toBe("2024-04-11T22:00:00.000Z");
    expect(message("2024-02-30")).toBe("'2024-02-30' does not exist: 2024-02 has 29 days");
    expect(HUMAN_DATE_FORMATS.length).toBeGreaterThan(20);
  });
});

describe("readDate: month names in the site's language (date-fns locales)", () => {
  const local = (text: string, language: string) => {
    const result = readDate(text, "Europe/Berlin", language);
    return result.ok ? result.value.date.toISOString() : `error: ${result.why}`;
  };
  const JULY_8 = "2022-07-07T22:00:00.000Z";

  it("reads day, written month and year in each listed language, with an optional 24-hour time", () => {
    expect(local("8. Juli 2022", "de")).toBe(JULY_8);
    expect(local("8. Jul. 2022", "de")).toBe(JULY_8);
    expect(local("3. März 2024 10:30", "de")).toBe("2024-03-03T09:30:00.000Z");
    expect(local("8 juillet 2022", "fr")).toBe(JULY_8);
    expect(local("1 février 2024", "fr")).toBe("2024-01-31T23:00:00.000Z");
    expect(local("8 de julio de 2022", "es")).toBe(JULY_8);
    expect(local("8 luglio 2022", "it")).toBe(JULY_8);
    expect(local("8 juli 2022", "nl")).toBe(JULY_8);
    expect(local("8 de julho de 2022", "pt-BR")).toBe(JULY_8);
    expect(local("8 juli 2022", "sv")).toBe(JULY_8);
    expect(local("8. juli 2022", "da")).toBe(JULY_8);
    expect(local("8. juli 2022", "nb")).toBe(JULY_8);
    expect(DATE_LANGUAGES).toEqual(expect.arrayContaining(["de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb"]));
  });

  it("English forms still work under another language; another language's names only under it", () => {
    expect(local("Jul 08 2022", "de")).toBe(JULY_8);
    expect(local("8. Juli 2022", "en")).toMatch(/^error: '8\. Juli 2022' is not a date such as 2024-04-12/);
    expect(local("8 juillet 2022", "de")).toMatch(/^error: /);
    // A language without listed month names reads English only.
    expect(local("8 lipca 2022", "pl")).toMatch(/^error: /);
  });

  it("an ambiguous numeric date stays an error in every language; impossible days are refused", () => {
    expect(local("08.07.2022", "de")).toMatch(/^error: '08\.07\.2022' does not say whether the day or the month comes first/);
    expect(local("05/03/2024", "fr")).toMatch(/does not say whether the day or the month comes first/);
    expect(local("32. Juli 2022", "de")).toMatch(/^error: /);
    expect(local("30. Februar 2024", "de")).toMatch(/^error: /);
  });

  it("the frontmatter schema reads them with the site's language", () => {
    const parsed = frontmatterSchema("Europe/Berlin", "de").safeParse({ title: "T", date: "8. Juli 2022", updated: "9. Juli 2022 08:00" });
    expect(parsed.success && [parsed.data.date.date.toISOString(), parsed.data.updated!.date.toISOString()]).toEqual([JULY_8, "2022-07-09T06:00:00.000Z"]);
    expect(frontmatterSchema("Europe/Berlin").safeParse({ title: "T", date: "8. Juli 2022" }).success).toBe(false);
  });
});
