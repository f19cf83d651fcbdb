import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { runBuild, type RunResult } from "./build.js";
import { CONFIG_FILE, SITE_URL_ENV } from "./model/constants.js";
import { exampleHost } from "./common/url.js";
import { parseInstant } from "./common/dates.js";
import { formatFolded, logLine, sortDiagnostics, warning, type Diagnostic } from "./common/diagnostics.js";
import { ownVersion } from "./common/version.js";
import { describeLeft, type IdGuardReport } from "./guard/guard.js";
import { fetchTimeoutMs, isPreviousUrl } from "./load/previous.js";
import type { Checked } from "./common/result.js";
import { progressLine, showsProgress, usesColour, type Terminal } from "./progress.js";
import { EXIT_NOT_TOLD, formatPingRun, pingOptions } from "./ping/cli.js";
import type { PingOptions } from "./ping/ping.js";

/** Exit codes: what a CI step can branch on. `notTold`: built and written, but a WebSub hub was not told (README "WebSub"). */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, notTold: EXIT_NOT_TOLD } as const;

const HELP = `Usage: feedwright [options]      (npm run build -- [options])

Builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 files from Markdown posts.

Options:
  --config <file>     configuration file (default: ${CONFIG_FILE})
  --posts <dir>       posts folder (default: postsDir from the configuration)
  --out <dir>         output folder (default: outDir from the configuration)
  --now <instant>     build as if at this RFC 3339 instant, e.g. 2024-04-12T18:30:00+02:00
                      (default: SOURCE_DATE_EPOCH if set, else the current time)
  --json              print the build report as one JSON object on stdout
  --previous <path or URL>
                      the currently published feeds: a folder holding them, one RSS,
                      Atom or JSON Feed file, or the site's address (https://…/, the
                      feeds fetched from it; 404 = not published yet): the build fails
                      when a published item would change its id, and reports items
                      that left the feeds
  --no-cache          neither read nor write the build cache (cacheDir)
  --check-all         also render the posts the feeds do not carry now (scheduled, past
                      limit, expired, drafts) and check drafts' files; fails on their
                      errors, writes the same files as without it
  --threads <n>       threads for parsing, rendering and the self-check (default: the number of cores)
  --ping              after writing, tell the WebSub hubs (hub in the configuration) of
                      each feed whose bytes changed: for an output folder that is the
                      published site (else: deploy, then feedwright ping)
  -h, --help          show this help
  -v, --version       show the version

Also: feedwright adopt <feed file or folder>   writes the published ids into the posts
(see feedwright adopt --help).
Also: feedwright check <file or URL>…   checks any RSS, Atom or JSON feed with the rules every
build applies to its own (see feedwright check --help).
Also: feedwright ping   after the deploy, tells the WebSub hubs of the feeds that changed (see
feedwright ping --help).

Exit status: 0 built, 1 invalid posts or configuration (nothing written), 2 bad usage,
3 built and written, but with --ping a WebSub hub was not told (a warning names it).
Environment: FEEDWRIGHT_SITE_URL overrides siteUrl; SOURCE_DATE_EPOCH sets the clock;
FEEDWRIGHT_FETCH_TIMEOUT: seconds a --previous URL's feed may take (default 30), and a hub
told with --ping (default 10);
GITHUB_OUTPUT (GitHub Actions) receives the outputs changed, next_publish_at and ping (true:
hub is set and feeds wait in the ping list for feedwright ping).
On a terminal a build of more than a second shows its progress on stderr (not with --json or
in CI, i.e. CI set; NO_COLOR: without colour).`;

export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The real clock, used only when neither --now nor SOURCE_DATE_EPOCH is given. */
  clock: () => Date;
  /** What stderr is (process.stderr): a build shows its progress only on a terminal (src/progress.ts). */
  terminal?: Terminal;
  /** Milliseconds on a monotonic clock, for the progress line's delay and redraws (default performance.now). */
  ticks?: () => number;
  /** How long a build runs before its progress shows (default PROGRESS_DELAY_MS). */
  progressDelayMs?: number;
  /** Test seams of the WebSub ping (--ping, feedwright ping): how a notification is sent, how the wait before a retry is waited. */
  hubFetch?: PingOptions["fetch"];
  sleep?: PingOptions["sleep"];
}

