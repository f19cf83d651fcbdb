/**
 * The write stage: a build that fails midway leaves every earlier file whole (old or new, never
 * half), a clean failure leaves no temporary file, an unchanged file keeps its mtime, and nothing
 * is written outside the output folder.
 */
import { spawn } from "node:child_process";
import { readFile, readdir, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveInside, writeOutputs, type OutputFile } from "../../src/write/write.js";
import { REPO, tempDir } from "../helpers/build.js";

const NAMES = ["rss.xml", "atom.xml", "feed.json"];
const OLD = NAMES.map((name) => ({ name, content: `old ${name} `.repeat(2000) }));
const NEW = NAMES.map((name) => ({ name, content: `new ${name} – ü `.repeat(3000) }));
const PAST = new Date("2020-01-01T00:00:00Z");

/** An output folder holding the old files, their mtimes set in the past. */
async function published(): Promise<string> {
  const dir = path.join(await tempDir("feedwright-write-"), "public");
  await writeOutputs(dir, OLD);
  await Promise.all(NAMES.map((name) => utimes(path.join(dir, name), PAST, PAST)));
  return dir;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), "utf8")] as const)));
}

/**
 * Runs tests/write/kill-driver.ts, which writes `outputs` into `dir` and stops before renaming
 * `stopAt`; kills it there with SIGKILL, and returns once it is dead.
 */
async function killDriverBefore(dir: string, outputs: readonly { name: string; content: string }[], stopAt: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/write/kill-driver.ts", dir, stopAt], { cwd: REPO, stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(outputs));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => (chunk.toString().includes("ready") ? resolve() : reject(new Error(`driver: ${chunk}`))));
    child.on("exit", (code) => reject(new Error(`driver exited (${code}) before it was killed`)));
  });
  const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

const asFiles = (outputs: { name: string; content: string }[]) => Object.fromEntries(outputs.map((o) => [o.name, o.content]));

describe("a failed write", () => {
  it("an injected error writing one temporary file: every old file is byte-identical, no temporary file is left", async () => {
    const dir = await published();
    const failing = writeOutputs(dir, NEW, {
      writeFile: async (file, data) => {
        if (path.basename(file).startsWith(".atom.xml.")) throw new Error("disk full (injected)");
        await writeFile(file, data);
      },
    });
    await expect(failing).rejects.toThrow("disk full (injected)");
    expect(await contents(dir)).toEqual(asFiles(OLD));
    for (const name of NAMES) expect((await stat(path.join(dir, name))).mtime).toEqual(PAST);
  });

  it("an error between two renames: each file is old or new and whole, no temporary file is left", async () => {
    const dir = await published();
    let renames = 0;
    const failing = writeOutputs(dir, NEW, {
      beforeRename: () => {
        if (++renames === 2) throw new Error("stopped between renames (injected)");
      },
    });
    await expect(failing).rejects.toThrow("injected");
    expect(await contents(dir)).toEqual({ ...asFiles(OLD), [NEW[0]!.name]: NEW[0]!.content });
  });

  it("a process killed (SIGKILL) between two renames: the renamed file is new, the others old, all whole", async () => {
    const dir = await published();
    await killDriverBefore(dir, NEW, "feed.json");
    const files = await contents(dir);
    // rss.xml and atom.xml were renamed before the kill, feed.json not; a killed process cannot
    // clean up, so its one temporary file (whole, never a target) may remain beside them.
    const targets = Object.fromEntries(Object.entries(files).filter(([name]) => NAMES.includes(name)));
    expect(targets).toEqual({ "rss.xml": NEW[0]!.content, "atom.xml": NEW[1]!.content, "feed.json": OLD[2]!.content });
    const leftovers = Object.keys(files).filter((name) => !NAMES.includes(name));
    for (const name of leftovers) expect(name).toMatch(/^\.feed\.json\.\d+(-\d+)?\.[0-9a-f]+\.tmp$/);
  });
});

