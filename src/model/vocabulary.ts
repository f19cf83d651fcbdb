import { warning, type Diagnostic } from "../common/diagnostics.js";

/**
 * One field vocabulary for the frontmatter of Jekyll, Hugo, Astro, Eleventy and feedwright,
 * modelled on Hugo's `frontmatter` configuration: per field, an ordered list of the names it is
 * read from. The configuration key `frontmatter` replaces a list (`":default"` in it stands for
 * the default list, as in Hugo). The `date` list may hold the token `:filename`, Hugo's: the date of a
 * Jekyll-style file name (`2016-01-01-welcome.md`), and then the slug is the rest of the name.
 *
 * Precedence: the first name of the list present in a post (an empty string counts as absent;
 * `:filename` is present when the file name has a date) gives the value, and the others are left
 * unread, silently. For `date`, a later instant under another name of its list holds the post
 * back until then and becomes its date (Hugo's `publishDate` after `date`); a file name's date
 * never does (a day without a time, so it is mostly earlier: earlier builds ignored it then too).
 */
export const DEFAULT_SOURCES = {
  date: ["date", "publishDate", "pubDate", "published", ":filename"],
  updated: ["updated", "lastmod", "last_modified_at", "modified", "updatedDate", "dateModified"],
  expires: ["expires", "expiryDate", "unpublishdate"],
  summary: ["summary", "description", "excerpt"],
  image: ["image", "heroImage", "cover", "images", "featured_image"],
  tags: ["tags"],
  categories: ["categories", "category"],
} as const satisfies Record<string, readonly string[]>;

export type MappedField = keyof typeof DEFAULT_SOURCES;
export const MAPPED_FIELDS = Object.keys(DEFAULT_SOURCES) as MappedField[];

/** The token of the `date` list that stands for the date in a Jekyll-style file name. */
export const FILENAME_DATE = ":filename";

/**
 * Hugo's other date tokens, deliberately not read: a file's modification time and its git history
 * belong to the checkout, not the post (a CI clone gives every file the time of the clone, a
 * shallow clone has no history), so the feeds would change by themselves. Refused with this reason.
 */
export const UNREAD_DATE_TOKENS: Readonly<Record<string, string>> = {
  ":fileModTime": "a file's modification time is the checkout's (a CI clone gives every file the time of the clone), so ids and dates would change by themselves; write date: into the frontmatter",
  ":git": "the git history is not read (a shallow CI clone has none, and the build reads no repository); write date: or updated: into the frontmatter",
};

/**
 * `permalink` (Jekyll, Eleventy) and `url` (Hugo): read, as the post's path on the site
 * (src/parse/post.ts), and documented in the README's frontmatter table; never silent.
 */
export const PATH_FIELDS: readonly string[] = ["permalink", "url"];

/** Names that hide a post, each with the value that hides it; any one of them makes it a draft. */
export const HIDING_FIELDS: Readonly<Record<string, boolean>> = { draft: true, published: false, eleventyExcludeFromCollections: true };

/**
 * Fields that matter only to a site generator (page layout, site navigation, redirects, comments,
 * its own templates): known, read by nobody, and silent. Extend with `frontmatter.ignore`. A name
 * feedwright reads (its own fields, the lists above, HIDING_FIELDS, PATH_FIELDS) is never here, and
 * `ignore` never stops one from being read (tests/model/vocabulary.test.ts).
 */
export const GENERATOR_FIELDS: readonly string[] = [
  // Jekyll and its common plugins and themes
  "layout", "excerpt_separator", "render_with_liquid", "redirect_from", "redirect_to", "sitemap", "comments",
  "share", "toc", "toc_label", "toc_sticky", "classes", "header", "sidebar", "author_profile", "related", "read_time", "seo", "hidden", "pin",
  // Hugo
  "aliases", "weight", "type", "menu", "menus", "linkTitle", "keywords", "series", "outputs", "resources", "build", "_build", "cascade",
  "markup", "isCJKLanguage", "headless", "translationKey", "params", "showToc", "TocOpen", "ShowReadingTime", "hidemeta",
  "disableShare", "searchHidden", "math", "showtoc", "tocopen",
  // Astro
  "minutesRead",
  // Eleventy
  "eleventyNavigation", "eleventyComputed", "eleventyImport", "pagination", "templateEngineOverride", "dynamicPermalink",
];

