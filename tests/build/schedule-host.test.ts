/**
 * No output depends on the host: the command line as `npm run build` runs it (the bundle), in
 * child processes, builds the schedule fixture under several TZ values and non-English locales,
 * and every file is byte-identical.
 * (Pacific/Kiritimati is UTC+14, America/St_Johns UTC-3:30 with DST: both a day and a half-hour
 * away from most zones; tr_TR is the classic locale whose case mapping breaks `i`.)
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, REPO, tempDir } from "../helpers/build.js";

const run = promisify(execFile);
const CONFIG = "tests/fixtures/schedule/feedwright.config.json";

const HOSTS: Record<string, string>[] = [
  { TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
  { TZ: "Pacific/Kiritimati", LANG: "en_US.UTF-8", LC_ALL: "" },
  { TZ: "America/St_Johns", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" },
  { TZ: "Europe/Berlin", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
];

async function buildUnder(host: Record<string, string>, now: string) {
  const out = await tempDir("feedwright-host-");
  const { stdout } = await run(process.execPath, [CLI, "--config", CONFIG, "--out", out, "--now", now, "--no-cache", "--threads", "1", "--json"], {
    cwd: REPO,
    env: { ...process.env, ...host, FEEDWRIGHT_SITE_URL: "", SOURCE_DATE_EPOCH: "" },
  });
  const report = JSON.parse(stdout) as { ok: boolean; counts: unknown; nextScheduled: unknown; diagnostics: unknown };
  const files = await Promise.all(["rss.xml", "atom.xml", "feed.json"].map((name) => readFile(path.join(out, name))));
  return { report, files };
}

describe("the same input on any host", () => {
  for (const now of ["2024-04-11T10:00:00+02:00", "2024-04-20T08:00:00Z"]) {
    it(`gives byte-identical files under TZ=UTC, Pacific/Kiritimati, America/St_Johns and German and Turkish locales (clock ${now})`, async () => {
      const builds = await Promise.all(HOSTS.map((host) => buildUnder(host, now)));
      const [first, ...others] = builds;
      expect(first!.report.ok).toBe(true);
      expect(first!.files[0]!.length).toBeGreaterThan(500);
      for (const [index, other] of others.entries()) {
        const host = JSON.stringify(HOSTS[index + 1]);
        other.files.forEach((bytes, file) => expect(bytes.equals(first!.files[file]!), `${host} file ${file}`).toBe(true));
        expect(other.report.counts, host).toEqual(first!.report.counts);
        expect(other.report.nextScheduled, host).toEqual(first!.report.nextScheduled);
        expect(other.report.diagnostics, host).toEqual(first!.report.diagnostics);
      }
    });
  }
});