describe("a site of pages", () => {
  // More pages than flushes in flight (src/write/write.ts), half of them in folders this write creates.
  const OLD_PAGES = Array.from({ length: 40 }, (_, i) => ({ name: `posts/p${i}/index.html`, content: `<p>old page ${i}</p>\n`.repeat(50) }));
  const NEW_PAGES = [
    ...OLD_PAGES.map((page, i) => ({ name: page.name, content: `<p>new page ${i} – ü</p>\n`.repeat(80) })),
    ...Array.from({ length: 40 }, (_, i) => ({ name: `posts/n${i}/index.html`, content: `<p>a new post's page ${i}</p>\n`.repeat(60) })),
  ];

  async function tree(dir: string): Promise<Record<string, string>> {
    const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const files = names.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
    return Object.fromEntries(await Promise.all(files.sort().map(async (name) => [name, await readFile(path.join(dir, name), "utf8")] as const)));
  }

  it("written whole, each at its path, in folders created as needed; no temporary file is left", async () => {
    const dir = path.join(await tempDir("feedwright-write-"), "public");
    await writeOutputs(dir, OLD_PAGES);
    const result = await writeOutputs(dir, NEW_PAGES);
    expect(result.written).toEqual(NEW_PAGES.map((page) => page.name));
    expect(await tree(dir)).toEqual(asFiles(NEW_PAGES));
  });

  it("a process killed (SIGKILL) between two renames: pages renamed before are new, the others old or absent, every one whole", async () => {
    const dir = path.join(await tempDir("feedwright-write-"), "public");
    await writeOutputs(dir, [...OLD_PAGES, ...OLD]);
    const outputs = [...NEW_PAGES, ...NEW];
    const stop = 60; // posts/n20/index.html: the 40 old pages and 20 new ones are renamed, the rest not
    await killDriverBefore(dir, outputs, outputs[stop]!.name);
    const files = await tree(dir);
    const temps = Object.keys(files).filter((name) => name.endsWith(".tmp"));
    const targets = Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith(".tmp")));
    expect(targets).toEqual({ ...asFiles(outputs.slice(0, stop)), ...asFiles(OLD) });
    // The temporary files not yet renamed are all there, each whole: every one was written and flushed before the first rename.
    expect(temps).toHaveLength(outputs.length - stop);
    for (const [index, output] of outputs.slice(stop).entries()) {
      const temp = temps.find((name) => path.posix.dirname(name) === path.posix.dirname(output.name) && path.posix.basename(name).startsWith(`.${path.posix.basename(output.name)}.`));
      expect(temp, `temporary file of ${output.name} (${index})`).toBeDefined();
      expect(files[temp!]).toBe(output.content);
    }
  });
});

describe("unchanged output", () => {
  it("a file with the same bytes is not rewritten: its mtime stays, and it is reported unchanged", async () => {
    const dir = await published();
    const mixed = [OLD[0]!, NEW[1]!, OLD[2]!];
    const result = await writeOutputs(dir, mixed);
    expect(result).toEqual({ written: ["atom.xml"], unchanged: ["rss.xml", "feed.json"] });
    expect((await stat(path.join(dir, "rss.xml"))).mtime).toEqual(PAST);
    expect((await stat(path.join(dir, "feed.json"))).mtime).toEqual(PAST);
    expect((await stat(path.join(dir, "atom.xml"))).mtime).not.toEqual(PAST);
    expect(await writeOutputs(dir, mixed)).toEqual({ written: [], unchanged: NAMES });
    expect(await contents(dir)).toEqual(asFiles(mixed));
  });

  it("a file of the same size but other bytes is rewritten", async () => {
    const dir = await published();
    const sameSize = { name: "rss.xml", content: OLD[0]!.content.replace("old", "OLD") };
    expect((await writeOutputs(dir, [sameSize])).written).toEqual(["rss.xml"]);
    expect(await readFile(path.join(dir, "rss.xml"), "utf8")).toBe(sameSize.content);
  });

  it("files larger than one comparison chunk: a difference in the last byte is found, equal files stay untouched", async () => {
    const dir = await published();
    const big = "ä".repeat(1_500_000) + "x"; // 3 MB: compared in several 1 MB chunks
    await writeOutputs(dir, [{ name: "feed.json", content: big }]);
    await utimes(path.join(dir, "feed.json"), PAST, PAST);
    expect(await writeOutputs(dir, [{ name: "feed.json", content: big }])).toEqual({ written: [], unchanged: ["feed.json"] });
    expect((await stat(path.join(dir, "feed.json"))).mtime).toEqual(PAST);
    const lastByteChanged = big.slice(0, -1) + "y";
    expect((await writeOutputs(dir, [{ name: "feed.json", content: lastByteChanged }])).written).toEqual(["feed.json"]);
    expect(await readFile(path.join(dir, "feed.json"), "utf8")).toBe(lastByteChanged);
  });
});

/** A text cut into pieces of about `size` UTF-16 units, never inside a surrogate pair (pieces are whole texts). */
function piecesOf(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + size);
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? "")) end++;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}

