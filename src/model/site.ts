import * as z from "zod";
import { isKnownTimeZone } from "../common/dates.js";
import { checkHttpUrl, POST_URL_TOKENS, unknownPostUrlTokens } from "../common/url.js";
import { DEFAULT_CACHE_DIR, TERM_KINDS, type TermKind } from "./constants.js";
import { FILENAME_DATE, UNREAD_DATE_TOKENS } from "./vocabulary.js";

/** A frontmatter field name, or `:default` (the default list of that field, as in Hugo). */
const sourceName = z.string().regex(/^(:default|[A-Za-z_][A-Za-z0-9_.-]*)$/, { message: "must be a frontmatter field name such as pubDate, or :default" });
const sourceList = z.array(sourceName, { message: "must be a list of field names, e.g. [\"pubDate\", \":default\"]" }).min(1, { message: "must name at least one field" });
/** The date list also takes `:filename` (Hugo's token); Hugo's `:fileModTime` and `:git` are refused with the reason. */
const dateSourceName = z.string().superRefine((value, ctx) => {
  if (value === FILENAME_DATE || /^(:default|[A-Za-z_][A-Za-z0-9_.-]*)$/.test(value)) return;
  const why = UNREAD_DATE_TOKENS[value];
  ctx.addIssue({ code: "custom", message: why ? `${value} is not read: ${why}` : "must be a frontmatter field name such as pubDate, :filename or :default" });
});
const dateSourceList = z.array(dateSourceName, { message: "must be a list of field names, e.g. [\"pubDate\", \":default\"]" }).min(1, { message: "must name at least one field" });

/**
 * The site configuration, `feedwright.config.json` at the project root. This schema is the
 * single source of its checks, its TypeScript type and its documentation (README "Configuration"
 * mirrors it key by key).
 */
/** An absolute http(s) URL, in the RFC 3986 form feeds write (src/common/url.ts): the one rule for every such field. */
export const httpUrl = z.string().transform((value, ctx) => {
  const checked = checkHttpUrl(value);
  if (checked.ok) return checked.value;
  ctx.addIssue({ code: "custom", message: checked.why });
  return z.NEVER;
});
/** Where relative URLs are checked: any http(s) base gives the same verdict; the build resolves against the real one. */
const ANY_BASE = "https://example.com/x/";
/**
 * Absolute, or a path resolved against a base the build knows (the post's or the site's URL):
 * kept as written here, resolved (and percent-encoded) where the base is known.
 */
export const urlReference = z.string().superRefine((value, ctx) => {
  const checked = checkHttpUrl(value, ANY_BASE);
  if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.why });
});
/** Absolute, or relative to the site URL (`/icon.png`). */
const urlOrSitePath = urlReference;
const folder = z.string().min(1, { message: "must be a folder path relative to the configuration file, such as public" });
const fileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "must be a plain file name such as feed.xml (no folders, no ..)" });
export const languageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: "must be a BCP 47 language tag such as de, en or pt-BR" });

/**
 * The WebSub hubs every feed names (README "WebSub"): one http(s) URL, or a list of them; a list
 * always comes out. Each entry is checked on its own, so a bad one is named by its place (hub[1]).
 */
const hubList = z.unknown().transform((value, ctx): string[] => {
  const example = 'must be the hub\'s URL, e.g. "https://pubsubhubbub.appspot.com/", or a list of them';
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined || list.length === 0) {
    ctx.addIssue({ code: "custom", message: list === undefined ? example : `${example}; leave hub out for none` });
    return [];
  }
  const hubs: string[] = [];
  list.forEach((entry, index) => {
    const path = typeof value === "string" ? [] : [index];
    const checked = typeof entry === "string" ? checkHttpUrl(entry) : ({ ok: false, why: example } as const);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.why, path });
    else if (hubs.includes(checked.value)) ctx.addIssue({ code: "custom", message: `names ${checked.value} a second time; list each hub once`, path });
    else hubs.push(checked.value);
  });
  return hubs;
});

/** A feed's size limit in bytes (README "Size limits"). */
const byteLimit = z.int({ message: "must be a whole number of bytes, e.g. 5000000" }).min(1, { message: "must be 1 or more (bytes); leave maxBytes out for no limit" });

/** The kinds of term a feed can be made for, and the README's default folder of each. */
// In constants.ts, which loads no schema library: the select and render stages use them in every build.
export { TERM_KINDS, TERM_KIND_NAMES, type TermKind } from "./constants.js";

