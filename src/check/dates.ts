/**
 * The date grammars feeds must use, checked strictly (a reader that cannot read a date drops or
 * misorders the item): RFC 822 as RSS 2.0 cites it (with RFC 1123's four-digit year, which every
 * modern reader expects) and RFC 3339 (Atom, JSON Feed). In range: years 1000 to 9999, the
 * instants the build itself writes (src/common/dates.ts), read alike by every reader.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const RFC822 = /^(?:([A-Z][a-z]{2}), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (UT|GMT|[ECMP][SD]T|[A-IK-Z]|[+-]\d{4})$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function validDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function inRange(year: number): boolean {
  return year >= 1000 && year <= 9999;
}

/** Why `text` is not an RFC 822 date in range, or undefined when it is. */
export function rfc822Problem(text: string): string | undefined {
  const m = RFC822.exec(text.trim());
  if (!m) return "is not an RFC 822 date such as 'Tue, 12 Mar 2024 09:00:00 GMT' (day, month name, four-digit year, time, zone)";
  const [, weekday, day, monthName, year, hour, minute, second] = m;
  const month = MONTHS.indexOf(monthName!) + 1;
  if (month === 0) return `has no month '${monthName}' (Jan to Dec)`;
  if (!inRange(Number(year))) return `has the year ${year}, outside 1000 to 9999`;
  if (!validDay(Number(year), month, Number(day))) return `names a day that does not exist (${day} ${monthName} ${year})`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 60) return "has a time of day that does not exist";
  if (weekday !== undefined) {
    if (!DAYS.includes(weekday)) return `has no day of the week '${weekday}' (Mon to Sun)`;
    const actual = DAYS[new Date(Date.UTC(Number(year), month - 1, Number(day))).getUTCDay()];
    if (actual !== weekday) return `says ${weekday}, but ${day} ${monthName} ${year} is a ${actual}`;
  }
  return undefined;
}

/** Why `text` is not an RFC 3339 date-time in range, or undefined when it is. */
export function rfc3339Problem(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (!m) return "is not an RFC 3339 date-time such as '2024-03-12T09:00:00Z' (date, 'T', time with seconds, and 'Z' or an offset)";
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = m;
  if (!inRange(Number(year))) return `has the year ${year}, outside 1000 to 9999`;
  if (!validDay(Number(year), Number(month), Number(day))) return `names a day that does not exist (${year}-${month}-${day})`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return "has a time of day that does not exist";
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return "has an offset that does not exist";
  return undefined;
}
