import { readFile, unlink } from "node:fs/promises";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { describeFailure } from "../load/previous.js";
import type { ManifestEntry } from "../write/site.js";
import { replaceFile } from "../write/write.js";

/**
 * WebSub publishing (README "WebSub"): after a deploy, each hub is told of each feed whose bytes
 * changed. The W3C recommendation leaves the mechanism to the hub (section 6, "Publishing"); the
 * public hubs it names (Google's, Superfeedr, Switchboard) take a form POST of `hub.mode=publish`
 * and `hub.url=<the feed's self URL>`. One request per feed and hub: some hubs take several
 * `hub.url` in one, others only the first. A notification that fails is a warning, never an error:
 * the feeds are published by then, and readers that poll see the change all the same.
 */

/** The part of `fetch` a notification uses: tests hand in a failing or recording one; the build uses Node's own. */
export type PostLike = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" },
) => Promise<{ status: number; statusText: string; headers?: { get(name: string): string | null }; text(): Promise<string> }>;

export interface PingOptions {
  /** Test seam: how a notification is sent (default: Node's fetch). */
  fetch?: PostLike;
  /** Milliseconds one request may take, answer included (default PING_TIMEOUT_MS; FEEDWRIGHT_FETCH_TIMEOUT in the CLI). */
  timeoutMs?: number;
  /** The waits before the second, third… attempt (default RETRY_DELAYS_MS). */
  retryDelaysMs?: readonly number[];
  /** Test seam: how a wait is waited (default a timer); tests record the waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** The User-Agent header (hubs log it). */
  userAgent?: string;
}

/** Backoff before each retry: three retries over about half a minute, for a hub that is restarting or rate-limiting. */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 25_000];
/** A hub acknowledges at once (it fetches the feed later): 10 s is plenty, and a dead hub costs little. */
export const PING_TIMEOUT_MS = 10_000;
/** Notifications in flight at once per hub (a site with a feed per tag has hundreds). */
const PER_HUB = 4;

/** What became of one notification. */
export interface PingOutcome {
  hub: string;
  feed: string;
  ok: boolean;
  /** Requests sent (0: not tried, the hub did not answer for an earlier feed). */
  attempts: number;
  /** The hub's last HTTP status, when it answered. */
  status?: number;
  /** Why it failed, in words. */
  why?: string;
}

/** The form body of one publish notification (application/x-www-form-urlencoded, UTF-8). */
export function publishBody(feedUrl: string): string {
  return new URLSearchParams([
    ["hub.mode", "publish"],
    ["hub.url", feedUrl],
  ]).toString();
}

/** Whether a failed attempt is worth another: no answer, 429 (too many requests) or a 5xx. A 4xx is the hub refusing this request: it would refuse it again. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** Every hub told of every feed: the outcomes in (hub, feed) order, and a warning for each failure. */
export async function notifyHubs(hubs: readonly string[], feeds: readonly string[], options: PingOptions = {}): Promise<Staged<PingOutcome[]>> {
  const perHub = await Promise.all(hubs.map((hub) => notifyHub(hub, feeds, options)));
  const outcomes = perHub.flat();
  return { value: outcomes, diagnostics: outcomes.filter((o) => !o.ok).map(failureWarning) };
}

async function notifyHub(hub: string, feeds: readonly string[], options: PingOptions): Promise<PingOutcome[]> {
  if (feeds.length === 0) return [];
  // The first feed alone: a hub that does not answer it (down, or its name does not resolve) is
  // not tried for the others, each of which would wait through every retry for the same silence.
  const first = await notifyOne(hub, feeds[0]!, options);
  const outcomes: PingOutcome[] = [first];
  let silent = !first.ok && first.status === undefined ? first : undefined;
  let next = 1;
  const worker = async () => {
    while (next < feeds.length) {
      const index = next++;
      const feed = feeds[index]!;
      if (silent) {
        outcomes[index] = { hub, feed, ok: false, attempts: 0, why: `not sent: the hub did not answer for ${silent.feed} (${silent.why})` };
        continue;
      }
      const outcome = await notifyOne(hub, feed, options);
      if (!outcome.ok && outcome.status === undefined) silent ??= outcome;
      outcomes[index] = outcome;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PER_HUB, feeds.length - 1) }, worker));
  return outcomes;
}

/** One notification, retried with backoff while retrying can help. */
async function notifyOne(hub: string, feed: string, options: PingOptions): Promise<PingOutcome> {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    const sent = await postOnce(hub, feed, options);
    if (sent.status !== undefined && sent.status >= 200 && sent.status < 300) return { hub, feed, ok: true, attempts: attempt, status: sent.status };
    const delay = delays[attempt - 1];
    if (!retryable(sent.status) || delay === undefined) {
      return { hub, feed, ok: false, attempts: attempt, ...(sent.status === undefined ? {} : { status: sent.status }), why: sent.why };
    }
    await sleep(delay);
  }
}

