import { readFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILE } from "../model/constants.js";
import type { Site } from "../model/site.js";
import { error } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { loadConfig } from "./memo.js";

/** The configuration stage: the checked site, the name messages give its file, and the folders it names. */
export interface Config {
  site: Site;
  configFile: string;
  folders: { posts: string; out: string; cache: string; static: string };
  /** The memo of this check, for the build to write beside its cache (src/config/memo.ts). */
  memo?: { file: string; text: string };
}

export interface ConfigRequest {
  configPath: string;
  /** Override the configuration's postsDir / outDir; relative to cwd. */
  postsDir?: string;
  outDir?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  useMemo: boolean;
}

/** Why the configuration file cannot be read, and what to do (the file is named by the message's place). */
function configUnreadable(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `cannot be read: there is no such file (ENOENT); create it (see README, Configuration), or pass --config with the path of yours (default: ${CONFIG_FILE})`;
  if (code === "EISDIR") return "cannot be read: it is a folder (EISDIR); pass --config with the configuration file inside it";
  if (code === "EACCES" || code === "EPERM") return `cannot be read: permission denied (${code}); make it readable by the user running the build`;
  return `cannot be read (${code ?? String(cause)})`;
}

/** Reads and checks the configuration file; folders in it are relative to the file's own folder. */
export async function readConfig(request: ConfigRequest, display: (absolute: string) => string): Promise<Staged<Config | undefined>> {
  const configPath = path.resolve(request.cwd, request.configPath);
  const configFile = display(configPath);
  let text: string;
  try {
    text = await readFile(configPath, "utf8");
  } catch (cause) {
    return { value: undefined, diagnostics: [error(configFile, configUnreadable(cause))] };
  }
  const root = path.dirname(configPath);
  const checked = await loadConfig(text, configFile, request.env, root, request.useMemo);
  const site = checked.site;
  if (!site) return { value: undefined, diagnostics: checked.diagnostics };
  const folders = {
    posts: request.postsDir ? path.resolve(request.cwd, request.postsDir) : path.resolve(root, site.postsDir),
    out: request.outDir ? path.resolve(request.cwd, request.outDir) : path.resolve(root, site.outDir),
    cache: path.resolve(root, site.cacheDir),
    static: path.resolve(root, site.staticDir),
  };
  return { value: { site, configFile, folders, memo: checked.memo }, diagnostics: checked.diagnostics };
}
