/** Every bad setting is an error naming the file, line, key, what was found and what would fix it. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { siteOf } from "../helpers/site.js";

const FILE = "feedwright.config.json";

/** A config with one key set (or replaced), written as a user would: one key per line. */
function configText(extra: Record<string, unknown>, base: Record<string, unknown> = { title: "Site", siteUrl: "https://example.org/" }): string {
  const lines = Object.entries({ ...base, ...extra }).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

function messages(text: string, env: Record<string, string> = {}): string[] {
  const parsed = parseConfig(text, FILE, env);
  return parsed.ok ? [] : parsed.why.map(formatDiagnostic);
}

describe("configuration errors", () => {
  it.each([
    [{ siteUrl: "example.org" }, "feedwright.config.json:3:14: error: siteUrl: must be an absolute http(s) URL such as https://example.com/; the scheme https:// is missing (found 'example.org')"],
    [{ siteUrl: "ftp://example.org/" }, "feedwright.config.json:3:14: error: siteUrl: must be an absolute http(s) URL such as https://example.com/; a 'ftp:' URL is refused (only http and https URLs leave the build) (found 'ftp://example.org/')"],
    [{ timezone: "Europe/Berlín" }, "feedwright.config.json:4:15: error: timezone: must be an IANA time zone name such as Europe/Berlin or UTC (found 'Europe/Berlín')"],
    [{ timezone: "CEST" }, "feedwright.config.json:4:15: error: timezone: must be an IANA time zone name such as Europe/Berlin or UTC (found 'CEST')"],
    [{ limit: -1 }, "feedwright.config.json:4:12: error: limit: must be 0 (all items) or more (found the number -1)"],
    [{ limit: 2.5 }, "feedwright.config.json:4:12: error: limit: must be a whole number (0 = all items) (found the number 2.5)"],
    [{ limit: "20" }, "feedwright.config.json:4:12: error: limit: must be a whole number (0 = all items) (found '20')"],
    [{ staticDir: "" }, "feedwright.config.json:4:16: error: staticDir: must be a folder path relative to the configuration file, such as public (found '')"],
    [{ files: { rss: "../rss.xml" } }, "feedwright.config.json:4:19: error: files.rss: must be a plain file name such as feed.xml (no folders, no ..) (found '../rss.xml')"],
  ])("%j", (extra, expected) => {
    expect(messages(configText(extra))).toEqual([expected]);
  });

  it("a missing required key says what to add; a mistyped one gets a suggestion; both at once", () => {
    expect(messages('{\n  "title": "T",\n  "siteURL": "https://example.org/"\n}\n')).toEqual([
      'feedwright.config.json:1: error: siteUrl: is missing; add "siteUrl": "https://example.com/" (where the site is published)',
      "feedwright.config.json:3:3: error: siteURL: 'siteURL' is not a field; did you mean 'siteUrl'?",
    ]);
  });

  it("a syntax error points at the line", () => {
    expect(messages('{\n  "title": "T"\n  "siteUrl": "https://example.org/"\n}\n')).toEqual([
      "feedwright.config.json:3:3: error: is not valid JSON (Expected ',' or '}' after property value): check for a missing comma between entries, a comma after the last one, a key or text without double quotes, or a comment (JSON has none)",
    ]);
  });

  it("a config that is not an object", () => {
    expect(messages("[1, 2]")).toEqual(['feedwright.config.json: error: the configuration must be a JSON object such as { "title": "…", "siteUrl": "https://example.com/" }']);
  });

  it("a bad FEEDWRIGHT_SITE_URL is an error of its own", () => {
    expect(messages(configText({}), { FEEDWRIGHT_SITE_URL: "preview.example.org" })).toEqual([
      "FEEDWRIGHT_SITE_URL: error: siteUrl: environment variable must be an absolute http(s) URL such as https://example.com/; the scheme https:// is missing (found 'preview.example.org')",
    ]);
  });

  it("the date list takes :filename; Hugo's :fileModTime and :git are refused with the reason; other lists take no token", () => {
    expect(messages(configText({ frontmatter: { date: [":filename", ":default"] } }))).toEqual([]);
    const [modTime] = messages(configText({ frontmatter: { date: ["date", ":fileModTime"] } }));
    expect(modTime).toMatch(/^feedwright\.config\.json:4:\d+: error: frontmatter\.date\[1\]: :fileModTime is not read: a file's modification time is the checkout's/);
    const [git] = messages(configText({ frontmatter: { date: [":git"] } }));
    expect(git).toMatch(/error: frontmatter\.date\[0\]: :git is not read: the git history is not read/);
    const [updated] = messages(configText({ frontmatter: { updated: [":filename"] } }));
    expect(updated).toMatch(/error: frontmatter\.updated\[0\]: must be a frontmatter field name such as pubDate, or :default/);
  });

  it("defaults: staticDir is static, active content is off", () => {
    const site = siteOf(parseConfig(configText({}), FILE, {}));
    expect(site).toMatchObject({ staticDir: "static", allowActiveContent: false, limit: 20, timezone: "UTC" });
  });
});
