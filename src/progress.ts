import type { BuildProgress } from "./build.js";

/**
 * The build's progress on a terminal (issue 15, item 5): one line on stderr, redrawn in place
 * with `\r` and "erase to the end of the line", shown only once a build has run PROGRESS_DELAY_MS
 * (a quick build prints nothing of it), at most one redraw per REDRAW_MS, erased before the
 * report. The build tells its counts (RunOptions.onProgress); the drawing is the CLI's alone.
 */
export const PROGRESS_DELAY_MS = 1_000;
export const REDRAW_MS = 100;

/** What stderr is: process.stderr has both (columns changes when the window is resized). */
export interface Terminal {
  isTTY?: boolean;
  columns?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Set and not explicitly off, as CI services set it (GitHub Actions, GitLab, Travis: CI=true). */
const inCi = (env: Env) => env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";

/**
 * Progress only for a person at a terminal: stderr a TTY that understands cursor control (not
 * TERM=dumb), not --json (a caller reads the output), not in CI (a log keeps every redraw).
 */
export function showsProgress(terminal: Terminal | undefined, env: Env, json: boolean): boolean {
  return terminal?.isTTY === true && env.TERM !== "dumb" && !json && !inCi(env);
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything but "" (no-color.org). */
export function usesColour(terminal: Terminal | undefined, env: Env): boolean {
  return terminal?.isTTY === true && env.TERM !== "dumb" && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

export function progressText(p: BuildProgress): string {
  return `feedwright: posts read ${p.read}/${p.posts}, items rendered ${p.rendered}${p.toRender > 0 ? `/${p.toRender}` : ""}, files written ${p.written}`;
}

const ERASE_LINE = "\r\x1b[K";
// SGR "faint" and its reset: the line is a passing status, not part of the report.
const DIM = "\x1b[2m";
const PLAIN = "\x1b[22m";

export interface ProgressLine {
  update(progress: BuildProgress): void;
  /** Erases the line if anything was drawn; call before the report. */
  clear(): void;
}

/**
 * `now`: milliseconds on a monotonic clock (tests pass a fake one, so nothing sleeps); the delay
 * is counted from this call.
 */
export function progressLine(write: (text: string) => void, terminal: Terminal, options: { colour: boolean; now: () => number; delayMs?: number }): ProgressLine {
  const start = options.now();
  const delay = options.delayMs ?? PROGRESS_DELAY_MS;
  let drawnAt: number | undefined;
  return {
    update(progress) {
      const now = options.now();
      if (now - start < delay || (drawnAt !== undefined && now - drawnAt < REDRAW_MS)) return;
      drawnAt = now;
      // One column short of the width: a line that fills it wraps on some terminals, and `\r` then redraws only its second half.
      // A terminal that tells no width (0, as a pty without a window size) is taken as 80 wide.
      const text = progressText(progress).slice(0, Math.max(10, (terminal.columns || 80) - 1));
      write(`\r${options.colour ? `${DIM}${text}${PLAIN}` : text}\x1b[K`);
    },
    clear() {
      if (drawnAt !== undefined) write(ERASE_LINE);
      drawnAt = undefined;
    },
  };
}
