import { readFileSync } from "node:fs";
import { lstat, readdir, readFile, rmdir, unlink } from "node:fs/promises";
import path from "node:path";
import { error, warning, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { resolveInside, writeFeeds, writeOutputs, type OutputFile, type WriteHooks, type WriteResult } from "./write.js";

/**
 * Writes the whole output: the generated files (feeds, pages, stylesheets), a copy of the static
 * folder, and a manifest of what feedwright wrote. The manifest is how it knows what it may remove
 * (a page whose post became a draft or expired) and, beside another generator, what it may replace:
 * a file it did not write is never replaced nor removed. With `digests` each entry also carries
 * the SHA-256 of the file's bytes: published with the site, it tells the next build (which fetches
 * it, `--previous <URL>`) whether its output differs from what is online (sameOutput).
 */
export const MANIFEST = ".feedwright-manifest.json";

export interface SiteOutput extends OutputFile {
  /** Id of the post a page belongs to (see `keepPosts`). */
  post?: string;
}

export interface SiteWriteOptions {
  mode: "site" | "beside";
  /** Copied into the output (mode "site"); may be missing. */
  staticDir?: string;
  /** Ids of posts still live: a page written for one of them earlier stays even when this build wrote none (it is past `limit`). */
  keepPosts: ReadonlySet<string>;
  /** The output folder as messages show it. */
  shown: string;
  staticShown?: string;
  hooks?: WriteHooks;
  /** Record each file's SHA-256 in the manifest. */
  digests?: boolean;
}

/** What was written, unchanged and removed, and the manifest written; undefined (with the errors) when nothing was written. */
export type SiteWriteResult = Staged<(WriteResult & { removed: string[]; manifest: ManifestEntry[] }) | undefined>;

export interface ManifestEntry {
  name: string;
  post?: string;
  sha256?: string;
}

/** The entries of a manifest's text; undefined when it is not one. Pure. */
export function parseManifest(text: string): ManifestEntry[] | undefined {
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    if (!Array.isArray(files)) return undefined;
    return files.filter(
      (entry): entry is ManifestEntry =>
        typeof entry?.name === "string" && (entry.post === undefined || typeof entry.post === "string") && (entry.sha256 === undefined || typeof entry.sha256 === "string"),
    );
  } catch {
    return undefined;
  }
}

/** The same files with the same bytes (by their SHA-256): a manifest without digests is never the same. */
export function sameOutput(published: readonly ManifestEntry[], built: readonly ManifestEntry[]): boolean {
  if (published.length !== built.length) return false;
  const digests = new Map(published.map((entry) => [entry.name, entry.sha256]));
  return built.every((entry) => entry.sha256 !== undefined && digests.get(entry.name) === entry.sha256);
}

