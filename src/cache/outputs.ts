import { createHash, type Hash } from "node:crypto";
import { textPieces } from "../common/pieces.js";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { FeedItem, FeedPlan } from "../model/feed.js";
import type { FileStamp } from "../model/post.js";
import { arrayOf, diagnostic } from "../model/shape.js";
import { MANIFEST, type ManifestEntry, type SiteWriteResult } from "../write/site.js";
import { replaceFile, resolveInside } from "../write/write.js";
import { stampHoldsAt, type StampSource } from "./stamp.js";
import { outputRecordOf } from "./cache.js";

/**
 * The outputs seam: what the last build wrote to the output folder, so that a build whose outputs
 * would be byte for byte those already there skips serializing, self-checking and comparing them.
 *
 * The bytes of every output are a function of the configuration and the code (the cache key), the
 * output folder, and the data handed to the writers: each feed's plan with its items, and with
 * pages every live post's item (src/render/site.ts). A SHA-256 of those (the fingerprint) is
 * recorded after every write, with the stamp (size, mtime, ctime, inode, device) of each file
 * written and of the manifest. A later build reuses the write only when
 * - its fingerprint is the recorded one: the same posts are live in the same order with the same
 *   items (the clock decides that before: a scheduled post whose date came changes it), the same
 *   static files (by their stamps) with pages;
 * - the files are those the manifest lists, so nothing would be removed or kept;
 * - every file and the manifest still have their recorded stamps, trusted as the cache trusts a
 *   post's (src/cache/stamp.ts): a file edited, replaced or removed by hand is written again.
 * The record sits in the cache folder beside its entry (evicted with it), and a build without the
 * cache (--no-cache) neither reads nor writes it. The warnings of the write it stands for are kept
 * with it, so a build that reuses it reports what that build did.
 */
export interface OutputSeam {
  /**
   * The write's result as the recorded build had it, when the outputs on disk are exactly those
   * this build would write; else undefined, with a warning when the record is not one this version wrote.
   */
  reuse(): Promise<{ reused?: SiteWriteResult; diagnostics: Diagnostic[] }>;
  /** After a successful write: records it for the next build (a record that cannot be written only costs the next build the skip). */
  record(written: NonNullable<SiteWriteResult["value"]>, diagnostics: readonly Diagnostic[]): Promise<void>;
}

/** What the outputs are made of (see OutputSeam). */
export interface OutputInputs {
  /** The cache key: configuration, code and library versions, working directory (src/cache/cache.ts). */
  key: string;
  outDir: string;
  /** The configuration file as the writers name it. */
  configFile: string;
  plans: readonly FeedPlan[];
  /** With pages, the lists of items the pages are made of (the home page's, every page's); empty without. */
  pageItems: readonly (readonly FeedItem[])[];
  /** Every file name the build writes, in its order. */
  names: readonly string[];
  /** With pages: the static folder's files copied into the output, by name, with their stamps. */
  statics: readonly { name: string; path: string }[];
}

const FORMAT = 1;
type StampRow = [name: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number];

interface OutputRecord {
  format: number;
  fingerprint: string;
  /** The clock before the stamps were taken (src/cache/stamp.ts): a stamp is trusted only when safely older. */
  stampedAt: number;
  /** Every output and the manifest, with their stamps. */
  files: StampRow[];
  manifest: ManifestEntry[];
  diagnostics: Diagnostic[];
}

const diagnostics = arrayOf(diagnostic);
const isStampRow = (row: unknown): row is StampRow => Array.isArray(row) && row.length === 6 && typeof row[0] === "string" && row.slice(1).every((n) => Number.isFinite(n));
const isManifestEntry = (entry: unknown): entry is ManifestEntry =>
  typeof entry === "object" && entry !== null && typeof (entry as ManifestEntry).name === "string" && ["undefined", "string"].includes(typeof (entry as ManifestEntry).post) && (entry as ManifestEntry).sha256 === undefined;

/**
 * An item's JSON into the digest, a long content a piece at a time: the item as one text was 81 MB
 * beside its 80 MB content for a 60 MB post, at the build's peak (docs/performance.md "One post of 60 MB").
 */
function digestItem(digest: Hash, item: FeedItem): void {
  if (item.contentHtml.length < 1 << 20) {
    digest.update(JSON.stringify(item));
    return;
  }
  digest.update(JSON.stringify({ ...item, contentHtml: item.contentHtml.length }));
  for (const piece of textPieces(item.contentHtml)) digest.update(piece);
}

