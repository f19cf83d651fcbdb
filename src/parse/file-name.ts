/**
 * What a post's place in the posts folder says about it, as Jekyll and Hugo read it: the name its
 * slug comes from (a page bundle `x/index.md` is named by its folder), the folders above it (the
 * `{path}` of postUrl), and a date in a Jekyll-style name (`2016-01-01-welcome.md`). Pure.
 */
export type SlugRule = "keep" | "jekyll" | "hugo";

export interface FileFacts {
  /** The path below the posts folder, `/`-separated (`news/0.91.2/index.md`). */
  sourcePath: string;
  /** Folders between the posts folder and the post (for a bundle: above its own folder). */
  folders: string[];
  /** The file name without extension, or a bundle's folder name; in NFC. */
  name: string;
  /** `YYYY-MM-DD` from a Jekyll-style name, when it has one. */
  nameDate?: string;
}

/** A shown path (relative to the working directory) below the shown posts folder, `/`-separated; the shown path itself when it is not below. */
export function sourcePathOf(file: string, postsFolder: string): string {
  const posix = (p: string) => p.replaceAll("\\", "/");
  const folder = posix(postsFolder).replace(/^\.\/|\/+$/g, "");
  const shown = posix(file);
  if (folder === "" || folder === ".") return shown;
  return shown.startsWith(`${folder}/`) ? shown.slice(folder.length + 1) : shown;
}

const DATED = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/;

export function fileFacts(sourcePath: string): FileFacts {
  const parts = sourcePath.split("/");
  const file = parts.pop()!;
  let name = file.replace(/\.[^.]*$/, "");
  // A page bundle (Hugo): the post is its folder's index.
  if (name === "index" && parts.length > 0) name = parts.pop()!;
  // NFC: macOS writes file names in NFD; the same name must give the same slug (and id) anywhere.
  name = name.normalize("NFC");
  const dated = DATED.exec(name);
  const nameDate = dated && isCalendarDate(Number(dated[1]), Number(dated[2]), Number(dated[3])) ? `${dated[1]}-${dated[2]}-${dated[3]}` : undefined;
  return { sourcePath, folders: parts.map((folder) => folder.normalize("NFC")), name, ...(nameDate ? { nameDate } : {}) };
}

/** What today's build accepts as a slug, and what frontmatter `slug` must be. */
export const SLUG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._~-]*$/u;

/**
 * The slug a file name gives (the name without its date when `stripDate`), by the site's rule:
 * - `keep` (default): a name that is a valid slug stays exactly as it is (so no slug today's
 *   build accepts changes); any other name gets Jekyll's rule;
 * - `jekyll`: Jekyll's `:title` (slugify mode "pretty", case kept): every run of characters other
 *   than letters, digits, `.`, `_` and `~` becomes one `-`, trimmed at both ends
 *   (`New Website` → `New-Website`); feedwright also replaces `!$&'()+,;=@`, which Jekyll keeps;
 * - `hugo`: Hugo's `urlize`: lower-cased, spaces become `-`, characters other than letters,
 *   digits, `.`, `_`, `~` and `-` are dropped (`Über Größe` → `über-größe`).
 * The result may still be no slug (a name of only punctuation): the caller says so.
 */
export function slugOfName(name: string, rule: SlugRule, stripDate: boolean): string {
  const dated = DATED.exec(name);
  const base = stripDate && dated ? dated[4]! : name;
  if (rule === "keep" && SLUG_PATTERN.test(base)) return base;
  if (rule === "hugo") return base.toLowerCase().replace(/\s+/gu, "-").replace(/[^\p{L}\p{N}._~-]+/gu, "");
  return base.replace(/[^\p{L}\p{N}._~]+/gu, "-").replace(/^-+|-+$/g, "");
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
