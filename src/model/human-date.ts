import { tz } from "@date-fns/tz";
import { isValid, parse, type Locale } from "date-fns";
import { da } from "date-fns/locale/da";
import { de } from "date-fns/locale/de";
import { es } from "date-fns/locale/es";
import { fr } from "date-fns/locale/fr";
import { it } from "date-fns/locale/it";
import { nb } from "date-fns/locale/nb";
import { nl } from "date-fns/locale/nl";
import { pt } from "date-fns/locale/pt";
import { sv } from "date-fns/locale/sv";
import { parseDateValue, zonedWallClockToInstant, type DateResult } from "../common/dates.js";

/**
 * Dates as people write them in other tools' frontmatter (Astro's starter `Jul 08 2022`, `July 8,
 * 2022`, `8 July 2022`, RFC 2822 `Fri, 08 Jul 2022 10:00:00 +0200`), read with date-fns `parse`
 * and an explicit list of English formats: only after the strict reader (src/common/dates.ts) found no
 * ISO date. Without an offset the text is a wall-clock time in the site's zone, placed there as
 * src/common/dates.ts places any (never in the host's zone). A numeric date with the day and month in
 * unknown order (`05/03/2024`) is an error that names the ISO forms to write instead.
 */
const DATES = ["MMM d yyyy", "MMM d, yyyy", "MMMM d yyyy", "MMMM d, yyyy", "d MMM yyyy", "d MMMM yyyy", "d MMM, yyyy", "d MMMM, yyyy", "yyyy/M/d"];
const TIMES = ["HH:mm", "HH:mm:ss", "h:mm a", "h:mm:ss a"];
const ZONES = ["xx", "XXX"];
/** Every date, with or without a time, a time with or without an offset: tried in this order. */
export const HUMAN_DATE_FORMATS: readonly string[] = DATES.flatMap((date) => [date, ...TIMES.flatMap((time) => [`${date} ${time}`, ...ZONES.map((zone) => `${date} ${time} ${zone}`)])]);

/**
 * Month names in the site's `language` as well (`8. Juli 2022` for de, `8 juillet 2022` for fr,
 * `8 de julio de 2022` for es): names cannot be read two ways, so only the day-month-year orders
 * with a written month are tried, after the English ones, with a 24-hour time. A fixed list of
 * locales, each imported by name (the bundle stays small); weekdays in these languages are not read.
 */
const LOCALES: Readonly<Record<string, Locale>> = { da, de, es, fr, it, nb, no: nb, nl, pt, sv };
const LOCAL_DATES = ["d. MMMM yyyy", "d MMMM yyyy", "d 'de' MMMM 'de' yyyy", "d. MMM yyyy", "d MMM yyyy", "d 'de' MMM 'de' yyyy"];
export const LOCAL_DATE_FORMATS: readonly string[] = LOCAL_DATES.flatMap((date) => [date, ...["HH:mm", "HH:mm:ss"].flatMap((time) => [`${date} ${time}`, ...ZONES.map((zone) => `${date} ${time} ${zone}`)])]);
/** The languages whose month names are read (their BCP 47 primary subtags). */
export const DATE_LANGUAGES: readonly string[] = Object.keys(LOCALES);

/** RFC 2822's zone names (section 4.3), as offsets. */
const ZONE_NAMES: Readonly<Record<string, string>> = { GMT: "+0000", UT: "+0000", UTC: "+0000", Z: "+0000", EST: "-0500", EDT: "-0400", CST: "-0600", CDT: "-0500", MST: "-0700", MDT: "-0600", PST: "-0800", PDT: "-0700" };
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const REFERENCE = new Date(Date.UTC(2000, 0, 1));
const UTC = tz("UTC");

/**
 * The strict reader first (src/common/dates.ts), then the human formats for text it does not read:
 * English, then month names in `language` (the site's, BCP 47) when it is one of DATE_LANGUAGES.
 */
export function readDate(value: unknown, timeZone: string, language?: string): DateResult {
  const strict = parseDateValue(value, timeZone);
  if (strict.ok || typeof value !== "string") return strict;
  return parseHumanDate(value, timeZone, language) ?? strict;
}

/** undefined when the text is no human date either (the caller keeps its own message). */
export function parseHumanDate(raw: string, timeZone: string, language?: string): DateResult | undefined {
  const text = raw.trim().replace(/\s+/g, " ");
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?=$|[ T])/.exec(text);
  if (numeric) return ambiguous(text, Number(numeric[1]), Number(numeric[2]), numeric[3]!);
  // A leading weekday is checked against the date, not left for date-fns to move the date to.
  const weekday = /^([A-Za-z]{3,9})\.?,? /.exec(text);
  const weekdayIndex = weekday ? WEEKDAYS.findIndex((day) => day.startsWith(weekday[1]!.toLowerCase()) && weekday[1]!.length >= 3) : -1;
  let rest = weekdayIndex === -1 ? text : text.slice(weekday![0].length);
  rest = rest.replace(/ ([A-Za-z]{1,3})$/, (whole, zone: string) => (ZONE_NAMES[zone.toUpperCase()] ? ` ${ZONE_NAMES[zone.toUpperCase()]}` : whole));
  const locale = language === undefined ? undefined : LOCALES[language.split("-")[0]!.toLowerCase()];
  const attempts: [string, Locale | undefined][] = [...HUMAN_DATE_FORMATS.map((format): [string, undefined] => [format, undefined]), ...(locale ? LOCAL_DATE_FORMATS.map((format): [string, Locale] => [format, locale]) : [])];
  for (const [format, inLocale] of attempts) {
    const localText = inLocale ? text : rest;
    const parsed = parse(localText, format, REFERENCE, inLocale ? { in: UTC, locale: inLocale } : { in: UTC });
    if (!isValid(parsed)) continue;
    const hasOffset = format.endsWith("xx") || format.endsWith("XXX");
    // Without an offset, date-fns read the wall-clock time as if in UTC: place it in the site's zone.
    const placed = hasOffset ? { date: new Date(parsed.getTime()), resolution: "exact" as const } : zonedWallClockToInstant(parsed.getTime(), timeZone);
    if (weekdayIndex !== -1 && !inLocale) {
      const wallClockDay = hasOffset ? new Date(parsed.getTime() + offsetMinutes(rest) * 60_000).getUTCDay() : parsed.getUTCDay();
      if (wallClockDay !== weekdayIndex) {
        return { ok: false, why: `'${raw.trim()}' says ${capitalized(WEEKDAYS[weekdayIndex]!)}, but that date is a ${capitalized(WEEKDAYS[wallClockDay]!)}; correct the day or the date` };
      }
    }
    // The strict reader's own checks (such as the supported range) apply to the instant too.
    const checked = parseDateValue(placed.date.toISOString(), "UTC");
    if (!checked.ok) return checked;
    return { ok: true, value: { ...placed, hasOffset } };
  }
  return undefined;
}

function ambiguous(text: string, first: number, second: number, year: string): DateResult {
  const iso = (month: number, day: number) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const readings = [first <= 12 && second <= 31 ? iso(first, second) : undefined, second <= 12 && first <= 31 ? iso(second, first) : undefined].filter((r, i, all) => r && all.indexOf(r) === i);
  if (readings.length === 2) {
    return { ok: false, why: `'${text}' does not say whether the day or the month comes first; write it as ${readings[1]} (day first) or ${readings[0]} (month first)` };
  }
  return { ok: false, why: `'${text}' is a numeric date, read in no fixed order; write it as ${readings[0] ?? "YYYY-MM-DD"}` };
}

function offsetMinutes(text: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function capitalized(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}
