import type { Diagnostic } from "../common/diagnostics.js";
import type { FeedItem } from "./feed.js";
import type { Person, Site, TermFeedConfig } from "./site.js";

/**
 * Checks of what the build reads back from its own files (the cache, the configuration memo): a
 * file that deserializes is not yet a file the stages can use, and a field missing deep inside
 * would crash a later stage, build after build. Without the schema library, whose loading the memo
 * exists to avoid; each shape names every key of its type, so the compiler keeps them in step.
 * A check returns where the value is wrong (a path), or undefined when it is right.
 */
export type Check = (value: unknown, at: string) => string | undefined;
type Shape<T> = { [K in keyof T]-?: Check };

const kind = (ok: (value: unknown) => boolean, what: string): Check => (value, at) => (ok(value) ? undefined : `${at} is not ${what}`);
export const string = kind((v) => typeof v === "string", "a string");
export const number = kind((v) => typeof v === "number" && Number.isFinite(v), "a number");
export const boolean = kind((v) => typeof v === "boolean", "a boolean");
export const date = kind((v) => v instanceof Date && Number.isFinite(v.getTime()), "a date");

export function optional(check: Check): Check {
  return (value, at) => (value === undefined ? undefined : check(value, at));
}

export function oneOf(...values: readonly unknown[]): Check {
  return kind((v) => values.includes(v), `one of ${values.join(", ")}`);
}

export function arrayOf(check: Check): Check {
  return (value, at) => {
    if (!Array.isArray(value)) return `${at} is not a list`;
    for (let i = 0; i < value.length; i++) {
      const wrong = check(value[i], `${at}[${i}]`);
      if (wrong) return wrong;
    }
    return undefined;
  };
}

export function object<T>(shape: Shape<T>): Check {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return (value, at) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return `${at} is not an object`;
    for (const key of keys) {
      const wrong = shape[key]((value as Record<string, unknown>)[key], `${at}.${key}`);
      if (wrong) return wrong;
    }
    return undefined;
  };
}

export const diagnostic = object<Diagnostic>({
  severity: oneOf("error", "warning", "note"),
  file: string,
  line: optional(number),
  column: optional(number),
  field: optional(string),
  message: string,
});

const person = object<Person>({ name: string, email: optional(string), url: optional(string) });

export const feedItem = object<FeedItem>({
  file: string,
  sourcePath: optional(string),
  id: string,
  link: string,
  url: string,
  externalUrl: optional(string),
  title: string,
  published: date,
  modified: date,
  authors: arrayOf(person),
  summary: optional(string),
  contentHtml: string,
  categories: arrayOf(string),
  lang: optional(string),
  image: optional(string),
  warnings: optional(arrayOf(diagnostic)),
  enclosure: optional(object<NonNullable<FeedItem["enclosure"]>>({ url: string, type: string, length: number })),
});

const maxBytes = optional((value, at) => (typeof value === "number" ? number(value, at) : object<{ rss?: number; atom?: number; json?: number }>({ rss: optional(number), atom: optional(number), json: optional(number) })(value, at)));

const termFeed = optional(
  object<TermFeedConfig>({
    files: object<TermFeedConfig["files"]>({ rss: optional(string), atom: optional(string), json: optional(string) }),
    title: string,
    page: optional(string),
    limit: optional(number),
    maxBytes,
  }),
);

export const site = object<Site>({
  title: string,
  description: string,
  siteUrl: string,
  language: string,
  timezone: string,
  author: optional(person),
  copyright: optional(string),
  icon: optional(string),
  logo: optional(string),
  limit: number,
  maxBytes,
  archives: optional(object<NonNullable<Site["archives"]>>({ itemsPerPage: number, path: string })),
  hub: optional(arrayOf(string)),
  postsDir: string,
  outDir: string,
  staticDir: string,
  cacheDir: string,
  files: object<Site["files"]>({ rss: string, atom: string, json: string }),
  postUrl: string,
  excerptSeparator: string,
  allowActiveContent: boolean,
  slugify: oneOf("keep", "jekyll", "hugo"),
  exclude: arrayOf(string),
  postsFolder: optional(string),
  publish: oneOf("site", "beside"),
  frontmatter: object<Site["frontmatter"]>({
    date: optional(arrayOf(string)),
    updated: optional(arrayOf(string)),
    expires: optional(arrayOf(string)),
    summary: optional(arrayOf(string)),
    image: optional(arrayOf(string)),
    tags: optional(arrayOf(string)),
    categories: optional(arrayOf(string)),
    ignore: optional(arrayOf(string)),
  }),
  splitTags: oneOf("commas", "spaces", "none"),
  termFeeds: object<Site["termFeeds"]>({ tags: termFeed, categories: termFeed, authors: termFeed, languages: termFeed }),
});