/** What a `{term}` pattern's segments may hold besides `{term}`: what a slug may (src/parse/file-name.ts), and `/`. */
const PATTERN_SEGMENT = /^[A-Za-z0-9._~-]*$/;

/** Why a term feed's file pattern is wrong, with the fix; undefined when it is right. */
function termFileProblem(pattern: string): string | undefined {
  const example = "e.g. tags/{term}/index.xml (Hugo) or feed/by_tag/{term}.xml (jekyll-feed)";
  if (!pattern.includes("{term}")) return `must contain {term}, ${example}`;
  const other = /\{(?!term\})[^}]*\}?/.exec(pattern);
  if (other) return `may use only the token {term}, not ${other[0]}: ${example}`;
  const segments = pattern.replace(/^\//, "").split("/");
  if (segments.at(-1) === "" || segments.at(-1) === "{term}") return `must end in a file name (the feed file), ${example}`;
  for (const segment of segments) {
    const plain = segment.replaceAll("{term}", "x");
    if (segment === "" || segment === "." || segment === ".." || !PATTERN_SEGMENT.test(plain)) {
      return `has the folder or file name '${segment}', which cannot be one (letters, digits, . _ ~ - and {term}, no empty part, no . or ..), ${example}`;
    }
  }
  return undefined;
}

