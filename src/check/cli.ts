import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic, logLine } from "../common/diagnostics.js";
import { fetchBytes, fetchTimeoutMs, isPreviousUrl, type FetchLike, type FetchOptions } from "../load/previous.js";
import { checkFeed, type FeedFormat } from "./check.js";

/**
 * `feedwright check <file or URL>…`: the build's self-check (./check.ts) on any feed, for feeds
 * other tools write. Each argument is a file, or an http(s) URL fetched with Node's fetch (the
 * seam of src/load/previous.ts, so a test hands in its own). Exit 0 when every feed is clean, 1
 * when any has a violation or a URL cannot be fetched, 2 on bad usage (no argument, an unknown
 * flag, a file that does not exist).
 */
const USAGE = `Usage: feedwright check <file or URL>…     (npm run check -- <file or URL>…)

Checks RSS 2.0, Atom and JSON Feed 1.1 files with the rules every build applies to its own feeds
(well-formed XML, required elements, one RSS author, RFC 822 / RFC 3339 dates, RFC 3986 URIs,
unique ids, JSON Feed 1.1). The format is detected. A URL (http or https) is fetched.

Exit status: 0 every feed clean, 1 a violation (or a URL that could not be fetched), 2 bad usage.
Environment: FEEDWRIGHT_FETCH_TIMEOUT: seconds a URL may take (default 30).`;

const NAMES: Record<FeedFormat, string> = { rss: "RSS 2.0", atom: "Atom", json: "JSON Feed 1.1" };

export interface CheckIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Test seam: how a URL is fetched (default: Node's fetch). */
  fetch?: FetchLike;
}

export async function checkMain(io: CheckIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...io.argv], options: { help: { type: "boolean", short: "h", default: false } }, strict: true, allowPositionals: true });
  } catch (cause) {
    io.stderr(`${logLine(`feedwright check: ${(cause as Error).message}`)}\nTry feedwright check --help.\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    io.stderr("feedwright check: give one or more feed files or URLs, e.g. feedwright check public/rss.xml https://example.com/feed.json\n");
    return 2;
  }
  const timeout = fetchTimeoutMs(io.env);
  if (!timeout.ok) {
    io.stderr(`${logLine(`feedwright check: ${timeout.why}`)}\n`);
    return 2;
  }
  const fetchOptions = { fetch: io.fetch, timeoutMs: timeout.value };
  // Files first: a typo among them is bad usage, found before any URL is fetched.
  const files = new Map<string, Uint8Array>();
  for (const arg of parsed.positionals) {
    if (isPreviousUrl(arg)) continue;
    try {
      files.set(arg, await readFile(path.resolve(io.cwd, arg)));
    } catch (cause) {
      io.stderr(`${logLine(`feedwright check: '${arg}' cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); give a feed file or an http(s) URL`)}\n`);
      return 2;
    }
  }
  let failed = false;
  for (const arg of parsed.positionals) {
    let bytes = files.get(arg);
    if (bytes === undefined) {
      const fetched = await fetchFeed(arg, fetchOptions);
      if ("why" in fetched) {
        io.stdout(`${logLine(`${arg}: error: ${fetched.why}`)}\n`);
        failed = true;
        continue;
      }
      bytes = fetched.bytes;
    }
    const result = checkFeed([bytes], arg);
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d)}\n`);
    const what = result.format ? `${NAMES[result.format]}, ${result.items} item(s)` : "no feed";
    const violations = result.violations;
    io.stdout(`${logLine(`${arg}: ${what}: ${violations === 0 ? "clean" : `${violations} violation(s)`}`)}\n`);
    if (violations > 0) failed = true;
  }
  return failed ? 1 : 0;
}

async function fetchFeed(url: string, options: FetchOptions): Promise<{ bytes: Uint8Array } | { why: string }> {
  const got = await fetchBytes(url, options);
  if ("failure" in got) return { why: got.failure };
  if (got.status !== 200) return { why: `answered HTTP ${got.status}${got.statusText ? ` ${got.statusText}` : ""}, not a feed (200)` };
  return { bytes: got.bytes };
}