export interface BuildReport {
  ok: boolean;
  now: string;
  counts: { published: number; inFeed: number; drafts: number; scheduled: number; expired: number };
  nextScheduled: { at: string; title: string; file: string } | null;
  changed: boolean;
  /** What `changed` compares with: the site online (by the manifest it publishes, --previous <URL>) or the output folder as it was. */
  changedAgainst?: "published site" | "output folder";
  /** Present when --previous was given. */
  idGuard?: IdGuardReport;
  /** Present with --check-all: the posts outside the feeds and pages it checked, and how many of them it rendered anew (the rest came from the cache). */
  checkedAll?: RunResult["checkedAll"];
  /** The self URLs of the feeds whose bytes changed (judged as `changed` is). */
  changedFeeds: string[];
  /** Present with `hub` set: the hubs, the feeds waiting for feedwright ping, and with --ping what each hub was told. */
  websub?: RunResult["websub"];
  /** Present with archives: the main feeds' items and the archive pages'. */
  archives?: RunResult["archives"];
  written: string[];
  unchanged: string[];
  errors: number;
  warnings: number;
  diagnostics: { severity: string; file: string; line?: number; column?: number; field?: string; message: string }[];
  /** Posts parsed anew vs taken from the cache, items rendered vs reused, and milliseconds per stage. */
  work?: RunResult["work"];
  timings?: RunResult["timings"];
}

