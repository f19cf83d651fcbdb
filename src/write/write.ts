import { createHash, randomBytes } from "node:crypto";
import { close, closeSync, fsync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import { mkdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { error, hasErrors, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";

/**
 * The write stage. Every file is first written in full to a temporary file beside its target,
 * flushed, and only then renamed over it: a reader (or the deploy step) sees the old file or the
 * new one, never half of one, even if the build is killed. All temporary files are written before
 * the first rename, so a failed write changes nothing. A file whose bytes are unchanged is not
 * touched at all (its mtime stays), so the workflow can tell that nothing changed.
 *
 * Each temporary file is written with synchronous calls and its flush (fsync) started at once,
 * up to FLUSHES_IN_FLIGHT at a time, while the next files are made; every flush has ended before
 * the first rename. One fsync after another cost a site of 10,000 pages seconds of waiting
 * (docs/performance.md); in flight together the file system commits them in few journal writes.
 *
 * Files are handled one after the other. A content given as a function is produced only when its
 * turn comes, piece by piece, each piece encoded into 1 MB chunks as soon as it is made (the chunks
 * are reused from file to file): with feeds of all items (tens of megabytes each, docs/performance.md) no feed ever exists as one
 * string or one buffer, and each piece is garbage while it is young, which is cheap to collect.
 */
export interface OutputFile {
  /** A path inside the output folder, `/`-separated (`rss.xml`, `posts/hello/index.html`); folders are created. */
  name: string;
  /**
   * The text, or a function giving it in pieces: texts (each whole: no surrogate pair split between
   * two) or UTF-8 bytes; bytes of 1 MB or more are written as they are, not copied, so they must not
   * change until writeOutputs has returned.
   */
  content: string | (() => Iterable<string | Uint8Array>);
  /**
   * Checks the file's bytes before anything is renamed (the feeds' self-check, src/check/): an
   * error in what it returns stops the write, every temporary file is removed and nothing changes.
   * A promise (a check on another thread) is awaited before the first rename; the bytes may be
   * reused as soon as the call returns.
   */
  check?: (data: readonly Uint8Array[]) => Diagnostic[] | Promise<Diagnostic[]>;
}

/** What writeOutputs throws when a check found errors: nothing was renamed. */
export class CheckFailed extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super("an output failed its check");
  }
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
  /** SHA-256 (hex) of every output's bytes, by name, when asked for (`digests`). */
  digests?: Map<string, string>;
  /** Milliseconds the write waited for checks running on another thread, after its last file (set when there were such checks). */
  checkWaitMs?: number;
}

/** Test seam: lets tests inject a failure at a chosen point. */
export interface WriteHooks {
  beforeRename?: (target: string) => Promise<void> | void;
  writeFile?: (file: string, data: readonly Uint8Array[]) => Promise<void>;
  /** Told after each file's new bytes are on disk (the build's progress; src/build.ts). */
  written?: (name: string) => void;
  /** Replaces a file's bytes before its check (tests re-introduce the defects the check must catch). */
  beforeCheck?: (name: string, data: readonly Uint8Array[]) => readonly Uint8Array[];
}

export function resolveInside(outDir: string, name: string): string {
  const root = path.resolve(outDir);
  const segments = name.split("/");
  // Every segment a plain name: no empty one (a leading or doubled `/`), no `.` or `..`, no backslash or NUL.
  if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0"))) {
    throw new Error(`refusing to write '${name}': output files must be plain names or relative paths inside ${root}`);
  }
  return path.join(root, ...segments);
}

