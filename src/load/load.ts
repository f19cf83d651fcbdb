import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { compareStrings, error, type Diagnostic } from "../common/diagnostics.js";
import type { FileStamp, PostFile, SourceFile } from "../model/post.js";
import type { Checked, Staged } from "../common/result.js";
import picomatch from "picomatch";

/**
 * The load stage: finds post files under the posts folder and reads their bytes. Only I/O here;
 * everything it finds wrong becomes a diagnostic, so the build can report all problems at once.
 *
 * - `*.md`, `*.markdown` and `*.mdx` are posts (an `.mdx` is read as Markdown, src/parse/body.ts); other files are skipped with a note (images and notes may
 *   live beside posts); files and folders starting with `.` are skipped silently.
 * - A symbolic link is followed only when its target lies inside the posts folder; one pointing
 *   outside is refused, so a post cannot pull in a file from elsewhere on the build machine.
 * - Section and landing pages (`_index.md` anywhere, `index.md` directly in the posts folder) and
 *   whatever the `exclude` globs match (paths below the posts folder, picomatch syntax; a folder
 *   matched is skipped whole) are not posts: skipped with a note.
 */
export const POST_EXTENSIONS = [".md", ".markdown", ".mdx"];
/** Larger files are refused rather than read into memory. */
export const MAX_POST_BYTES = 64 * 1024 * 1024;

/**
 * The post files, sorted by absolute path. `display` turns an absolute path into the one shown in
 * messages (relative to the working directory). The walk uses the synchronous calls: a build has
 * nothing to do meanwhile, and they are much faster than the promise-based ones.
 */
export async function findPostFiles(postsDir: string, display: (absolute: string) => string, exclude: readonly string[] = []): Promise<Staged<PostFile[]>> {
  const diagnostics: Diagnostic[] = [];
  const hasExcludes = exclude.length > 0;
  const excluded = hasExcludes ? picomatch([...exclude], { dot: false }) : () => false;
  const base = path.resolve(postsDir);
  const below = (full: string) => full.slice(base.length + 1).split(path.sep).join("/");
  const skip = (full: string, why: string) => diagnostics.push({ severity: "note", file: display(full), message: why });
  const files: string[] = [];
  let root: string;
  try {
    root = realpathSync(postsDir);
  } catch {
    return { value: [], diagnostics: [error(display(postsDir), "the posts folder does not exist; create it or set postsDir in the configuration (or --posts)")] };
  }
  const pending = [path.resolve(postsDir)];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (cause) {
      diagnostics.push(error(display(dir), cannotRead(cause, "folder")));
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      // `dir` is absolute and normalized (the resolved posts folder, then names added to it), and a
      // name holds no separator: plain concatenation is path.join, without its cost on 100,000 files.
      const full = dir + path.sep + entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch (cause) {
          const loop = (cause as NodeJS.ErrnoException).code === "ELOOP";
          diagnostics.push(error(display(full), loop ? "is a symbolic link in a loop (following it leads back to a link already followed); remove it, or point it at a file" : "is a symbolic link whose target does not exist; remove it"));
          continue;
        }
        if (target !== root && !target.startsWith(root + path.sep)) {
          diagnostics.push(error(display(full), `is a symbolic link to ${target}, outside the posts folder; links may only point inside it: copy the file into the posts folder instead`));
          continue;
        }
        const info = statSync(target);
        isDir = info.isDirectory();
        isFile = info.isFile();
        // A link to a folder inside the tree would list its posts twice (or loop): follow file links only.
        if (isDir) {
          diagnostics.push({ severity: "note", file: display(full), message: "is a symbolic link to a folder inside the posts folder; skipped (its posts are read there)" });
          continue;
        }
      }
      // The path below the posts folder only for the exclude globs: made for every one of a million files, it was a tenth of the walk.
      const relative = hasExcludes ? below(full) : "";
      if (hasExcludes && (excluded(relative) || (isDir && excluded(`${relative}/`)))) skip(full, `is excluded by the configuration's exclude globs; skipped`);
      else if (isDir) pending.push(full);
      else if (isFile && POST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        if (isSectionName(entry.name, dir === base)) skip(full, "is a section or landing page (_index.md, or index.md at the top of the posts folder), not a post; skipped");
        else files.push(full);
      } else if (isFile) diagnostics.push({ severity: "note", file: display(full), message: "is not a post (only .md, .markdown and .mdx files are); skipped" });
    }
  }
  files.sort(compareStrings);
  return { value: files.map((file) => ({ path: file, file: display(file) })), diagnostics };
}

/**
 * Reads one post file: its bytes and its stamp with one open, one fstat and one read (a file over
 * the size bound is refused before it is read). Synchronous: it runs inside the scan, on the main
 * thread or a worker, where nothing else waits.
 *
 * With a `scratch` buffer, a file that fits is read into it instead of into a new allocation (a
 * scan reads every file and keeps none of their bytes): the returned bytes are then valid only
 * until the next read into the same buffer.
 */
export function readPostFile(absolute: string, file: string, scratch?: Buffer): Checked<{ source: SourceFile; stamp: FileStamp }> {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, "r");
    const info = fstatSync(fd);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (info.size > MAX_POST_BYTES) return { ok: false, why: error(file, tooLarge(info.size)) };
    const bytes = scratch && info.size <= scratch.length ? scratch : Buffer.allocUnsafe(info.size);
    let filled = 0;
    while (filled < info.size) {
      const n = readSync(fd, bytes, filled, info.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return {
      ok: true,
      value: {
        source: { file, bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) },
        stamp: { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, dev: info.dev },
      },
    };
  } catch (cause) {
    return { ok: false, why: error(file, cannotRead(cause)) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Why a post or folder could not be read, and what to do: the same words wherever it is read. */
export function cannotRead(cause: unknown, what: "file" | "folder" = "file"): string {
  const code = (cause as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `cannot be read (permission denied, ${code}); make the ${what} readable by the user running the build, e.g. chmod a+r${what === "folder" ? "x" : ""}`;
    case "ENOENT":
      return `cannot be read (${code}: it was removed or renamed while the build ran); run the build again`;
    case "EISDIR":
      return `cannot be read (${code}: it is a folder); rename it so it does not end in .md`;
    default:
      return `cannot be read (${code ?? String(cause)}); check that the ${what} exists and is readable`;
  }
}

export function tooLarge(size: number): string {
  return `is ${size} bytes; posts are limited to ${MAX_POST_BYTES} bytes (${MAX_POST_BYTES / 1024 / 1024} MB): split it, or keep media files out of the posts folder`;
}

/** Section and landing pages of Hugo and other generators: never posts. */
export function isSectionPage(sourcePath: string): boolean {
  const parts = sourcePath.split("/");
  return isSectionName(parts[parts.length - 1]!, parts.length === 1);
}

/** A file name (with its extension) that isSectionPage refuses, in the posts folder itself (`atTop`) or below. */
function isSectionName(fileName: string, atTop: boolean): boolean {
  if (!fileName.startsWith("_index") && !fileName.startsWith("index")) return false;
  const name = fileName.replace(/\.[^.]*$/, "");
  return name === "_index" || (name === "index" && atTop);
}
