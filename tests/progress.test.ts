/**
 * The build's progress on a terminal (issue 15, item 5): the CLI's main driven with a fake stderr
 * terminal and a fake monotonic clock, so nothing sleeps. On a terminal a build that runs past the
 * delay draws one line, redrawn in place and erased before the report, which stays byte for byte
 * what it is without a terminal; without a terminal, with --json or in CI nothing of it is
 * written, and with NO_COLOR no colour.
 */
import { cp } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { progressLine, REDRAW_MS, type Terminal } from "../src/progress.js";
import { FIXTURES, tempDir } from "./helpers/build.js";

const NOW = "2024-04-11T10:00:00+02:00";
const FRAME = /\r(?:\x1b\[2m)?([^\r\x1b]*)(?:\x1b\[22m)?\x1b\[K/g;
const ERASE = "\r\x1b[K";
const SGR = /\x1b\[[0-9;]*m/;

/** One build of a fresh copy of the schedule fixture; the clock moves `step` ms at every reading. */
async function build(options: { terminal?: Terminal; env?: Record<string, string>; argv?: string[]; step?: number; delayMs?: number } = {}) {
  const cwd = await tempDir("feedwright-progress-");
  await cp(path.join(FIXTURES, "schedule"), cwd, { recursive: true });
  let stdout = "";
  let stderr = "";
  let t = 0;
  const code = await main({
    argv: ["--now", NOW, "--no-cache", "--threads", "1", ...(options.argv ?? [])],
    env: options.env ?? {},
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clock: () => new Date(NOW),
    terminal: options.terminal,
    ticks: () => (t += options.step ?? 400),
    progressDelayMs: options.delayMs ?? 1_000,
  });
  return { code, stdout, stderr };
}

const tty = { isTTY: true, columns: 120 };
const frames = (stderr: string) => [...stderr.matchAll(FRAME)].map((m) => m[1]!).filter((text) => text !== "");

describe("progress on a terminal", () => {
  it("a build past the delay draws its counts in place, erases them, and the report is unchanged", async () => {
    const plain = await build();
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("\r");
    const shown = await build({ terminal: tty });
    expect(shown.code).toBe(0);
    const drawn = frames(shown.stderr);
    expect(drawn.length).toBeGreaterThan(2);
    for (const text of drawn) expect(text).toMatch(/^feedwright: posts read \d+\/7, items rendered \d+(\/\d+)?, files written \d+$/);
    expect(drawn).toContain("feedwright: posts read 7/7, items rendered 0, files written 0");
    expect(drawn.at(-1)).toMatch(/^feedwright: posts read 7\/7, items rendered (\d+)\/\1, files written [1-9]\d*$/);
    // Faint on a terminal, erased before the report, which follows as without a terminal.
    expect(shown.stderr).toMatch(/^\r\x1b\[2mfeedwright: posts read/);
    const erased = shown.stderr.lastIndexOf(ERASE);
    expect(shown.stderr.slice(erased + ERASE.length)).toBe(plain.stderr);
    expect(shown.stderr.slice(0, erased).replace(FRAME, "")).toBe("");
    expect(shown.stdout).toBe(plain.stdout);
  });

  it("is cut to the terminal's width less one column", async () => {
    const shown = await build({ terminal: { isTTY: true, columns: 30 } });
    const drawn = frames(shown.stderr);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn).toEqual(drawn.map(() => "feedwright: posts read 7/7, i"));
  });

  it("a build quicker than the delay writes nothing of it", async () => {
    const plain = await build();
    const quick = await build({ terminal: tty, step: 1 });
    expect(quick.stderr).toBe(plain.stderr);
  });

  it("without a terminal, with --json, in CI or on TERM=dumb: not one byte of it", async () => {
    const plain = await build();
    const quiet: { terminal?: Terminal; env?: Record<string, string> }[] = [{ terminal: { isTTY: false, columns: 120 } }, {}, { terminal: tty, env: { CI: "true" } }, { terminal: tty, env: { TERM: "dumb" } }];
    for (const options of quiet) {
      const built = await build(options);
      expect(built.code).toBe(0);
      expect(built.stderr).toBe(plain.stderr);
    }
    const json = await build({ terminal: tty, argv: ["--json"] });
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true });
  });

  it("NO_COLOR (set to anything but empty): the same line, no colour", async () => {
    const plain = await build();
    const uncoloured = await build({ terminal: tty, env: { NO_COLOR: "1" } });
    expect(frames(uncoloured.stderr).length).toBeGreaterThan(2);
    expect(uncoloured.stderr).not.toMatch(SGR);
    expect(uncoloured.stderr).toMatch(/^\rfeedwright: posts read/);
    expect(uncoloured.stderr.slice(uncoloured.stderr.lastIndexOf(ERASE) + ERASE.length)).toBe(plain.stderr);
    // An empty NO_COLOR is unset (no-color.org).
    expect((await build({ terminal: tty, env: { NO_COLOR: "" } })).stderr).toMatch(SGR);
    // Nothing else the CLI writes is coloured.
    expect(plain.stderr).not.toMatch(SGR);
  });
});

describe("the progress line's timing", () => {
  it("nothing before the delay, at most one redraw per REDRAW_MS, erased once", () => {
    let t = 0;
    let out = "";
    const line = progressLine((text) => (out += text), { isTTY: true, columns: 80 }, { colour: false, now: () => t, delayMs: 1_000 });
    const counts = (read: number) => ({ posts: 10, read, toRender: 0, rendered: 0, written: 0 });
    for (t = 0; t < 1_000; t += 10) line.update(counts(1));
    expect(out).toBe("");
    for (let read = 0; t < 1_000 + 3 * REDRAW_MS; t += 10) line.update(counts(read++));
    // Drawn at 1000, 1100 and 1200 ms: three frames in 300 ms of updates every 10 ms.
    expect(frames(out)).toEqual(["feedwright: posts read 0/10, items rendered 0, files written 0", "feedwright: posts read 10/10, items rendered 0, files written 0", "feedwright: posts read 20/10, items rendered 0, files written 0"]);
    line.clear();
    expect(out.endsWith(ERASE)).toBe(true);
    const before = out;
    line.clear();
    expect(out).toBe(before);
  });
});