/** How a string in `tags` or `categories` becomes a list (`splitTags` in the configuration). */
export type SplitTags = "commas" | "spaces" | "none";

export interface FrontmatterConfig {
  date?: readonly string[];
  updated?: readonly string[];
  expires?: readonly string[];
  summary?: readonly string[];
  image?: readonly string[];
  tags?: readonly string[];
  categories?: readonly string[];
  /** More generator fields to keep silent. */
  ignore?: readonly string[];
}

export interface Vocabulary {
  sources: Readonly<Record<MappedField, readonly string[]>>;
  /** Name in a post → the field it is read as. */
  fieldOf: ReadonlyMap<string, MappedField>;
  silent: ReadonlySet<string>;
  splitTags: SplitTags;
}

export function makeVocabulary(config: FrontmatterConfig = {}, splitTags: SplitTags = "commas"): Vocabulary {
  const sources = {} as Record<MappedField, readonly string[]>;
  const fieldOf = new Map<string, MappedField>();
  for (const field of MAPPED_FIELDS) {
    const list = config[field] ?? DEFAULT_SOURCES[field];
    sources[field] = [...new Set(list.flatMap((name) => (name === ":default" ? DEFAULT_SOURCES[field] : [name])))];
    for (const name of sources[field]) if (!name.startsWith(":") && !fieldOf.has(name)) fieldOf.set(name, field);
  }
  return { sources, fieldOf, silent: new Set([...GENERATOR_FIELDS, ...(config.ignore ?? [])]), splitTags };
}

/** What applying the vocabulary to a post's fields gives: the fields under feedwright's names. */
export interface Mapped {
  fields: Record<string, unknown>;
  /** Field → the name it was read from, for the places in messages. */
  origin: Map<string, string>;
  /** Values of the other `date` names present, which may hold the post back. */
  otherDates: { name: string; value: unknown }[];
  /** The date is the file name's (`:filename` came first): the slug is then the rest of the name. */
  datedByName: boolean;
  diagnostics: Diagnostic[];
}

/** Everything a field name can be: feedwright's own, a mapped one, a hiding one, or a silent one. */
export function isKnownName(name: string, vocabulary: Vocabulary, ownFields: readonly string[]): boolean {
  return ownFields.includes(name) || vocabulary.fieldOf.has(name) || Object.hasOwn(HIDING_FIELDS, name) || PATH_FIELDS.includes(name) || vocabulary.silent.has(name);
}

/**
 * Maps a post's fields to feedwright's names. `ownFields` are the schema's own names; fields not
 * known at all stay in place (the caller warns about them). `at` gives a name's place in the file.
 */