function fingerprintOf(inputs: OutputInputs, stamps: StampSource): string | undefined {
  const digest = createHash("sha256");
  digest.update(JSON.stringify([FORMAT, inputs.key, path.resolve(inputs.outDir), inputs.configFile, inputs.names]));
  for (const plan of inputs.plans) {
    // The plan's functions (archive page names, messages' field names) follow from the configuration, in the key.
    const { key, term, meta, files, limits, archives } = plan;
    digest.update(JSON.stringify([key, term ?? null, meta, files, limits?.maxBytes ?? null, archives ? [archives.itemsPerPage, archives.limit] : null, plan.items.length]));
    for (const item of plan.items) digestItem(digest, item);
  }
  for (const list of inputs.pageItems) {
    digest.update(JSON.stringify(list.length));
    for (const item of list) digestItem(digest, item);
  }
  for (const file of inputs.statics) {
    const stamp = stamps.stat(file.path);
    // A static file that cannot be stat'ed is reported by the write: never reused.
    if (!stamp) return undefined;
    digest.update(JSON.stringify([file.name, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev]));
  }
  return digest.digest("hex");
}

/**
 * `cacheDir` and `key` undefined (--no-cache): nothing is reused nor recorded. `stamps`: where the
 * files' stamps and their clock come from (the cache's seam, src/cache/stamp.ts).
 */
export async function openOutputs(cacheDir: string, inputs: OutputInputs | undefined, stamps: StampSource, display: (absolute: string) => string): Promise<OutputSeam> {
  const none: OutputSeam = { reuse: async () => ({ diagnostics: [] }), record: async () => undefined };
  if (!inputs) return none;
  const file = path.join(cacheDir, outputRecordOf(inputs.key));
  const fingerprint = fingerprintOf(inputs, stamps);
  if (fingerprint === undefined) return none;
  let targets: (readonly [string, string])[];
  try {
    targets = [...inputs.names, MANIFEST].map((name) => [name, resolveInside(inputs.outDir, name)] as const);
  } catch {
    // A name the write refuses: it reports it (src/write/write.ts), nothing to reuse or record.
    return none;
  }

  const reuse: OutputSeam["reuse"] = async () => {
    const no = { diagnostics: [] };
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return no;
    }
    let record: OutputRecord;
    try {
      record = JSON.parse(text) as OutputRecord;
      if (record?.format !== FORMAT) return no;
      const wrong =
        typeof record.fingerprint !== "string" ? "no fingerprint" :
        typeof record.stampedAt !== "number" ? "no stampedAt" :
        !Array.isArray(record.files) || !record.files.every(isStampRow) ? "files are not stamps" :
        !Array.isArray(record.manifest) || !record.manifest.every(isManifestEntry) ? "manifest is not a list of files" :
        diagnostics(record.diagnostics, "diagnostics");
      if (wrong) throw new Error(wrong);
    } catch (cause) {
      return { diagnostics: [warning(display(file), `is not a usable record of the outputs (${(cause as Error).message}); the outputs are written as usual and it is rewritten. Delete it, or pass --no-cache`)] };
    }
    if (record.fingerprint !== fingerprint || record.files.length !== targets.length) return no;
    // The manifest lists exactly this build's files: the write would remove and keep nothing.
    const listed = new Set(record.manifest.map((entry) => entry.name));
    if (listed.size !== inputs.names.length || !inputs.names.every((name) => listed.has(name))) return no;
    const rows = new Map(record.files.map((row) => [row[0], row]));
    for (const [name, absolute] of targets) {
      const row = rows.get(name);
      if (!row) return no;
      const [, size, mtimeMs, ctimeMs, ino, dev] = row;
      if (!stampHoldsAt(size, mtimeMs, ctimeMs, ino, dev, record.stampedAt, stamps.stat(absolute))) return no;
    }
    return { reused: { value: { written: [], unchanged: [...inputs.names], removed: [], manifest: record.manifest }, diagnostics: record.diagnostics }, diagnostics: [] };
  };

  const record: OutputSeam["record"] = async (written, writeDiagnostics) => {
    // A build asked for digests (--previous <URL>) keeps them in the manifest: not a state this record restores.
    if (written.digests) return;
    const stampedAt = stamps.now();
    const files: StampRow[] = [];
    for (const [name, absolute] of targets) {
      const stamp: FileStamp | undefined = stamps.stat(absolute);
      if (!stamp) return;
      files.push([name, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev]);
    }
    const doc: OutputRecord = { format: FORMAT, fingerprint, stampedAt, files, manifest: written.manifest, diagnostics: [...writeDiagnostics] };
    await replaceFile(file, JSON.stringify(doc)).catch(() => undefined);
  };

  return { reuse, record };
}