export async function writeOutputs(outDir: string, outputs: readonly OutputFile[], hooks: WriteHooks = {}, options: { digests?: boolean } = {}): Promise<WriteResult> {
  await mkdir(outDir, { recursive: true });
  const targets = outputs.map((output) => resolveInside(outDir, output.name));
  const byFolder = new Map<string, string[]>();
  for (const target of targets) {
    const folder = path.dirname(target);
    const names = byFolder.get(folder);
    if (names) names.push(path.basename(target));
    else byFolder.set(folder, [path.basename(target)]);
  }
  for (const [folder, names] of byFolder) {
    // A folder made just now (mkdirSync names it) holds no temporary file to remove.
    if (folder !== outDir && mkdirSync(folder, { recursive: true }) === folder) continue;
    await removeStaleTemps(folder, names);
  }
  const pending: { temp: string; target: string; name: string }[] = [];
  const unchanged: string[] = [];
  const encoder = new ChunkedEncoder();
  const digests = options.digests ? new Map<string, string>() : undefined;
  const failed: Diagnostic[] = [];
  const checking: Promise<Diagnostic[]>[] = [];
  let checkWaitMs: number | undefined;
  const flushes = new Flushes();
  try {
    for (const [index, output] of outputs.entries()) {
      const target = targets[index]!;
      let data: readonly Uint8Array[] = encoder.encode(typeof output.content === "string" ? [output.content] : output.content());
      if (hooks.beforeCheck) data = hooks.beforeCheck(output.name, data);
      if (output.check) {
        const found = output.check(data);
        if (found instanceof Promise) {
          // Marked as handled now: a write that fails first must not leave it rejecting unobserved.
          found.catch(() => undefined);
          checking.push(found);
        } else if (hasErrors(found)) failed.push(...found);
      }
      // After a failed check the rest are still checked, so one build reports every bad file, but not written.
      if (failed.length > 0) continue;
      if (digests) {
        const hash = createHash("sha256");
        for (const chunk of data) hash.update(chunk);
        digests.set(output.name, hash.digest("hex"));
      }
      if (hasContent(target, data)) {
        unchanged.push(output.name);
        continue;
      }
      const temp = tempPathFor(target);
      pending.push({ temp, target, name: output.name });
      if (hooks.writeFile) await hooks.writeFile(temp, data);
      else await flushes.add(writeTemp(temp, data));
      hooks.written?.(output.name);
    }
    if (checking.length > 0) {
      const waitFrom = performance.now();
      for (const found of await Promise.all(checking)) if (hasErrors(found)) failed.push(...found);
      checkWaitMs = performance.now() - waitFrom;
    }
    if (failed.length > 0) throw new CheckFailed(failed);
    await flushes.all();
  } catch (cause) {
    // Every flush ended (its descriptor closed) before the temporary files go.
    await flushes.settled();
    await Promise.all(pending.map((p) => unlink(p.temp).catch(() => undefined)));
    throw cause;
  }
  let renamed = 0;
  try {
    for (const p of pending) {
      await hooks.beforeRename?.(p.target);
      await rename(p.temp, p.target);
      renamed++;
    }
  } finally {
    await Promise.all(pending.slice(renamed).map((p) => unlink(p.temp).catch(() => undefined)));
  }
  return { written: pending.map((p) => p.name), unchanged, ...(checkWaitMs === undefined ? {} : { checkWaitMs }), ...(digests ? { digests } : {}) };
}

/**
 * The write stage: writeOutputs with its failure (a full disk, a read-only folder) as an error
 * naming the folder instead of a stack trace; writeOutputs leaves each file whole either way.
 */
export async function writeFeeds(outDir: string, outputs: readonly OutputFile[], hooks: WriteHooks | undefined, shownDir: string, digests = false): Promise<Staged<WriteResult | undefined>> {
  try {
    return { value: await writeOutputs(outDir, outputs, hooks, { digests }), diagnostics: [] };
  } catch (cause) {
    if (cause instanceof CheckFailed) return { value: undefined, diagnostics: cause.diagnostics };
    const reason = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
    const message = `the feeds could not be written (${reason}); every file there is as it was or wholly new. Check the folder's space and permissions, then build again`;
    return { value: undefined, diagnostics: [error(shownDir, message)] };
  }
}

