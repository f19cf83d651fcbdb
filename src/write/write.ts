import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * The write stage. Every file is first written in full to a temporary file beside its target,
 * flushed, and only then renamed over it: a reader (or the deploy step) sees the old file or the
 * new one, never half of one, even if the build is killed. All temporary files are written before
 * the first rename, so a failed write changes nothing. A file whose bytes are unchanged is not
 * touched at all (its mtime stays), so the workflow can tell that nothing changed.
 *
 * Files are handled one after the other, and a content given as a function is produced only when
 * its turn comes, as pieces of text that are encoded one by one into a single reused buffer: with
 * feeds of all items (60 MB each) no feed ever exists as one string, and only one as bytes.
 */
export interface OutputFile {
  /** A plain file name inside the output folder. */
  name: string;
  /** The text, or a function giving it in pieces: texts (each whole: no surrogate pair split between two) or UTF-8 bytes. */
  content: string | (() => readonly (string | Uint8Array)[]);
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
}

/** Test seam: lets tests inject a failure at a chosen point. */
export interface WriteHooks {
  beforeRename?: (target: string) => Promise<void> | void;
  writeFile?: (file: string, data: Buffer) => Promise<void>;
}

export function resolveInside(outDir: string, name: string): string {
  const root = path.resolve(outDir);
  const target = path.resolve(root, name);
  if (path.dirname(target) !== root || name.includes("/") || name.includes("\\") || name === "." || name === "..") {
    throw new Error(`refusing to write '${name}': output files must be plain names inside ${root}`);
  }
  return target;
}

export async function writeOutputs(outDir: string, outputs: readonly OutputFile[], hooks: WriteHooks = {}): Promise<WriteResult> {
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir, outputs.map((o) => o.name));
  const pending: { temp: string; target: string; name: string }[] = [];
  const unchanged: string[] = [];
  const encoder = new ReusedEncoder();
  try {
    for (const output of outputs) {
      const target = resolveInside(outDir, output.name);
      const data = encoder.encode(typeof output.content === "string" ? [output.content] : output.content());
      if (await hasContent(target, data)) {
        unchanged.push(output.name);
        continue;
      }
      const temp = path.join(path.dirname(target), `.${output.name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      pending.push({ temp, target, name: output.name });
      await (hooks.writeFile ?? writeDurably)(temp, data);
    }
  } catch (cause) {
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
  return { written: pending.map((p) => p.name), unchanged };
}

/**
 * UTF-8 bytes of text pieces, in one buffer reused from file to file (grown when a file needs
 * more): the bytes of one file are valid until the next `encode`.
 */
class ReusedEncoder {
  private buffer = Buffer.alloc(0);

  encode(pieces: readonly (string | Uint8Array)[]): Buffer {
    // Room for the likely size up front (growing by copies would leave the old buffers to the
    // garbage collector): one byte per UTF-16 unit, plus an eighth for other letters and the next file.
    let length = 0;
    for (const piece of pieces) length += piece.length;
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.ceil(length * 1.125));
    let at = 0;
    for (const piece of pieces) {
      // A UTF-16 unit never takes more than 3 bytes; only near the end is the exact size needed.
      const most = typeof piece === "string" ? piece.length * 3 : piece.length;
      if (at + most > this.buffer.length) {
        const needed = at + (typeof piece === "string" ? Buffer.byteLength(piece, "utf8") : piece.length);
        if (needed > this.buffer.length) {
          const larger = Buffer.allocUnsafe(Math.max(needed, Math.ceil(this.buffer.length * 1.5), 64 * 1024));
          this.buffer.copy(larger, 0, 0, at);
          this.buffer = larger;
        }
      }
      if (typeof piece === "string") at += this.buffer.write(piece, at, "utf8");
      else {
        this.buffer.set(piece, at);
        at += piece.length;
      }
    }
    return this.buffer.subarray(0, at);
  }
}

/**
 * A build killed between writing a temporary file and renaming it leaves the temporary file
 * behind; it would be published with the folder. Ours are `.<name>.<pid>.<hex>.tmp`: removed here
 * unless the process that wrote it is still running.
 */
async function removeStaleTemps(outDir: string, names: readonly string[]): Promise<void> {
  const entries = await readdir(outDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const match = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry);
    if (!match || !names.includes(match[1]!) || isRunning(Number(match[2]))) continue;
    await unlink(path.join(outDir, entry)).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Equal bytes on disk already? Sizes first, then chunk by chunk, so a changed feed is rarely read in full. */
async function hasContent(file: string, data: Buffer): Promise<boolean> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return false;
  try {
    if ((await handle.stat()).size !== data.length) return false;
    const chunk = Buffer.allocUnsafe(Math.min(data.length, 1 << 20));
    for (let at = 0; at < data.length; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, data.length - at), at);
      if (bytesRead === 0 || !chunk.subarray(0, bytesRead).equals(data.subarray(at, at + bytesRead))) return false;
      at += bytesRead;
    }
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const handle = await open(file, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
