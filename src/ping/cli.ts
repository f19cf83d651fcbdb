import path from "node:path";
import { parseArgs } from "node:util";
import { formatFolded, logLine } from "../common/diagnostics.js";
import { ownVersion } from "../common/version.js";
import { CONFIG_FILE } from "../model/constants.js";
import { fetchTimeoutMs } from "../load/previous.js";
import { PING_FILE, pingListed, type PingOptions, type PingRun } from "./ping.js";

/**
 * `feedwright ping`: after the deploy, tells the WebSub hubs of each feed the builds since the
 * last ping changed (the list beside the configuration, ./ping.ts). Exit 0 when every hub was
 * told (or nothing changed), 3 when a hub was not: the site is published all the same, so it is
 * no failure of the build (1) nor of the command line (2), and a CI step can let it pass.
 */
const USAGE = `Usage: feedwright ping [--config <file>]     (npm run ping)

After the site is deployed, tells the WebSub hubs of the configuration's "hub" of each feed whose
bytes changed since the last ping: one POST per feed and hub, hub.mode=publish and hub.url=<the
feed's URL>. Builds (with "hub" set) list the feeds they changed in ${PING_FILE} beside the
configuration; a ping keeps only the feeds a hub was not told of. A request that gets no answer,
429 or a 5xx is retried three times (after 1, 5 and 25 s); another 4xx is not.

  --config <file>     configuration file, whose folder holds ${PING_FILE} (default: ${CONFIG_FILE})
  -h, --help          show this help

Exit status: 0 every hub told (or nothing to tell), 3 a hub was not told (the site is published;
readers that poll see the change; run feedwright ping again), 2 bad usage.
Environment: FEEDWRIGHT_FETCH_TIMEOUT: seconds a hub may take to answer (default 10).`;

/** A hub was not told: the site is published (README "WebSub"). */
export const EXIT_NOT_TOLD = 3;

export interface PingIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Test seams: how a notification is sent, and how the wait before a retry is waited. */
  fetch?: PingOptions["fetch"];
  sleep?: PingOptions["sleep"];
}

export async function pingMain(io: PingIo): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...io.argv], options: { config: { type: "string" }, help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    io.stderr(`${logLine(`feedwright ping: ${(cause as Error).message}`)}\nTry feedwright ping --help.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const timeout = fetchTimeoutMs(io.env);
  if (!timeout.ok) {
    io.stderr(`${logLine(`feedwright ping: ${timeout.why}`)}\n`);
    return 2;
  }
  const config = values.config ?? CONFIG_FILE;
  const file = path.join(path.dirname(path.resolve(io.cwd, config)), PING_FILE);
  const shown = path.relative(io.cwd, file) || PING_FILE;
  const run = await pingListed(file, shown, pingOptions(io, timeout.value));
  for (const line of formatFolded(run.diagnostics)) io.stderr(`${line}\n`);
  if (!run.value) {
    io.stderr(`${logLine(`feedwright ping: nothing to tell: no build with "hub" set in ${config} has listed changed feeds in ${shown} (README "WebSub")`)}\n`);
    return 0;
  }
  io.stderr(formatPingRun(run.value));
  return run.value.pending.length > 0 ? EXIT_NOT_TOLD : 0;
}

/** The options of a ping from the command line (also the build's --ping, src/cli.ts). */
export function pingOptions(io: Pick<PingIo, "fetch" | "sleep">, timeoutMs: number | undefined): PingOptions {
  return { userAgent: `feedwright/${ownVersion()} (WebSub publisher)`, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(io.fetch ? { fetch: io.fetch } : {}), ...(io.sleep ? { sleep: io.sleep } : {}) };
}

/** One line per notification sent, then the count; every URL escaped as every log line is. */
export function formatPingRun(run: PingRun): string {
  if (run.outcomes.length === 0) return `${logLine(`websub: no feed changed since the last ping; no hub told`)}\n`;
  const told = run.outcomes.filter((outcome) => outcome.ok);
  const lines = [
    ...told.map((outcome) => `websub: told ${outcome.hub} of ${outcome.feed}${outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : ""}`),
    `websub: ${told.length} of ${run.outcomes.length} notification(s) sent (${run.hubs.length} hub(s))${run.pending.length > 0 ? `; ${run.pending.length} feed(s) kept for the next ping` : ""}`,
  ];
  return `${lines.map(logLine).join("\n")}\n`;
}