export function applyVocabulary(
  data: Readonly<Record<string, unknown>>,
  vocabulary: Vocabulary,
  ownFields: readonly string[],
  file: string,
  at: (name: string) => { line?: number; column?: number },
  /** `YYYY-MM-DD` from a Jekyll-style file name (src/parse/file-name.ts), for `:filename`. */
  nameDate?: string,
): Mapped {
  const diagnostics: Diagnostic[] = [];
  const fields: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  const otherDates: Mapped["otherDates"] = [];
  // Only "": a text of white space only stays a value, for the schema to call empty.
  const absent = (value: unknown) => value === undefined || value === "";

  for (const [name, value] of Object.entries(data)) {
    // Read below (mapped and hiding names), or by the caller from the post's own fields (PATH_FIELDS).
    if (vocabulary.fieldOf.has(name) || Object.hasOwn(HIDING_FIELDS, name) || PATH_FIELDS.includes(name)) continue;
    if (vocabulary.silent.has(name) && !ownFields.includes(name)) continue;
    // An empty optional field is an absent one (`link: ""`); title and date stay required.
    if (value === "" && name !== "title" && name !== "date") continue;
    fields[name] = value;
    if (ownFields.includes(name)) origin.set(name, name);
  }

  let datedByName = false;
  for (const field of MAPPED_FIELDS) {
    const present = vocabulary.sources[field].filter((name) =>
      name === FILENAME_DATE ? nameDate !== undefined : Object.hasOwn(data, name) && !absent(data[name]) && !(field === "date" && (typeof data[name] === "boolean" || isBooleanText(data[name]))),
    );
    const first = present[0];
    if (first === undefined) {
      // An empty field is gone, but `date: ""` stays for the schema to refuse (date is required).
      delete fields[field];
      if (field === "date" && Object.hasOwn(data, "date")) fields.date = data.date;
      continue;
    }
    if (first === FILENAME_DATE) {
      fields[field] = nameDate;
      datedByName = true;
    } else {
      fields[field] = valueFor(field, data[first], vocabulary.splitTags);
    }
    origin.set(field, first);
    if (field === "date") for (const name of present.slice(1)) if (name !== FILENAME_DATE) otherDates.push({ name, value: data[name] });
  }

  // Hiding: any of draft: true, published: false, eleventyExcludeFromCollections: true.
  let hidden = false;
  let draft: unknown;
  for (const [name, hides] of Object.entries(HIDING_FIELDS)) {
    if (!Object.hasOwn(data, name)) continue;
    let value = data[name];
    if (isBooleanText(value)) {
      const read = value.trim().toLowerCase() === "true";
      diagnostics.push(warning(file, `is the text '${value}', read as ${read}; write ${name}: ${read} without quotes`, { field: name, ...at(name) }));
      value = read;
    }
    if (typeof value === "boolean") {
      if (value === hides) hidden = true;
      if (name === "draft") draft = value;
    } else if (name === "draft") {
      draft = value; // not a yes/no value: the schema says so
    } else if (name !== "published") {
      // `published` with a date is read in the `date` list.
      diagnostics.push(warning(file, `should be true or false (found ${typeof value === "string" ? `'${value}'` : typeof value}); it is ignored`, { field: name, ...at(name) }));
    }
  }
  delete fields.draft;
  if (draft !== undefined && typeof draft !== "boolean") fields.draft = draft;
  else if (hidden || draft !== undefined) fields.draft = hidden;
  if (Object.hasOwn(data, "draft")) origin.set("draft", "draft");
  return { fields, origin, otherDates, datedByName, diagnostics };
}

function isBooleanText(value: unknown): value is string {
  return typeof value === "string" && /^\s*(true|false)\s*$/i.test(value);
}

/** A mapped field's value as feedwright reads it. */
function valueFor(field: MappedField, value: unknown, splitTags: SplitTags): unknown {
  if (field === "tags" || field === "categories") return typeof value === "string" ? splitList(value, splitTags) : value;
  if (field === "image") {
    // Hugo's `images` is a list; themes write `cover: { image: … }`.
    if (Array.isArray(value)) return value[0];
    if (value !== null && typeof value === "object") {
      const object = value as Record<string, unknown>;
      return object.image ?? object.src ?? object.url ?? value;
    }
  }
  return value;
}

/**
 * A string where a list is expected: `commas` (the default) splits at commas when there is one and
 * is one entry otherwise (`another tag`: Eleventy's, Hugo's and Astro's reading); `spaces` splits at
 * white space, as Jekyll does (`jekyll ruby` → two tags); `none` is always one entry.
 */
export function splitList(text: string, rule: SplitTags): string[] {
  const parts = rule === "spaces" ? text.split(/\s+/) : rule === "commas" ? text.split(",") : [text];
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}
