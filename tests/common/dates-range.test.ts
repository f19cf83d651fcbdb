/**
 * The supported date range (issue 11, item 6): years 1000–9999 in UTC after the offset or zone is
 * applied (src/dates.ts says why). Outside it, a post's date is an error naming the file, line,
 * field and range; years 0–99 are those years, not 1900–1999.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { parseDateValue, SUPPORTED_DATES, SUPPORTED_DATES_TEXT } from "../../src/common/dates.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { createPostParser } from "../../src/parse/post.js";
import { siteOf } from "../helpers/site.js";

const parse = createPostParser(siteOf(parseConfig(JSON.stringify({ title: "T", siteUrl: "https://example.org/", timezone: "Pacific/Pago_Pago" }), "feedwright.config.json", {})));
const messages = (frontmatter: string) => parse({ file: "posts/a.md", bytes: Buffer.from(`---\ntitle: T\n${frontmatter}\n---\nBody\n`) }).diagnostics.map(formatDiagnostic);

describe("years 0–99", () => {
  it.each([
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
    ["0000-02-29T00:00:00Z", "0000-02-29T00:00:00.000Z"],
    ["0099-12-31T23:59:59Z", "0099-12-31T23:59:59.000Z"],
    ["0050-06-15T12:00:00+02:00", "0050-06-15T10:00:00.000Z"],
  ])("%s is that year, not 19xx", (text, iso) => {
    const result = parseDateValue(text, "UTC");
    expect(result.ok && result.value.date.toISOString()).toBe(iso);
  });
});

describe("the supported range", () => {
  it("its ends are 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z", () => {
    expect(new Date(SUPPORTED_DATES.from).toISOString()).toBe("1000-01-01T00:00:00.000Z");
    expect(new Date(SUPPORTED_DATES.to).toISOString()).toBe("9999-12-31T23:59:59.999Z");
  });

  it("dates inside it are accepted, up to the last millisecond", () => {
    expect(messages("date: 1000-01-01T00:00:00Z\nupdated: 9999-12-31T23:59:59.999Z")).toEqual([]);
  });

  it.each([
    ["date", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
    ["date", "0999-12-31T23:59:59Z", "0999-12-31T23:59:59.000Z"],
    ["updated", "9999-12-31T23:30:00-12:00", "+010000-01-01T11:30:00.000Z"],
    // No offset: the site's zone (UTC-11) moves 9999-12-31 23:00 into the year 10000.
    ["expires", "9999-12-31T23:00", "+010000-01-01T10:00:00.000Z"],
  ])("%s: %s is an error naming the file, line, field and range", (field, text, iso) => {
    const lines = messages(`${field === "date" ? "" : "date: 2024-01-01\n"}${field}: ${text}`);
    const line = field === "date" ? 3 : 4;
    expect(lines).toEqual([`posts/a.md:${line}:${field.length + 3}: error: ${field}: '${text}' is the instant ${iso}, outside the supported range ${SUPPORTED_DATES_TEXT} (feeds and their readers carry four-digit years only); write a date in that range`]);
  });
});
