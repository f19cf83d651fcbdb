import { hash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { toolVersions } from "../common/version.js";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import { arrayOf, diagnostic, site } from "../model/shape.js";
import { DEFAULT_CACHE_DIR, SITE_URL_ENV } from "../model/constants.js";
import type { Site } from "../model/site.js";
import type { Checked } from "../common/result.js";

/**
 * The checked configuration, remembered in the cache folder, so that a build whose posts all come
 * from the cache need not load the schema library (zod, docs/performance.md). With the
 * same configuration text, the same FEEDWRIGHT_SITE_URL and the same versions (feedwright, Node,
 * the libraries), the check gives the same site, so it is taken from here. Anything else (no
 * memo, another key, an unreadable file) checks the configuration anew and hands back the memo to
 * write, which the build writes with its cache, after it succeeded (a failed build writes nothing).
 */
export const CONFIG_MEMO_FILE = "config.v1.json";

interface ConfigMemo {
  key: string;
  site: Site;
  diagnostics: Diagnostic[];
}

export interface CheckedConfig {
  site?: Site;
  diagnostics: Diagnostic[];
  /** Set when the check ran and its result can be remembered: the memo file and its text, for the caller to write. */
  memo?: { file: string; text: string };
}

/** `root` is the configuration file's folder; `useMemo` is false with --no-cache. */
export async function loadConfig(text: string, file: string, env: Readonly<Record<string, string | undefined>>, root: string, useMemo: boolean): Promise<CheckedConfig> {
  const memoFile = useMemo ? memoFileOf(text, root) : undefined;
  // Everything the check reads: the text, the one environment variable, the name in its messages.
  const key = hash("sha256", JSON.stringify([toolVersions(), text, env[SITE_URL_ENV] ?? null, file]), "hex");
  let unusable: Diagnostic[] = [];
  if (memoFile) {
    // Shown as the configuration file is: from the same folder.
    const memo = await readMemo(memoFile, key);
    if (memo?.ok) return { site: memo.value.site, diagnostics: memo.value.diagnostics };
    const shown = path.join(path.dirname(file), path.relative(root, memoFile));
    if (memo) unusable = [warning(shown, `is not a usable configuration memo (${memo.why}); the configuration is checked anew and the memo rewritten`)];
  }
  const { parseConfig } = await import("./parse.js");
  const checked = parseConfig(text, file, env);
  const site = checked.ok ? checked.value : undefined;
  const diagnostics = checked.ok ? [] : checked.why;
  // Only a configuration that names its cache folder where the memo was looked for.
  if (memoFile && site && path.resolve(root, site.cacheDir, CONFIG_MEMO_FILE) === memoFile) {
    return { site, diagnostics: [...unusable, ...diagnostics], memo: { file: memoFile, text: JSON.stringify({ key, site, diagnostics } satisfies ConfigMemo) } };
  }
  return { site, diagnostics: [...unusable, ...diagnostics] };
}

/** Where the memo of this configuration text lives: its cacheDir, read without the schema (a text that is no JSON object has none). */
function memoFileOf(text: string, root: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const cacheDir = (raw as { cacheDir?: unknown }).cacheDir ?? DEFAULT_CACHE_DIR;
  return typeof cacheDir === "string" ? path.resolve(root, cacheDir, CONFIG_MEMO_FILE) : undefined;
}

/**
 * The memo for `key`; undefined when there is none or it is another key's (not wrong, just not
 * ours); a problem when it is not what a build wrote: every field is checked, since a memo with
 * the right key and a site missing a field would fail the build at every run.
 */
async function readMemo(file: string, key: string): Promise<Checked<ConfigMemo, string> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  let memo: Partial<ConfigMemo>;
  try {
    memo = JSON.parse(text) as Partial<ConfigMemo>;
  } catch {
    return { ok: false, why: "not JSON" };
  }
  if (memo === null || typeof memo !== "object" || typeof memo.key !== "string") return { ok: false, why: "no key" };
  if (memo.key !== key) return undefined;
  const wrong = site(memo.site, "site") ?? arrayOf(diagnostic)(memo.diagnostics, "diagnostics");
  return wrong ? { ok: false, why: wrong } : { ok: true, value: memo as ConfigMemo };
}
