import { tzOffset } from "@date-fns/tz";
import type { Checked } from "./result.js";

/**
 * Dates in frontmatter are read as strings (the YAML loader resolves no timestamps, because
 * YAML 1.1 silently rolls `2024-02-30` over to March 1st) and parsed here, strictly.
 *
 * Accepted: `2024-04-12`, `2024-04-12T18:30`, `2024-04-12 18:30:00`, with optional fraction
 * and offset (`Z`, `+02:00`, `+0200`). A value without an offset is a wall-clock time in the
 * site's time zone; a date without a time is the start of that day there.
 */
const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? ?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

export const DATE_FORMAT_HINT = "a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00";

export type LocalTimeResolution = "exact" | "gap" | "overlap";

export interface ParsedDate {
  /** The instant, as a Date (always valid). */
  date: Date;
  /** How the wall-clock time was placed in the zone; `exact` when the value had an offset. */
  resolution: LocalTimeResolution;
  /** True when the value carried its own offset (`Z`, `+02:00`). */
  hasOffset: boolean;
}

/** The instant read, or why there is none (a sentence about the value, without the field). */
export type DateResult = Checked<ParsedDate, string>;

/** True when the runtime knows the IANA zone name. */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return !Number.isNaN(tzOffset(zone, new Date(0)));
  } catch {
    return false;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian month length (`month` 1–12); a table, because a Date per frontmatter date showed in profiles. */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Date.UTC, but years 0–99 are those years, not 1900–1999 as Date.UTC reads them. */
function utcTime(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  const time = new Date(Date.UTC(year, monthIndex, day, hour, minute, second, millis));
  if (year < 100) time.setUTCFullYear(year, monthIndex, day);
  return time.getTime();
}

/**
 * The instants a post's date may name: years 1000 to 9999 in UTC, after its offset or the site's
 * zone is applied. RSS (RFC 822), Atom and JSON Feed (RFC 3339) write four-digit years, so 10000
 * cannot be written at all; readers built on JavaScript's Date read an RFC 822 year 0050 as 1950,
 * and Python's datetime (feedparser) ends at 9999. Years 1000–9999 are read the same everywhere.
 */
export const SUPPORTED_DATES = { from: utcTime(1000, 0, 1, 0, 0, 0, 0), to: utcTime(9999, 11, 31, 23, 59, 59, 999) } as const;
export const SUPPORTED_DATES_TEXT = "1000-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

/** Why an instant cannot be published, or undefined when feeds and readers carry it. */
export function outsideSupportedDates(date: Date): string | undefined {
  const time = date.getTime();
  if (time >= SUPPORTED_DATES.from && time <= SUPPORTED_DATES.to) return undefined;
  return `is the instant ${date.toISOString()}, outside the supported range ${SUPPORTED_DATES_TEXT} (feeds and their readers carry four-digit years only); write a date in that range`;
}

/** Parses one frontmatter date value; `timeZone` must be a known IANA zone. */
export function parseDateValue(raw: unknown, timeZone: string): DateResult {
  if (raw instanceof Date) raw = raw.toISOString();
  if (typeof raw !== "string") {
    return { ok: false, why: `expected ${DATE_FORMAT_HINT}, found ${describeValue(raw)}` };
  }
  const text = raw.trim();
  const m = DATE_PATTERN.exec(text);
  if (!m) return { ok: false, why: `'${text}' is not ${DATE_FORMAT_HINT}` };
  const [, ys, mos, ds, hs, mis, ss, frac, zulu, sign, ohs, oms] = m;
  const year = Number(ys), month = Number(mos), day = Number(ds);
  const hour = Number(hs ?? 0), minute = Number(mis ?? 0), second = Number(ss ?? 0);
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  if (month < 1 || month > 12) return { ok: false, why: `'${text}' has month ${mos}; months run from 01 to 12` };
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) {
    return { ok: false, why: `'${text}' does not exist: ${ys}-${mos} has ${maxDay} days` };
  }
  if (hour > 23) return { ok: false, why: `'${text}' has hour ${hs}; hours run from 00 to 23` };
  if (minute > 59) return { ok: false, why: `'${text}' has minute ${mis}; minutes run from 00 to 59` };
  if (second > 59) return { ok: false, why: `'${text}' has second ${ss}; seconds run from 00 to 59` };
  const wallClockAsUtc = utcTime(year, month - 1, day, hour, minute, second, millis);
  if (zulu) return { ok: true, value: { date: new Date(wallClockAsUtc), resolution: "exact", hasOffset: true } };
  if (sign) {
    const oh = Number(ohs), om = Number(oms);
    if (oh > 23 || om > 59) return { ok: false, why: `'${text}' has offset ${sign}${ohs}:${oms}, which is not a UTC offset` };
    const offsetMinutes = (sign === "-" ? -1 : 1) * (oh * 60 + om);
    return { ok: true, value: { date: new Date(wallClockAsUtc - offsetMinutes * 60_000), resolution: "exact", hasOffset: true } };
  }
  return { ok: true, value: { ...zonedWallClockToInstant(wallClockAsUtc, timeZone), hasOffset: false } };
}

/**
 * Places a wall-clock time (given as if it were UTC) in a zone. Rule, the same as RFC 5545 and
 * Temporal's `compatible`: a time that occurs twice (fall-back overlap) is the earlier instant;
 * a time that does not occur (spring-forward gap) is moved forward by the length of the gap.
 */
export function zonedWallClockToInstant(wallClockAsUtc: number, timeZone: string): { date: Date; resolution: LocalTimeResolution } {
  const DAY = 86_400_000;
  const offsetBefore = tzOffset(timeZone, new Date(wallClockAsUtc - DAY));
  const offsetAfter = tzOffset(timeZone, new Date(wallClockAsUtc + DAY));
  const candidates = [...new Set([wallClockAsUtc - offsetBefore * 60_000, wallClockAsUtc - offsetAfter * 60_000])]
    .filter((t) => t + tzOffset(timeZone, new Date(t)) * 60_000 === wallClockAsUtc)
    .sort((a, b) => a - b);
  if (candidates.length === 0) {
    // In a gap: read the time with the offset in force before the switch, which lands after it.
    return { date: new Date(wallClockAsUtc - offsetBefore * 60_000), resolution: "gap" };
  }
  return { date: new Date(candidates[0]!), resolution: candidates.length > 1 ? "overlap" : "exact" };
}

/** Parses the `--now` value: an RFC 3339 instant, which must carry its offset. */
export function parseInstant(text: string): Date | undefined {
  const result = parseDateValue(text, "UTC");
  return result.ok && result.value.hasOffset ? result.value.date : undefined;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  return `'${String(value)}'`;
}