/** A temporary file beside `target`, named `.<name>.<pid>-<start>.<hex>.tmp` (see removeStaleTemps). */
function tempPathFor(target: string): string {
  // This process's start and a random base counted up: reading /proc and drawing random bytes for every page cost more than writing it.
  ownStart ??= { value: startOf(process.pid) };
  const hex = ((tempBase + tempCount++) >>> 0).toString(16).padStart(8, "0");
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}${ownStart.value === undefined ? "" : `-${ownStart.value}`}.${hex}.tmp`);
}

let ownStart: { value: string | undefined } | undefined;
const tempBase = randomBytes(4).readUInt32BE(0);
let tempCount = 0;

/**
 * Replaces one file whole, for the build's own files beside the feeds (the cache, the
 * configuration memo): written to a temporary file in the same folder, then renamed over the
 * target, so a killed build leaves the old file or the new one. The folder is created if needed.
 */
export async function replaceFile(target: string, data: string | Uint8Array | readonly (string | Uint8Array)[]): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await removeStaleTemps(path.dirname(target), [path.basename(target)]);
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (cause) {
    await unlink(temp).catch(() => undefined);
    throw cause;
  }
}

/**
 * UTF-8 bytes of text pieces, in chunks of 1 MB reused from file to file: the chunks of one file
 * are valid until the next `encode`. TextEncoder.encodeInto tells how much of a text fitted, so a
 * text is continued in the next chunk without ever splitting a character. Bytes of a chunk's size
 * or more are not copied: they are one of the file's chunks themselves.
 */
class ChunkedEncoder {
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: Uint8Array[] = [];
  private readonly utf8 = new TextEncoder();

  encode(pieces: Iterable<string | Uint8Array>): Uint8Array[] {
    // Filled chunks, each cut to its length: a character that does not fit is begun in the next.
    const filled: Uint8Array[] = [];
    let index = 0;
    let at = 0;
    const chunk = () => (this.chunks[index] ??= new Uint8Array(ChunkedEncoder.CHUNK));
    const next = () => {
      filled.push(chunk().subarray(0, at));
      index++;
      at = 0;
    };
    for (const piece of pieces) {
      if (typeof piece === "string") {
        let rest = piece;
        for (;;) {
          const { read, written } = this.utf8.encodeInto(rest, chunk().subarray(at));
          at += written;
          if (read === rest.length) break;
          rest = rest.slice(read);
          next();
        }
      } else if (piece.length >= ChunkedEncoder.CHUNK) {
        // Taken as it is, not copied: a large item's escaped content (src/serialize/xml/escape.ts)
        // would otherwise be held twice, as its own bytes and as the file's chunks.
        if (at > 0) next();
        filled.push(piece);
      } else {
        for (let from = 0; from < piece.length; ) {
          if (at === ChunkedEncoder.CHUNK) next();
          const n = Math.min(piece.length - from, ChunkedEncoder.CHUNK - at);
          chunk().set(piece.subarray(from, from + n), at);
          from += n;
          at += n;
        }
      }
    }
    filled.push(chunk().subarray(0, at));
    return filled;
  }
}

/**
 * A build killed between writing a temporary file and renaming it leaves the temporary file
 * behind: beside the feeds it would be published with the folder, beside the cache it would pile
 * up. Ours are `.<name>.<pid>-<start>.<hex>.tmp`, `<start>` the writer's start time (Linux: ticks
 * since boot, /proc/<pid>/stat; absent elsewhere and in names of older versions). One is removed
 * unless its writer may still be about to rename it: that process runs, is the same process (its
 * start matches, so a pid that now belongs to another process does not count), and the file is
 * younger than STALE_TEMP_MS (a writer renames its files within its build).
 */
export const STALE_TEMP_MS = 10 * 60_000;

export async function removeStaleTemps(dir: string, names: readonly string[] | ((name: string) => boolean)): Promise<void> {
  const ours = typeof names === "function" ? names : (name: string) => names.includes(name);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = /^\.(.+)\.(\d+)(?:-(\d+))?\.[0-9a-f]{8}\.tmp$/.exec(entry);
    if (!match || !ours(match[1]!)) continue;
    const file = path.join(dir, entry);
    if (await mayBeInFlight(file, Number(match[2]), match[3])) continue;
    await unlink(file).catch(() => undefined);
  }
}

async function mayBeInFlight(file: string, pid: number, start: string | undefined): Promise<boolean> {
  if (pid === process.pid || !isRunning(pid)) return false;
  if (start !== undefined && start !== startOf(pid)) return false;
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < STALE_TEMP_MS;
}

/** A process's start time, ticks since boot (field 22 of /proc/<pid>/stat, after the parenthesized name); undefined without /proc. */
function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return /^\d+$/.exec(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "")?.[0];
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Equal bytes on disk already? Sizes first, then chunk by chunk, so a changed feed is rarely read in
 * full. Synchronous: a warm build of a site compares every page, and the thread pool's round trip
 * per call cost more than the calls themselves (docs/performance.md).
 */
function hasContent(file: string, data: readonly Uint8Array[]): boolean {
  // stat without throwing first: a cold build has no file to compare, and 10,000 ENOENT errors cost their stack traces.
  const size = data.reduce((sum, chunk) => sum + chunk.length, 0);
  const info = statSync(file, { throwIfNoEntry: false });
  if (info === undefined || !info.isFile() || info.size !== size) return false;
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return false;
  }
  try {
    // At most 1 MB read at a time: a chunk may be a large item's whole content (ChunkedEncoder).
    const existing = Buffer.allocUnsafe(Math.min(Math.max(...data.map((chunk) => chunk.length), 1), 1 << 20));
    let position = 0;
    for (const chunk of data) {
      for (let from = 0; from < chunk.length; ) {
        const want = Math.min(existing.length, chunk.length - from);
        const bytesRead = readSync(fd, existing, 0, want, position);
        if (bytesRead !== want || !existing.subarray(0, bytesRead).equals(chunk.subarray(from, from + want))) return false;
        position += bytesRead;
        from += bytesRead;
      }
    }
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Writes a new temporary file whole; the promise ends when its bytes are flushed to the disk (fsync) and it is closed. */
function writeTemp(file: string, data: readonly Uint8Array[]): Promise<void> {
  const fd = openSync(file, "wx", 0o644);
  try {
    for (const chunk of data) {
      for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
    }
  } catch (cause) {
    closeSync(fd);
    throw cause;
  }
  return new Promise((resolve, reject) => {
    fsync(fd, (failed) => close(fd, (closing) => (failed ?? closing ? reject(failed ?? closing) : resolve())));
  });
}

/** At most this many flushes at once: each holds a file descriptor, and libuv has four threads for them. */
const FLUSHES_IN_FLIGHT = 16;

/** Flushes in flight: `add` waits for a free place; the first failure is thrown by `add` or `all`. */
class Flushes {
  private readonly running = new Set<Promise<void>>();
  private failure: { cause: unknown } | undefined;

  async add(flush: Promise<void>): Promise<void> {
    const tracked: Promise<void> = flush.then(
      () => void this.running.delete(tracked),
      (cause: unknown) => {
        this.running.delete(tracked);
        this.failure ??= { cause };
      },
    );
    this.running.add(tracked);
    if (this.running.size >= FLUSHES_IN_FLIGHT) await Promise.race(this.running);
    if (this.failure) throw this.failure.cause;
  }

  async all(): Promise<void> {
    await this.settled();
    if (this.failure) throw this.failure.cause;
  }

  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
