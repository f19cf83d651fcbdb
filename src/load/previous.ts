import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import type { Checked, Staged } from "../common/result.js";
import { parsePreviousFeed, type PreviousItem } from "./feeds.js";
import { looksLikeHttpUrl } from "../common/url.js";

/**
 * Reads the currently published feeds for the id guard (`--previous <path>`): a folder holding
 * them under the configured file names (what the workflow downloads), or one feed file.
 *
 * A missing file in the folder is normal (the first publication, or a format added later). A file
 * that cannot be read as a feed is a warning and is skipped, not an error: a broken published feed
 * must not stop the very build that replaces it. A path that does not exist at all is an error:
 * it is a typo, and a guard that silently checks nothing is no guard. The value: the items of each feed read.
 * `--previous https://…/` is read over HTTP instead (fetchPreviousFeeds).
 */
export async function readPreviousFeeds(previousPath: string, fileNames: readonly string[], display: (absolute: string) => string): Promise<Staged<PreviousItem[][]>> {
  const shown = display(previousPath);
  const info = await stat(previousPath).catch(() => undefined);
  if (!info) {
    return { value: [], diagnostics: [error(shown, "--previous names no file or folder; pass the folder the published feeds were downloaded to")] };
  }
  const candidates = info.isDirectory() ? fileNames.map((name) => path.join(previousPath, name)) : [previousPath];
  const result: Staged<PreviousItem[][]> = { value: [], diagnostics: [] };
  for (const file of candidates) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") continue;
      result.diagnostics.push(warning(display(file), `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}); the id guard skipped it`));
      continue;
    }
    const feed = parsePreviousFeed(text);
    if (!feed.ok) {
      result.diagnostics.push(warning(display(file), `${feed.why}; the id guard skipped it (is this the published RSS, Atom or JSON feed?)`));
      continue;
    }
    result.value.push(feed.value.items);
  }
  return result;
}

/** `--previous` given as the site's address (http or https) rather than a path. */
export function isPreviousUrl(previous: string): boolean {
  return looksLikeHttpUrl(previous);
}

/** The part of `fetch` this stage uses: tests hand in a counting or failing one; the build uses Node's own. */
export type FetchLike = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number; statusText: string; text(): Promise<string>; arrayBuffer?(): Promise<ArrayBuffer> }>;