export async function writeSite(outDir: string, generated: readonly SiteOutput[], options: SiteWriteOptions): Promise<SiteWriteResult> {
  const diagnostics: Diagnostic[] = [];
  const manifestRead = await readManifest(outDir, options.shown);
  diagnostics.push(...manifestRead.diagnostics);
  const previous = manifestRead.value;
  const outputs: SiteOutput[] = [...generated];
  if (options.mode === "site" && options.staticDir !== undefined) {
    const names = new Set(generated.map((file) => file.name));
    const statics = await staticFiles(options.staticDir, options.staticShown ?? options.staticDir);
    diagnostics.push(...statics.diagnostics);
    for (const file of statics.value) {
      if (names.has(file.name)) {
        diagnostics.push(error(`${options.staticShown ?? options.staticDir}/${file.name}`, `feedwright writes ${file.name} itself (a page, feed or stylesheet); remove or rename this file`));
        continue;
      }
      outputs.push({ name: file.name, content: () => [readFileSync(file.path)] });
    }
  }
  if (options.mode === "beside") {
    // Another generator's folder: a file that is there and not ours is never replaced.
    const ours = new Set(previous.map((entry) => entry.name));
    for (const output of outputs) {
      if (ours.has(output.name)) continue;
      const info = await lstat(resolveInside(outDir, output.name)).catch(() => undefined);
      if (info) {
        diagnostics.push(error(`${options.shown}/${output.name}`, `exists and was not written by feedwright, which never replaces another generator's file; choose another name in files (a term feed: another pattern in termFeeds), or remove it`));
      }
    }
  }
  if (diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics };

  // A full disk or a read-only folder: an error naming the folder (writeFeeds), every file whole.
  const staged = await writeFeeds(outDir, outputs, options.hooks, options.shown, options.digests);
  diagnostics.push(...staged.diagnostics);
  const write = staged.value;
  if (!write) return { value: undefined, diagnostics };
  const written = new Set(outputs.map((output) => output.name));
  const kept = previous.filter((entry) => !written.has(entry.name) && entry.post !== undefined && options.keepPosts.has(entry.post));
  const removed: string[] = [];
  for (const entry of previous) {
    if (written.has(entry.name) || kept.includes(entry)) continue;
    if (await removeOurs(outDir, entry.name)) removed.push(entry.name);
  }
  const entryOf = (output: SiteOutput): ManifestEntry => {
    const sha256 = write.digests?.get(output.name);
    return { name: output.name, ...(output.post ? { post: output.post } : {}), ...(sha256 ? { sha256 } : {}) };
  };
  const manifest: ManifestEntry[] = [...outputs.map(entryOf), ...kept];
  manifest.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // One entry a line, so a person can read what feedwright owns in the output folder.
  const text = `{ "files": [\n${manifest.map((entry) => `  ${JSON.stringify(entry)}`).join(",\n")}\n] }\n`;
  await writeOutputs(outDir, [{ name: MANIFEST, content: text }], options.hooks).catch((cause: NodeJS.ErrnoException) => {
    diagnostics.push(warning(`${options.shown}/${MANIFEST}`, `could not be written (${cause.code ?? cause.message}); the next build cannot remove the pages this one wrote`));
  });
  return { value: { ...write, removed, manifest }, diagnostics };
}

async function readManifest(outDir: string, shown: string): Promise<Staged<ManifestEntry[]>> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST), "utf8");
  } catch {
    return { value: [], diagnostics: [] };
  }
  const entries = parseManifest(text);
  if (entries) return { value: entries, diagnostics: [] };
  return { value: [], diagnostics: [warning(`${shown}/${MANIFEST}`, "is not feedwright's list of the files it wrote; nothing it lists is removed this time, and the build writes it anew")] };
}

/** Removes a file feedwright wrote, then the folders that it leaves empty; false when it was already gone. */
async function removeOurs(outDir: string, name: string): Promise<boolean> {
  let target: string;
  try {
    target = resolveInside(outDir, name);
  } catch {
    return false;
  }
  try {
    await unlink(target);
  } catch {
    return false;
  }
  const root = path.resolve(outDir);
  for (let folder = path.dirname(target); folder !== root && folder.startsWith(root + path.sep); folder = path.dirname(folder)) {
    // rmdir removes only an empty folder: one holding anything else stays, and so do its parents.
    if (!(await rmdir(folder).then(() => true, () => false))) break;
  }
  return true;
}

/** Every regular file below the static folder, by its path there; links are skipped (they could lead outside). */
export async function staticFiles(staticDir: string, shown: string): Promise<Staged<{ name: string; path: string }[]>> {
  const found: { name: string; path: string }[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = prefix + entry.name;
      if (entry.isDirectory()) await walk(path.join(folder, entry.name), `${name}/`);
      else if (entry.isFile()) found.push({ name, path: path.join(folder, entry.name) });
      else diagnostics.push(warning(`${shown}/${name}`, "is not a regular file (a link?) and is not copied into the output"));
    }
  };
  await walk(staticDir, "");
  return { value: found, diagnostics };
}
