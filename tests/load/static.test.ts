/**
 * readStaticSizes: the facts the static-file check needs, read once per folder and file, never
 * outside the static folder (links that lead out, through the file or a folder, are refused).
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStaticSizes } from "../../src/load/static.js";
import { tempDir } from "../helpers/build.js";

describe("readStaticSizes", () => {
  it("sizes of files, through links that stay inside; why each other path has none", async () => {
    const root = await tempDir("feedwright-static-");
    const dir = path.join(root, "static");
    const outside = path.join(root, "outside");
    await mkdir(path.join(dir, "media", "sub"), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(dir, "media", "a.mp3"), Buffer.alloc(3));
    await writeFile(path.join(dir, "top.mp3"), Buffer.alloc(5));
    await writeFile(path.join(outside, "secret.mp3"), Buffer.alloc(7));
    await symlink("a.mp3", path.join(dir, "media", "link.mp3"));
    await symlink(path.join(dir, "media"), path.join(dir, "alias"));
    await symlink(path.join(outside, "secret.mp3"), path.join(dir, "media", "out.mp3"));
    await symlink(outside, path.join(dir, "elsewhere"));
    const sizes = await readStaticSizes(dir, [
      "media/a.mp3",
      "top.mp3",
      "media/link.mp3",
      "alias/a.mp3",
      "media/out.mp3",
      "elsewhere/secret.mp3",
      "media/missing.mp3",
      "nofolder/x.mp3",
      "media/sub",
      "media/../top.mp3",
    ]);
    expect(Object.fromEntries(sizes)).toEqual({
      "media/a.mp3": { ok: true, value: 3 },
      "top.mp3": { ok: true, value: 5 },
      "media/link.mp3": { ok: true, value: 3 },
      "alias/a.mp3": { ok: true, value: 3 },
      "media/out.mp3": { ok: false, why: "it is a link to a file outside the static folder" },
      "elsewhere/secret.mp3": { ok: false, why: "it is a link to a file outside the static folder" },
      "media/missing.mp3": { ok: false, why: "it does not exist" },
      "nofolder/x.mp3": { ok: false, why: "it does not exist" },
      "media/sub": { ok: false, why: "it is not a file" },
      "media/../top.mp3": { ok: false, why: "it is not a file path" },
    });
  });

  it("without a static folder every path says so; with nothing to ask nothing is read", async () => {
    const missing = path.join(await tempDir(), "none");
    expect(Object.fromEntries(await readStaticSizes(missing, ["a.mp3"]))).toEqual({ "a.mp3": { ok: false, why: "the static folder does not exist" } });
    expect((await readStaticSizes(missing, [])).size).toBe(0);
  });
});