export interface FetchOptions {
  fetch?: FetchLike;
  /** Milliseconds a feed may take to arrive, headers and body (default PREVIOUS_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A published feed is a static file: 30 s is far beyond any answer GitHub Pages gives, and short enough to fail a stuck run clearly. */
export const PREVIOUS_TIMEOUT_MS = 30_000;

const WHAT_TO_SET = "the feeds are read from --previous: in the workflow that is FEEDWRIGHT_SITE_URL (the repository variable, else the address GitHub Pages reports), else siteUrl in the configuration";

/**
 * Reads the published feeds from the site itself: each configured feed file under `baseUrl`
 * (a trailing `/` is added: the URL names the site's folder). A 404 is normal (the first
 * publication, or a format added later) and a note; any other status, a name that does not
 * resolve, a refused connection or a timeout is an error naming the URL and the cause: a guard
 * that silently compares nothing is no guard. What was fetched is read as readPreviousFeeds reads
 * files, a body that is no feed being a warning.
 */
export async function fetchPreviousFeeds(baseUrl: string, fileNames: readonly string[], options: FetchOptions = {}): Promise<Staged<PreviousItem[][]>> {
  const result: Staged<PreviousItem[][]> = { value: [], diagnostics: [] };
  const root = siteRoot(baseUrl);
  if (!root) return { value: [], diagnostics: [error(baseUrl, `--previous is not a URL; ${WHAT_TO_SET}`)] };
  for (const name of fileNames) {
    const url = urlOf(root, name);
    const got = await fetchText(url, options);
    if ("failure" in got) {
      result.diagnostics.push(error(url, `${got.failure}; the id guard cannot compare. If the site is not at this address, correct it: ${WHAT_TO_SET}`));
      continue;
    }
    if (got.text === undefined) {
      result.diagnostics.push(note(url, "is not published yet (404): the id guard has nothing of it to compare (the first publication, or a format added since)"));
      continue;
    }
    const feed = parsePreviousFeed(got.text);
    if (!feed.ok) {
      result.diagnostics.push(warning(url, `${feed.why}; the id guard skipped it (is this the published RSS, Atom or JSON feed?)`));
      continue;
    }
    result.value.push(feed.value.items);
  }
  return result;
}

/**
 * One published file below the site's URL (the manifest of what the last deploy holds): its text,
 * or undefined when it is not there (404). Any other failure is a warning, not an error: what
 * needs this file can do without it (the build then counts every file it writes as changed).
 */
export async function fetchPublishedFile(baseUrl: string, name: string, why: string, options: FetchOptions = {}): Promise<Staged<string | undefined>> {
  const root = siteRoot(baseUrl);
  if (!root) return { value: undefined, diagnostics: [] };
  const url = urlOf(root, name);
  const got = await fetchText(url, options);
  if ("failure" in got) return { value: undefined, diagnostics: [warning(url, `${got.failure}; ${why}`)] };
  return { value: got.text, diagnostics: [] };
}

function siteRoot(baseUrl: string): URL | undefined {
  try {
    return new URL(baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  } catch {
    return undefined;
  }
}

function urlOf(root: URL, name: string): string {
  return new URL(name.split("/").map(encodeURIComponent).join("/"), root).href;
}

/** GET: the body at 200, undefined at 404, else what failed (the status, or the cause and the timeout). */
async function fetchText(url: string, options: FetchOptions): Promise<{ text: string | undefined } | { failure: string }> {
  const got = await fetchBytes(url, options);
  if ("failure" in got) return got;
  if (got.status === 200) return { text: new TextDecoder().decode(got.bytes) };
  if (got.status === 404) return { text: undefined };
  return { failure: `answered HTTP ${got.status}${got.statusText ? ` ${got.statusText}` : ""}, not the published file (200) nor 'not published yet' (404)` };
}

/**
 * GET with one timeout over the whole exchange (a server that sends headers and then stalls times
 * out too): the status and the body's bytes, whatever the status, or what failed. Bytes, not a
 * text: `feedwright check` reads the encoding itself. Also used by src/check/cli.ts.
 */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<{ status: number; statusText: string; bytes: Uint8Array } | { failure: string }> {
  const get = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const timeoutMs = options.timeoutMs ?? PREVIOUS_TIMEOUT_MS;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await get(url, { signal, headers: { accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml, application/json;q=0.9, */*;q=0.1" } });
    // Read in every case: an unread body holds its connection open until it is collected.
    const bytes = response.arrayBuffer ? new Uint8Array(await response.arrayBuffer()) : new TextEncoder().encode(await response.text());
    return { status: response.status, statusText: response.statusText, bytes };
  } catch (cause) {
    return { failure: `could not be fetched (${describeFailure(cause, timeoutMs)})` };
  }
}

/** FEEDWRIGHT_FETCH_TIMEOUT (seconds) as milliseconds; undefined when unset (PREVIOUS_TIMEOUT_MS applies). */
export function fetchTimeoutMs(env: Readonly<Record<string, string | undefined>>): Checked<number | undefined, string> {
  const timeout = env.FEEDWRIGHT_FETCH_TIMEOUT;
  if (timeout === undefined || timeout === "") return { ok: true, value: undefined };
  const seconds = Number(timeout);
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= 600) return { ok: true, value: seconds * 1000 };
  return { ok: false, why: `FEEDWRIGHT_FETCH_TIMEOUT '${timeout}' must be seconds, more than 0 and at most 600 (default ${PREVIOUS_TIMEOUT_MS / 1000})` };
}

function note(file: string, message: string): Diagnostic {
  return { severity: "note", file, message };
}

/** What went wrong, in the words of the layer that knows: undici wraps the system's error (ENOTFOUND, ECONNREFUSED) as `cause`. */
export function describeFailure(cause: unknown, timeoutMs: number): string {
  const failure = cause as { name?: string; message?: string; cause?: { code?: string; message?: string; hostname?: string } };
  if (failure?.name === "TimeoutError" || failure?.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const inner = failure?.cause;
  if (inner?.code === "ENOTFOUND" || inner?.code === "EAI_AGAIN") return `the host name ${inner.hostname ? `'${inner.hostname}' ` : ""}does not resolve (${inner.code})`;
  if (inner?.code === "ECONNREFUSED") return "the connection was refused (ECONNREFUSED)";
  if (inner?.code) return `${inner.code}${inner.message ? `: ${inner.message}` : ""}`;
  if (inner?.message) return inner.message;
  return failure?.message ?? String(cause);
}