describe("contents given as functions", () => {
  it("are produced one at a time, each after the previous file is written, and written like texts", async () => {
    const dir = await published();
    const events: string[] = [];
    const lazy: OutputFile[] = NEW.map((o) => ({
      name: o.name,
      content: () => {
        events.push(`produce ${o.name}`);
        return piecesOf(o.content, 997);
      },
    }));
    const result = await writeOutputs(dir, lazy, {
      writeFile: async (file, data) => {
        events.push(`write ${path.basename(file).split(".tmp")[0]!.replace(/\.\d+(-\d+)?\.[0-9a-f]+$/, "").slice(1)}`);
        await writeFile(file, data);
      },
    });
    expect(result.written).toEqual(NAMES);
    expect(events).toEqual(NAMES.flatMap((name) => [`produce ${name}`, `write ${name}`]));
    expect(await contents(dir)).toEqual(asFiles(NEW));
  });

  it("a content function that throws: nothing is renamed and no temporary file is left", async () => {
    const dir = await published();
    const failing: OutputFile[] = [NEW[0]!, { name: "atom.xml", content: () => { throw new Error("serializer failed (injected)"); } }, NEW[2]!];
    await expect(writeOutputs(dir, failing)).rejects.toThrow("serializer failed");
    expect(await contents(dir)).toEqual(asFiles(OLD));
  });

  it("pieces of every size, files growing and shrinking: each file holds exactly its own bytes", async () => {
    const dir = path.join(await tempDir("feedwright-write-"), "public");
    const texts = ["klein ü", "größer – “quoted” 😀 ".repeat(50_000), "mittel € ".repeat(1_000), "x".repeat(2_000_000) + "ß"];
    // Texts and ready bytes mixed, as the XML writers give them (contents come as bytes).
    const outputs: OutputFile[] = texts.map((text, i) => ({
      name: `f${i}.txt`,
      content: () => [...piecesOf(text, 1 + ((i * 7919) % 65_536)).map((piece, k) => (k % 3 === 1 ? Buffer.from(piece, "utf8") : piece)), "", Buffer.from("Ende")],
    }));
    await writeOutputs(dir, outputs);
    for (const [i, text] of texts.entries()) expect(await readFile(path.join(dir, `f${i}.txt`), "utf8")).toBe(`${text}Ende`);
  });

  it("pieces larger than the 1 MB encoding chunks: a 4-byte character across a chunk boundary, bytes spanning chunks", async () => {
    const dir = path.join(await tempDir("feedwright-write-"), "public");
    const emoji = "a" + "😀".repeat(300_000); // 1,200,001 bytes: a boundary falls inside a character
    const bytes = Buffer.from("ü".repeat(1_300_000)); // 2.6 MB in one piece
    await writeOutputs(dir, [
      { name: "emoji.txt", content: () => [emoji, "!"] },
      { name: "bytes.txt", content: () => ["x", bytes, "y"] },
    ]);
    expect(await readFile(path.join(dir, "emoji.txt"), "utf8")).toBe(`${emoji}!`);
    // Buffer.equals: toEqual walks a Buffer byte by byte, seconds for 2.6 MB.
    expect((await readFile(path.join(dir, "bytes.txt"))).equals(Buffer.concat([Buffer.from("x"), bytes, Buffer.from("y")]))).toBe(true);
    // And unchanged on a second build, though compared chunk by chunk.
    expect((await writeOutputs(dir, [{ name: "emoji.txt", content: () => [emoji.slice(0, 500_001), emoji.slice(500_001), "!"] }])).unchanged).toEqual(["emoji.txt"]);
  });

  it("bytes of 1 MB or more are one of the file's chunks as they are, not copied; compared and written the same", async () => {
    const dir = path.join(await tempDir("feedwright-write-"), "public");
    const bytes = Buffer.from("ü".repeat(1_300_000));
    const seen: (readonly Uint8Array[])[] = [];
    const content = () => ["x", bytes, "y"];
    await writeOutputs(dir, [{ name: "bytes.txt", content, check: (data) => (seen.push(data), []) }]);
    expect(seen[0]!.some((chunk) => chunk === bytes)).toBe(true);
    expect((await readFile(path.join(dir, "bytes.txt"))).equals(Buffer.concat([Buffer.from("x"), bytes, Buffer.from("y")]))).toBe(true);
    expect((await writeOutputs(dir, [{ name: "bytes.txt", content }])).unchanged).toEqual(["bytes.txt"]);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = 0x20;
    expect((await writeOutputs(dir, [{ name: "bytes.txt", content: () => ["x", changed, "y"] }])).written).toEqual(["bytes.txt"]);
    expect((await readFile(path.join(dir, "bytes.txt"))).equals(Buffer.concat([Buffer.from("x"), changed, Buffer.from("y")]))).toBe(true);
  });
});

describe("only inside the output folder", () => {
  it("refuses names that would leave it, before writing anything", async () => {
    const dir = await published();
    for (const name of ["../escape.xml", "sub/../../x", "sub//x", "sub/", "..", ".", "/etc/x", "a\\b"]) {
      expect(() => resolveInside(dir, name), name).toThrow("plain names");
      await expect(writeOutputs(dir, [NEW[0]!, { name, content: "x" }]), name).rejects.toThrow("plain names");
    }
    expect(await contents(dir)).toEqual(asFiles(OLD));
    expect(await readdir(path.dirname(dir))).toEqual(["public"]);
  });

  it("creates the output folder when it is missing", async () => {
    const dir = path.join(await tempDir(), "deep", "public");
    await writeOutputs(dir, NEW);
    expect(await contents(dir)).toEqual(asFiles(NEW));
  });
});

describe("temporary files of a killed build", () => {
  it("are removed by the next build unless their writer is still running", async () => {
    const dir = await published();
    // A pid far above Linux's pid_max: no such process can be running.
    const stale = ".rss.xml.99999999.0123abcd.tmp";
    const live = `.atom.xml.${process.ppid}.89abcdef.tmp`;
    const foreign = ".other.txt.99999999.0123abcd.tmp";
    for (const name of [stale, live, foreign]) await writeFile(path.join(dir, name), "half a feed");
    await writeOutputs(dir, NEW);
    const left = await readdir(dir);
    expect(left).not.toContain(stale);
    expect(left).toContain(live);
    expect(left).toContain(foreign);
    expect(await contents(dir)).toMatchObject(asFiles(NEW));
  });
});