/** A term feed's file below outDir with `{term}`; a leading `/` is allowed (it is the site's root either way) and dropped. */
const termFilePattern = z
  .string()
  .superRefine((value, ctx) => {
    const why = termFileProblem(value);
    if (why) ctx.addIssue({ code: "custom", message: why });
  })
  .transform((value) => value.replace(/^\//, ""));

/** The default files of a kind: Hugo's layout, the folder named as the kind (README "Feeds per tag, category, author and language"). */
export function defaultTermFiles(kind: TermKind): { rss: string; atom: string; json: string } {
  return { rss: `${kind}/{term}/index.xml`, atom: `${kind}/{term}/atom.xml`, json: `${kind}/{term}/feed.json` };
}

const termFeedSchema = (kind: TermKind) =>
  z.strictObject({
    /** The file of each format written, with `{term}` (the term's slug); a format left out is not written. */
    files: z
      .strictObject({ rss: termFilePattern.optional(), atom: termFilePattern.optional(), json: termFilePattern.optional() })
      .refine((files) => Object.keys(files).length > 0, { message: `must name at least one format, e.g. { "rss": "${kind}/{term}/index.xml" }` })
      .refine((files) => new Set(Object.values(files)).size === Object.values(files).length, { message: "gives two formats the same file: give each format its own, e.g. index.xml, atom.xml, feed.json" })
      .default(defaultTermFiles(kind)),
    /** The feed's title; `{site}` is the site's title, `{term}` the term as posts write it. */
    title: z
      .string()
      .trim()
      .min(1, { message: "must not be empty" })
      .refine((title) => [...title.matchAll(/\{([^}]*)\}/g)].every((m) => m[1] === "site" || m[1] === "term"), { message: "may use only the tokens {site} and {term}, e.g. \"{site} – {term}\"" })
      .default("{site} – {term}"),
    /** The term's page on the site, with `{term}` (e.g. the other generator's `/tags/{term}/`): the feed's home link. Default: the site's home. */
    page: z
      .string()
      .refine((page) => page.startsWith("/") && page.includes("{term}") && termFileProblem(`${page.replace(/\/$/, "/x")}`) === undefined, {
        message: `must be a path below siteUrl with {term}, such as /${kind}/{term}/`,
      })
      .optional(),
    /** Most items per feed of this kind, 0 for all; default: the site's limit. */
    limit: z.int({ message: "must be a whole number (0 = all items)" }).min(0, { message: "must be 0 (all items) or more" }).optional(),
    /** As the site's maxBytes, for each feed of this kind; default: the site's. */
    maxBytes: z
      .union([byteLimit, z.strictObject({ rss: byteLimit.optional(), atom: byteLimit.optional(), json: byteLimit.optional() })], {
        message: "must be a number of bytes such as 5000000, or { \"rss\": …, \"atom\": …, \"json\": … }",
      })
      .optional(),
  });

/** The folder of each archive page below outDir and siteUrl, with `{n}` for the page's number (README "Archives"). */
const archivePath = z
  .string()
  .regex(/^(?:[A-Za-z0-9_-]|\{n\}|\.(?!\.))+(?:\/(?:[A-Za-z0-9_-]|\{n\}|\.(?!\.))+)*$/, { message: "must be a folder path below outDir such as archive/{n}: letters, digits, . _ - and {n}, folders separated by /, no leading /, no .." })
  .refine((p) => p.includes("{n}"), { message: "must contain {n} (the page's number), e.g. archive/{n}" });

/** RFC 5005 archives (README "Archives"): off without the key. */
const archivesSchema = z.strictObject({
  /** Items per archive page; a page is written once it is full. */
  itemsPerPage: z.int({ message: "must be a whole number of items, e.g. 100" }).min(1, { message: "must be 1 or more" }).default(100),
  /** Each page's folder: its three feeds are named as the main ones (files). */
  path: archivePath.default("archive/{n}"),
});

export const personSchema = z.strictObject({
  name: z.string().trim().min(1, { message: "must not be empty" }),
  email: z.email({ message: "must be an e-mail address such as jane@example.com" }).optional(),
  url: httpUrl.optional(),
});

export const siteConfigSchema = z.strictObject({
  /** Feed title. Required. */
  title: z.string().trim().min(1, { message: "must not be empty" }),
  /** Feed description (RSS `description`, Atom `subtitle`, JSON `description`). */
  description: z.string().default(""),
  /** Where the site lives; item links and ids derive from it. Required. `FEEDWRIGHT_SITE_URL` overrides it. */
  siteUrl: httpUrl,
  /** Language of the feed and default of every post (BCP 47). */
  language: languageTag.default("en"),
  /** IANA zone for dates written without an offset. */
  timezone: z.string().refine(isKnownTimeZone, { message: "must be an IANA time zone name such as Europe/Berlin or UTC" }).default("UTC"),
  /** Author of posts that name none; also the feed's author. Defaults to the site title. */
  author: personSchema.optional(),
  /** Copyright line for the feed. */
  copyright: z.string().optional(),
  /** Small square icon (JSON `favicon`, Atom `icon`); absolute or relative to the site URL. */
  icon: urlOrSitePath.optional(),
  /** Larger image (RSS `image`, Atom `logo`, JSON `icon`); absolute or relative to the site URL. */
  logo: urlOrSitePath.optional(),
  /** Most items per feed; 0 means all. Counted after drafts and scheduled posts are left out. */
  limit: z.int({ message: "must be a whole number (0 = all items)" }).min(0, { message: "must be 0 (all items) or more" }).default(20),
  /**
   * Most bytes per feed file: the oldest items are left out of a feed until it fits (their pages
   * stay). One number for all three feeds, or per format ({ rss, atom, json }; one left out has no limit).
   */
  maxBytes: z
    .union([byteLimit, z.strictObject({ rss: byteLimit.optional(), atom: byteLimit.optional(), json: byteLimit.optional() })], {
      message: "must be a number of bytes such as 5000000, or { \"rss\": …, \"atom\": …, \"json\": … }",
    })
    .optional(),
  /**
   * RFC 5005 archives: the main feeds keep the newest `limit` items (and fewer than a page more) and
   * link to archive pages of `itemsPerPage` items each, counted from the oldest, so every item stays reachable.
   */
  archives: archivesSchema.optional(),
  /**
   * WebSub hubs (README "WebSub"): every feed links to each (`rel="hub"`, JSON `hubs`), and
   * `feedwright ping` (or `--ping`) notifies them of each feed whose bytes changed.
   */
  hub: hubList.optional(),
  /** Folder of posts, relative to the config file. */
  postsDir: folder.default("posts"),
  /** Output folder, relative to the config file. */
  outDir: folder.default("public"),
  /**
   * How the output is published: `site` (feedwright is the site: a page per post, a home page,
   * staticDir copied) or `beside` (another generator makes the site: only the feeds, their
   * stylesheet and a discovery snippet are written into its output folder, outDir).
   */
  publish: z.enum(["site", "beside"], { message: "must be \"site\" (feedwright is the site) or \"beside\" (another generator makes the site)" }).default("site"),
  /** Folder published as the site's root, relative to the config file: a relative enclosure URL without `length` is measured there. */
  staticDir: folder.default("static"),
  /** Build cache folder, relative to the config file (keep it out of git; CI may cache it). */
  cacheDir: folder.default(DEFAULT_CACHE_DIR),
  /** Output file names inside `outDir`; they are also the feeds' own (self) URLs under the site URL. */
  files: z
    .strictObject({
      rss: fileName.default("rss.xml"),
      atom: fileName.default("atom.xml"),
      json: fileName.default("feed.json"),
    })
    .default({ rss: "rss.xml", atom: "atom.xml", json: "feed.json" }),
  /** Path of a post's page under the site URL, with tokens (src/common/url.ts). Item links and derived ids use it. */
  postUrl: z
    .string()
    .refine((p) => p.includes("{slug}") || p.includes("{filename}"), { message: "must contain {slug} or {filename}, e.g. /posts/{slug}/" })
    .refine((p) => unknownPostUrlTokens(p).length === 0, { message: `may use only the tokens ${POST_URL_TOKENS.map((t) => `{${t}}`).join(", ")}` })
    .default("/posts/{slug}/"),
  /** How a file name becomes a slug: `keep` (a valid name as it is, others by Jekyll's rule), `jekyll`, or `hugo` (src/parse/file-name.ts). */
  slugify: z.enum(["keep", "jekyll", "hugo"], { message: "must be \"keep\", \"jekyll\" or \"hugo\"" }).default("keep"),
  /** Globs of files and folders below postsDir that are not posts (picomatch syntax), e.g. ["drafts/**", "**\/README.md"]. */
  exclude: z.array(z.string().min(1, { message: "must not be empty" }), { message: "must be a list of globs such as [\"drafts/**\"]" }).default([]),
  /** A line in a post that ends its excerpt (the summary when no `summary` is given). */
  excerptSeparator: z.string().min(1).default("<!--more-->"),
  /** Which frontmatter names each field is read from, first present wins (README "Names from other tools"); `ignore` lists more fields to keep silent. */
  frontmatter: z
    .strictObject({
      date: dateSourceList.optional(),
      updated: sourceList.optional(),
      expires: sourceList.optional(),
      summary: sourceList.optional(),
      image: sourceList.optional(),
      tags: sourceList.optional(),
      categories: sourceList.optional(),
      ignore: z.array(sourceName).optional(),
    })
    .default({}),
  /** How a string in `tags` or `categories` becomes a list: `commas` (split at commas, if any), `spaces` (Jekyll) or `none` (one entry). */
  splitTags: z.enum(["commas", "spaces", "none"], { message: "must be \"commas\", \"spaces\" (Jekyll) or \"none\"" }).default("commas"),
  /**
   * Feeds per tag, category, author and language, each kind off unless named here (README "Feeds
   * per tag, category, author and language"): `{}` gives a kind its defaults.
   */
  termFeeds: z
    .strictObject({ tags: termFeedSchema("tags").optional(), categories: termFeedSchema("categories").optional(), authors: termFeedSchema("authors").optional(), languages: termFeedSchema("languages").optional() })
    .default({}),
  /** Keep `<script>`, event handlers and `javascript:` URLs in feed content. Off by default: feed readers run untrusted content. */
  allowActiveContent: z.boolean().default(false),
}).superRefine((config, ctx) => {
  // Archives take what the main feeds do not keep: with no limit and no maxBytes they keep everything.
  if (config.archives && config.limit === 0 && config.maxBytes === undefined) {
    ctx.addIssue({ code: "custom", path: ["limit"], message: "is 0 (every item in the main feeds) and there is no maxBytes, so archives would never write a page: set a limit such as 20 (the newest items the main feeds keep), or a maxBytes, or leave archives out" });
  }
});

/** What to add when a required key is missing, for the message that says so. */
export const CONFIG_EXAMPLES: Readonly<Record<string, string>> = {
  title: '"title": "My site"',
  siteUrl: '"siteUrl": "https://example.com/" (where the site is published)',
};

export type SiteConfigInput = z.input<typeof siteConfigSchema>;
export type SiteConfig = z.output<typeof siteConfigSchema>;
export type Person = z.output<typeof personSchema>;
export type TermFeedConfig = z.output<ReturnType<typeof termFeedSchema>>;

/** The configuration after checks, with the site URL ending in `/` so relative paths resolve under it. */
export type Site = SiteConfig & {
  siteUrl: string;
  /** The posts folder as files are shown (relative to the working directory): post paths below it name `{path}` and `_feedwright.file`. Default: postsDir. */
  postsFolder?: string;
};