export async function main(io: CliIo): Promise<number> {
  // `feedwright adopt <feed>`: a command of its own (src/adopt.ts), loaded only when asked for.
  if (io.argv[0] === "adopt") return (await import("./adopt.js")).adoptMain({ ...io, argv: io.argv.slice(1) });
  // `feedwright check <file or URL>…`: the self-check on any feed (src/check/cli.ts).
  if (io.argv[0] === "check") return (await import("./check/cli.js")).checkMain({ ...io, argv: io.argv.slice(1) });
  // `feedwright ping`: after the deploy, tells the WebSub hubs of the feeds that changed (src/ping/cli.ts).
  if (io.argv[0] === "ping") return (await import("./ping/cli.js")).pingMain({ ...io, argv: io.argv.slice(1), fetch: io.hubFetch });
  let args;
  try {
    args = parseArgs({
      args: [...io.argv],
      options: {
        config: { type: "string" },
        posts: { type: "string" },
        out: { type: "string" },
        now: { type: "string" },
        json: { type: "boolean", default: false },
        previous: { type: "string" },
        "no-cache": { type: "boolean", default: false },
        "check-all": { type: "boolean", default: false },
        threads: { type: "string" },
        ping: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (cause) {
    io.stderr(`${logLine(`feedwright: ${(cause as Error).message}`)}\nTry --help.\n`);
    return EXIT.usage;
  }
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return EXIT.ok;
  }
  if (args.version) {
    io.stdout(`${ownVersion()}\n`);
    return EXIT.ok;
  }
  const threads = args.threads === undefined ? undefined : Number(args.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    io.stderr(`${logLine(`feedwright: --threads '${args.threads}' must be a whole number from 1 to 64`)}\n`);
    return EXIT.usage;
  }
  const clock = resolveClock(args.now, io.env.SOURCE_DATE_EPOCH, io.clock);
  if (!clock.ok) {
    io.stderr(`${logLine(`feedwright: ${clock.why}`)}\n`);
    return EXIT.usage;
  }
  const now = clock.value;
  const timeout = fetchTimeoutMs(io.env);
  if (!timeout.ok) {
    io.stderr(`${logLine(`feedwright: ${timeout.why}`)}\n`);
    return EXIT.usage;
  }
  // An empty --previous is an unset variable in a script (`--previous "$FEEDWRIGHT_SITE_URL"`).
  if (args.previous !== undefined && args.previous.trim() === "") {
    io.stderr(`${logLine("feedwright: --previous is empty; pass the folder the published feeds were downloaded to, or the site's URL (in the workflow: the repository variable FEEDWRIGHT_SITE_URL, else GitHub Pages' address)")}\n`);
    return EXIT.usage;
  }
  // A --previous path that does not exist is a typo on the command line: bad usage, like a bad
  // flag. A URL is not a path: whether it answers is the build's to find out (src/load/previous.ts).
  if (args.previous !== undefined && !isPreviousUrl(args.previous) && !existsSync(path.resolve(io.cwd, args.previous))) {
    io.stderr(`${logLine(`feedwright: --previous '${args.previous}' names no file or folder; pass the folder the published feeds were downloaded to, or the site's URL`)}\n`);
    return EXIT.usage;
  }
  const progress = showsProgress(io.terminal, io.env, args.json)
    ? progressLine(io.stderr, io.terminal!, { colour: usesColour(io.terminal, io.env), now: io.ticks ?? (() => performance.now()), delayMs: io.progressDelayMs })
    : undefined;
  let result: RunResult;
  try {
    result = await runBuild({
      configPath: args.config ?? CONFIG_FILE,
      postsDir: args.posts,
      outDir: args.out,
      now,
      env: io.env,
      cwd: io.cwd,
      cache: !args["no-cache"],
      threads,
      previous: args.previous,
      checkAll: args["check-all"],
      ...(timeout.value !== undefined ? { fetchPrevious: { timeoutMs: timeout.value } } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      ...(args.ping ? { ping: pingOptions({ fetch: io.hubFetch, sleep: io.sleep }, timeout.value) } : {}),
    });
  } finally {
    progress?.clear();
  }
  // Only beside a built site: a failed build's report is about what failed.
  const siteWarning = result.ok && result.site && exampleSiteUrl(result.site.siteUrl, io.env[SITE_URL_ENV] ? SITE_URL_ENV : (args.config ?? CONFIG_FILE));
  if (siteWarning) result.diagnostics = sortDiagnostics([...result.diagnostics, siteWarning]);
  const report = makeReport(result, now);
  // With --json the diagnostics are in the JSON, once; a caller parsing stdout needs no stderr.
  if (args.json) io.stdout(`${jsonForLog(report)}\n`);
  else {
    for (const line of formatFolded(result.diagnostics)) io.stderr(`${line}\n`);
    io.stderr(formatReport(report));
  }
  if (io.env.GITHUB_OUTPUT) {
    const ping = (report.websub?.pending.length ?? 0) > 0;
    await appendFile(io.env.GITHUB_OUTPUT, `changed=${report.changed}\nnext_publish_at=${report.nextScheduled?.at ?? ""}\nping=${ping}\n`);
  }
  if (!result.ok) return EXIT.invalidInput;
  return result.websub?.outcomes?.some((outcome) => !outcome.ok) ? EXIT.notTold : EXIT.ok;
}

/**
 * JSON as printed to a CI log: JSON.stringify escapes line breaks, but not U+2028, U+2029, C1
 * controls or `##[` (a GitHub Actions command anywhere in a line); these become \u escapes, the
 * same JSON.
 */
export function jsonForLog(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u2028\u2029]|##\[/g, (match) =>
    match === "##[" ? "##\\u005b" : `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A warning when the site URL is still an example address (the shipped configuration's is
 * feedwright.example.org): every item link and id would point nowhere, and ids must not change
 * once published. The build goes on, so a local try-out works; the report says what to set.
 */
export function exampleSiteUrl(siteUrl: string, source: string): Diagnostic | undefined {
  const host = exampleHost(siteUrl);
  if (!host) return undefined;
  return warning(source, `siteUrl '${siteUrl}' is an example address (${host}, reserved by RFC 2606): item links and ids point nowhere, and ids must not change once published. Set siteUrl in the configuration to the site's address, or the environment variable ${SITE_URL_ENV} (in the workflow: the repository variable ${SITE_URL_ENV}, else it takes GitHub Pages' address)`, { field: "siteUrl" });
}

/** `--now` wins, then SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention), then the real clock. */
export function resolveClock(now: string | undefined, sourceDateEpoch: string | undefined, clock: () => Date): Checked<Date, string> {
  if (now !== undefined) {
    const instant = parseInstant(now);
    return instant ? { ok: true, value: instant } : { ok: false, why: `--now '${now}' is not an RFC 3339 instant with an offset, e.g. 2024-04-12T18:30:00+02:00` };
  }
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== "") {
    if (!/^\d+$/.test(sourceDateEpoch)) return { ok: false, why: `SOURCE_DATE_EPOCH '${sourceDateEpoch}' must be whole seconds since 1970-01-01T00:00:00Z` };
    return { ok: true, value: new Date(Number(sourceDateEpoch) * 1000) };
  }
  return { ok: true, value: clock() };
}

export function makeReport(result: RunResult, now: Date): BuildReport {
  const next = result.selection?.nextScheduled;
  return {
    ok: result.ok,
    now: now.toISOString(),
    counts: result.selection?.counts ?? { published: 0, inFeed: 0, drafts: 0, scheduled: 0, expired: 0 },
    nextScheduled: next ? { at: next.date.toISOString(), title: next.title, file: next.file } : null,
    changed: result.changed ?? false,
    ...(result.changedAgainst ? { changedAgainst: result.changedAgainst } : {}),
    ...(result.idGuard ? { idGuard: result.idGuard } : {}),
    ...(result.checkedAll ? { checkedAll: result.checkedAll } : {}),
    changedFeeds: result.changedFeeds ?? [],
    ...(result.websub ? { websub: result.websub } : {}),
    ...(result.archives ? { archives: result.archives } : {}),
    written: result.write?.written ?? [],
    unchanged: result.write?.unchanged ?? [],
    errors: result.diagnostics.filter((d) => d.severity === "error").length,
    warnings: result.diagnostics.filter((d) => d.severity === "warning").length,
    diagnostics: result.diagnostics.map((d) => ({ ...d })),
    work: result.work,
    timings: result.timings,
  };
}

export function formatReport(report: BuildReport): string {
  if (!report.ok) {
    return `${logLine(`feedwright: build failed with ${report.errors} error(s) and ${report.warnings} warning(s); nothing was written.`)}\n${report.idGuard?.changedIds.length ? formatIdGuard(report.idGuard) : ""}`;
  }
  const c = report.counts;
  const lines = [
    `feedwright: ${c.inFeed} item(s) in the feeds; ${c.published} published, ${c.drafts} draft(s), ${c.scheduled} scheduled, ${c.expired} expired (clock ${report.now})`,
    report.nextScheduled
      ? `next scheduled: ${report.nextScheduled.at} "${report.nextScheduled.title}" (${report.nextScheduled.file})`
      : "next scheduled: none",
    report.changedAgainst === "published site"
      ? report.changed
        ? "changed: the output differs from the published site"
        : "unchanged: the output is the published site's, byte for byte (by the manifest it publishes)"
      : report.changed
        ? `changed: ${report.written.join(", ") || "files were removed"}`
        : "unchanged: no file was rewritten",
    ...(report.archives ? [`archives: the main feeds hold ${report.archives.mainItems} item(s), ${report.archives.pages} archive page(s) the other ${report.archives.archivedItems}`] : []),
    ...(report.checkedAll ? [`check-all: ${report.checkedAll.checked} post(s) outside the feeds and pages checked too (${report.checkedAll.rendered} rendered anew)`] : []),
    ...websubLines(report.websub),
  ];
  return `${lines.map(logLine).join("\n")}\n${formatIdGuard(report.idGuard)}`;
}

/** With `hub` set: what the hubs were told (--ping), or what waits for feedwright ping. */
function websubLines(websub: BuildReport["websub"]): string[] {
  if (!websub) return [];
  if (websub.outcomes) return formatPingRun({ hubs: websub.hubs, outcomes: websub.outcomes, pending: websub.pending }).trimEnd().split("\n");
  if (websub.pending.length === 0) return ["websub: no feed changed; no hub to tell"];
  return [`websub: ${websub.pending.length} changed feed(s) to tell ${websub.hubs.length} hub(s) of after the deploy: feedwright ping (npm run ping)`];
}

function formatIdGuard(guard: IdGuardReport | undefined): string {
  if (!guard) return "";
  if (guard.checked === 0) return "id guard: no published items found (the first publication?); nothing to compare\n";
  const lines = [
    `id guard: ${guard.checked} published item(s) checked, ${guard.changedIds.length} changed id(s), ${guard.left.length} left the feeds`,
    ...guard.left.map((item) => `  note: ${describeLeft(item)}${item.file ? ` (${item.file})` : ""}`),
  ];
  return `${lines.map(logLine).join("\n")}\n`;
}
