import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * The write stage. Every file is first written in full to a temporary file beside its target,
 * flushed, and only then renamed over it: a reader (or the deploy step) sees the old file or the
 * new one, never half of one, even if the build is killed. All temporary files are written before
 * the first rename, so a failed write changes nothing. A file whose bytes are unchanged is not
 * touched at all (its mtime stays), so the workflow can tell that nothing changed.
 */
export interface OutputFile {
  /** A plain file name inside the output folder. */
  name: string;
  content: string;
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
  const pending: { temp: string; target: string; name: string }[] = [];
  const unchanged: string[] = [];
  try {
    for (const output of outputs) {
      const target = resolveInside(outDir, output.name);
      const data = Buffer.from(output.content, "utf8");
      const existing = await readFile(target).catch(() => undefined);
      if (existing && existing.equals(data)) {
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

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const handle = await open(file, "wx", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
