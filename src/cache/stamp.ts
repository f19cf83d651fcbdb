import { statSync, type Stats } from "node:fs";
import type { FileStamp } from "../model/post.js";

/**
 * When a post's stamp proves that its bytes are the ones the cache knows, without reading them.
 *
 * The stamp is size, mtime, ctime and the file's identity (device and inode, of the link's target
 * for a symbolic link): a file swapped with another by `mv`, replaced by a link or by a copy (`cp
 * -a` keeps mtimes) is another inode. POSIX sets ctime on every write and every `touch -d`, but a
 * file system stores it only to its granularity (1 s on ext2/ext3 with small inodes, HFS+; 2 s on
 * FAT), so a write in the same tick as the scan that took the stamp leaves the stamp as it was.
 * As git does with "racily clean" index entries, a stamp is trusted only when the file's times are
 * safely older than the moment the stamp was taken (the cache's `stampedAt`, read from the clock
 * before the scan); any other post is read and hashed again. That costs one read of a file changed
 * within seconds of the build that cached it, once.
 */
export const RACY_MS = 3_000;

/** Where stamps come from: the file system and the real clock. Tests inject coarser ones (tests/cache/stamp.test.ts). */
export interface StampSource {
  /** Milliseconds since the epoch, on the clock the file system stamps with. */
  now(): number;
  /** The stamp of a file now (following links), or undefined if it cannot be stat'ed. */
  stat(absolute: string): FileStamp | undefined;
}

export function stampOf(info: Pick<Stats, "size" | "mtimeMs" | "ctimeMs" | "ino" | "dev">): FileStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, dev: info.dev };
}

export const fileSystemStamps: StampSource = {
  now: () => Date.now(),
  stat(absolute) {
    try {
      const info = statSync(absolute, { throwIfNoEntry: false });
      return info && stampOf(info);
    } catch {
      return undefined;
    }
  },
};

/**
 * The cached stamp (its five numbers, as the cache's columns and the outputs' record keep them: no
 * object made per post) still holds for the file, and was taken safely after the file's last change.
 */
export function stampHoldsAt(size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number, stampedAt: number, current: FileStamp | undefined): boolean {
  return (
    current !== undefined &&
    Math.max(mtimeMs, ctimeMs) < stampedAt - RACY_MS &&
    current.size === size &&
    current.mtimeMs === mtimeMs &&
    current.ctimeMs === ctimeMs &&
    current.ino === ino &&
    current.dev === dev
  );
}
