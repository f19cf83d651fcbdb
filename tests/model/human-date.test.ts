/** Human dates (src/post/human-date.ts): other tools' date forms, in the site's zone, never the host's. */
import { describe, expect, it } from "vitest";
import { HUMAN_DATE_FORMATS, parseHumanDate, readDate } from "../../src/model/human-date.js";

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