/** POST once: the status, or no status and what failed. */
async function postOnce(hub: string, feed: string, options: PingOptions): Promise<{ status?: number; why: string }> {
  const post = options.fetch ?? (globalThis.fetch as unknown as PostLike);
  const timeoutMs = options.timeoutMs ?? PING_TIMEOUT_MS;
  try {
    const response = await post(hub, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(options.userAgent ? { "user-agent": options.userAgent } : {}) },
      body: publishBody(feed),
      signal: AbortSignal.timeout(timeoutMs),
      // A redirected POST becomes a GET (301, 302) and loses its body: the message names the new address instead.
      redirect: "manual",
    });
    // Read in every case: an unread body holds its connection open. A hub says why it refused in it.
    const text = await response.text().catch(() => "");
    const said = text.trim().replace(/\s+/g, " ").slice(0, 200);
    const location = response.status >= 300 && response.status < 400 ? response.headers?.get("location") : undefined;
    const answer = `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    if (location) return { status: response.status, why: `${answer} (to ${location}): a redirected notification loses its form, so set hub to that address` };
    return { status: response.status, why: said ? `${answer}: "${said}"` : answer };
  } catch (cause) {
    return { why: `could not be reached (${describeFailure(cause, timeoutMs)})` };
  }
}

function failureWarning(outcome: PingOutcome): Diagnostic {
  const tries = outcome.attempts > 1 ? ` (${outcome.attempts} attempts)` : "";
  const why =
    outcome.attempts === 0
      ? outcome.why
      : outcome.status !== undefined && !retryable(outcome.status)
        ? `${outcome.why}${tries}; not retried: a ${outcome.status} is the hub refusing the request, so check hub in the configuration (and the hub's terms: some take only feeds they know)`
        : `${outcome.why}${tries}`;
  return warning(
    outcome.feed,
    `the WebSub hub ${outcome.hub} was not told that this feed changed: ${why}. The feed is published; readers that poll it see the change, and its subscribers at this hub get it once the hub is told: run feedwright ping again`,
    { field: "hub" },
  );
}

/**
 * The self URLs of the feed files whose bytes changed, in the build's order: against the site
 * online, a feed whose SHA-256 differs from the published manifest's (or is not in it); else a
 * feed this build wrote, not one it left unchanged in the output folder. Pure.
 */
export function changedFeedUrls(
  feeds: readonly { name: string; feedUrl: string }[],
  write: { written: readonly string[]; manifest: readonly ManifestEntry[] },
  online?: readonly ManifestEntry[],
): string[] {
  if (!online) {
    const written = new Set(write.written);
    return feeds.filter((feed) => written.has(feed.name)).map((feed) => feed.feedUrl);
  }
  const publishedDigest = new Map(online.map((entry) => [entry.name, entry.sha256]));
  const builtDigest = new Map(write.manifest.map((entry) => [entry.name, entry.sha256]));
  return feeds.filter((feed) => builtDigest.get(feed.name) === undefined || publishedDigest.get(feed.name) !== builtDigest.get(feed.name)).map((feed) => feed.feedUrl);
}

/**
 * The feeds whose hubs are still to be told, between the build and `feedwright ping` (which runs
 * after the deploy, in CI in a later job): a file beside the configuration, outside the published
 * folder. A build adds the feeds it changed; a ping keeps only those it failed to tell a hub of.
 */
export const PING_FILE = ".feedwright-ping.json";

export interface PingList {
  /** The hubs the feeds name (the configuration's `hub` when they were built). */
  hubs: string[];
  /** The self URLs of the feeds that changed and whose hubs are not told yet. */
  feeds: string[];
}

export function pingListText(list: PingList): string {
  const about = "feedwright: feeds that changed, whose WebSub hubs `feedwright ping` tells after the deploy (README \"WebSub\")";
  return `${JSON.stringify({ about, hubs: list.hubs, feeds: list.feeds }, null, 2)}\n`;
}

/** The list in a ping file's text; undefined when it is not one. Pure. */
export function parsePingList(text: string): PingList | undefined {
  try {
    const value = JSON.parse(text) as { hubs?: unknown; feeds?: unknown };
    const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((entry) => typeof entry === "string");
    return strings(value.hubs) && strings(value.feeds) ? { hubs: value.hubs, feeds: value.feeds } : undefined;
  } catch {
    return undefined;
  }
}

/** The ping file: undefined when there is none; a file that is not one is a warning (and no list). */
export async function readPingList(file: string, shown: string): Promise<Staged<PingList | undefined>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { value: undefined, diagnostics: [] };
    return { value: undefined, diagnostics: [warning(shown, `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`)] };
  }
  const list = parsePingList(text);
  if (list) return { value: list, diagnostics: [] };
  return { value: undefined, diagnostics: [warning(shown, `is not feedwright's list of feeds to notify hubs of; delete it (the next build writes it anew)`)] };
}

/** Writes the list atomically; a failure is a warning (the build's output is written by then). */
export async function writePingList(file: string, shown: string, list: PingList): Promise<Diagnostic[]> {
  try {
    await replaceFile(file, pingListText(list));
    return [];
  } catch (cause) {
    return [warning(shown, `could not be written (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); feedwright ping will not know which feeds changed`)];
  }
}

/** Removes the list (no hub is set any more): a stale one would tell hubs the feeds no longer name. */
export async function removePingList(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}

/** What a ping of the list did: the outcomes, and the feeds left to tell (those a hub was not told of). */
export interface PingRun {
  hubs: string[];
  outcomes: PingOutcome[];
  /** The feeds still in the list afterwards. */
  pending: string[];
}

/**
 * Tells the hubs of the list of every feed in it, then keeps in the list only the feeds some hub
 * was not told of (a later ping tries them again; telling a hub twice only makes it fetch again).
 */
export async function pingListed(file: string, shown: string, options: PingOptions = {}): Promise<Staged<PingRun | undefined>> {
  const read = await readPingList(file, shown);
  const list = read.value;
  if (!list) return read as Staged<undefined>;
  const told = await notifyHubs(list.hubs, list.feeds, options);
  const failed = new Set(told.value.filter((outcome) => !outcome.ok).map((outcome) => outcome.feed));
  const pending = list.feeds.filter((feed) => failed.has(feed));
  const kept = await writePingList(file, shown, { hubs: list.hubs, feeds: pending });
  return { value: { hubs: list.hubs, outcomes: told.value, pending }, diagnostics: [...read.diagnostics, ...told.diagnostics, ...kept] };
}
