/**
 * Frontmatter dates: offsets, wall-clock times in the site's zone, date-only values, and the rule
 * for local times the clocks skip (gap: moved forward by the gap) or repeat (overlap: the earlier).
 */
import { describe, expect, it } from "vitest";
import { isKnownTimeZone, parseDateValue, parseInstant } from "../../src/common/dates.js";

function instant(raw: string, zone = "Europe/Berlin") {
  const result = parseDateValue(raw, zone);
  if (!result.ok) throw new Error(result.why);
  return { iso: result.value.date.toISOString(), resolution: result.value.resolution, hasOffset: result.value.hasOffset };
}

describe("wall-clock times in a zone", () => {
  it.each([
    // [value, zone, instant]
    ["2024-03-30T10:00", "Europe/Berlin", "2024-03-30T09:00:00.000Z"],
    ["2024-03-31T10:00", "Europe/Berlin", "2024-03-31T08:00:00.000Z"],
    ["2024-10-26T10:00", "Europe/Berlin", "2024-10-26T08:00:00.000Z"],
    ["2024-10-27T10:00", "Europe/Berlin", "2024-10-27T09:00:00.000Z"],
    ["2024-03-31T01:59:59", "Europe/Berlin", "2024-03-31T00:59:59.000Z"],
    ["2024-03-31T03:00", "Europe/Berlin", "2024-03-31T01:00:00.000Z"],
    ["2024-10-27T03:00", "Europe/Berlin", "2024-10-27T02:00:00.000Z"],
    ["2024-07-01 12:00:00.250", "America/St_Johns", "2024-07-01T14:30:00.250Z"],
    ["2024-01-01T00:00", "Pacific/Kiritimati", "2023-12-31T10:00:00.000Z"],
    ["2024-06-01T12:00", "UTC", "2024-06-01T12:00:00.000Z"],
  ])("%s in %s is %s", (value, zone, expected) => {
    expect(instant(value, zone)).toEqual({ iso: expected, resolution: "exact", hasOffset: false });
  });

  it("a date without a time is the start of that day in the zone", () => {
    expect(instant("2024-03-31").iso).toBe("2024-03-30T23:00:00.000Z");
    expect(instant("2024-10-27").iso).toBe("2024-10-26T22:00:00.000Z");
    expect(instant("2024-03-11").iso).toBe("2024-03-10T23:00:00.000Z");
    expect(instant("2024-03-11", "America/St_Johns").iso).toBe("2024-03-11T02:30:00.000Z");
  });

  it("an offset is that instant, whatever the zone", () => {
    for (const zone of ["Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"]) {
      expect(instant("2024-10-27T02:30:00+01:00", zone)).toEqual({ iso: "2024-10-27T01:30:00.000Z", resolution: "exact", hasOffset: true });
      expect(instant("2024-10-27T02:30:00Z", zone).iso).toBe("2024-10-27T02:30:00.000Z");
      expect(instant("2024-10-27T02:30:00-0330", zone).iso).toBe("2024-10-27T06:00:00.000Z");
    }
  });
});

describe("local times the clocks skip or repeat", () => {
  it("spring-forward gap: moved forward by the length of the gap", () => {
    expect(instant("2024-03-31T02:30")).toEqual({ iso: "2024-03-31T01:30:00.000Z", resolution: "gap", hasOffset: false });
    expect(instant("2024-03-31T02:00")).toMatchObject({ iso: "2024-03-31T01:00:00.000Z", resolution: "gap" });
    expect(instant("2024-03-10T02:30", "America/St_Johns")).toMatchObject({ iso: "2024-03-10T06:00:00.000Z", resolution: "gap" });
    // St. John's: 02:30 NST does not exist; 03:30 NDT (-02:30) does.
    // Lord Howe Island moves its clocks by half an hour: 02:15 does not exist, 02:45 (+11:00) does.
    expect(instant("2024-10-06T02:15", "Australia/Lord_Howe")).toMatchObject({ iso: "2024-10-05T15:45:00.000Z", resolution: "gap" });
  });

  it("fall-back overlap: the earlier of the two instants", () => {
    expect(instant("2024-10-27T02:30")).toEqual({ iso: "2024-10-27T00:30:00.000Z", resolution: "overlap", hasOffset: false });
    expect(instant("2024-10-27T02:00")).toMatchObject({ iso: "2024-10-27T00:00:00.000Z", resolution: "overlap" });
    expect(instant("2024-11-03T01:30", "America/St_Johns")).toMatchObject({ iso: "2024-11-03T04:00:00.000Z", resolution: "overlap" });
    expect(instant("2024-04-07T01:45", "Australia/Lord_Howe")).toMatchObject({ iso: "2024-04-06T14:45:00.000Z", resolution: "overlap" });
  });
});

describe("strictness", () => {
  it.each(["2024-02-30", "2023-02-29", "2024-13-01", "2024-04-12T24:30", "2024-04-12T10:60", "12.04.2024", "2024-04-12T10:00+25:00", ""])("'%s' is an error", (value) => {
    const result = parseDateValue(value, "Europe/Berlin");
    expect(result.ok).toBe(false);
  });

  it("the last day of every month is accepted and the day after it is not (leap years by the Gregorian rule)", () => {
    for (const year of [1900, 1999, 2000, 2023, 2024, 2100, 2400]) {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const day = (d: number) => `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        expect(parseDateValue(day(last), "UTC").ok, day(last)).toBe(true);
        expect(parseDateValue(day(last + 1), "UTC").ok, day(last + 1)).toBe(false);
      }
    }
  });

  it("values that are not strings are errors that say what was found", () => {
    expect(parseDateValue(20240412, "UTC")).toMatchObject({ ok: false, why: expect.stringContaining("the number 20240412") });
    expect(parseDateValue(["2024-04-12"], "UTC")).toMatchObject({ ok: false, why: expect.stringContaining("a list") });
  });

  it("--now must carry its offset", () => {
    expect(parseInstant("2024-04-11T10:00:00+02:00")?.toISOString()).toBe("2024-04-11T08:00:00.000Z");
    expect(parseInstant("2024-04-11T08:00:00Z")?.toISOString()).toBe("2024-04-11T08:00:00.000Z");
    expect(parseInstant("2024-04-11T10:00")).toBeUndefined();
    expect(parseInstant("2024-04-11")).toBeUndefined();
  });

  it("knows IANA zone names and refuses others", () => {
    for (const zone of ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"]) expect(isKnownTimeZone(zone), zone).toBe(true);
    for (const zone of ["", "Europe/Berln", "Mars/Olympus_Mons", "+02:00"]) expect(isKnownTimeZone(zone), zone).toBe(false);
  });
});
