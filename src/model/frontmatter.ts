import * as z from "zod";
import { httpUrl, languageTag, personSchema, urlReference } from "./site.js";
import { outsideSupportedDates, type ParsedDate } from "../common/dates.js";
import { readDate } from "./human-date.js";
import { isUri, toUri } from "../common/url.js";

/**
 * The frontmatter of a post: its checks, its TypeScript type and its documentation in one
 * place (the README's frontmatter reference follows it field by field). Dates depend on the
 * site's time zone, so the schema is made for one.
 */
const MAX_TAGS = 100;

/**
 * An absolute URI of any scheme (`https:`, `tag:`, `urn:`), valid by RFC 3986: what Atom requires
 * of an id. Never rewritten (an id must not change once published): a URI that needs encoding is
 * refused with the encoded form to write.
 */
const absoluteUri = z.string().superRefine((value, ctx) => {
  if (isUri(value)) return;
  let suggestion: string | undefined;
  try {
    suggestion = toUri(new URL(value.trim()));
  } catch {
    suggestion = undefined;
  }
  const fix = suggestion && isUri(suggestion) && suggestion !== value
    ? `; an id is never rewritten (it must not change once published), so write it encoded: id: ${suggestion}`
    : " such as https://example.com/posts/hello/ or tag:example.com,2024:hello";
  ctx.addIssue({ code: "custom", message: `'${value}' is not a valid URI (RFC 3986: spaces, |, ^, {, }, \`, [ ], a second # and a % that starts no %XX escape must be percent-encoded)${fix}`, params: { quotesInput: true } });
});
/**
 * Something a reader can show: a character that is not white space, a control character, a lone
 * surrogate or U+FFFE/U+FFFF (the feeds drop those, so such a text would be published empty).
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cs}\uFFFE\uFFFF]/u;
const visible = { message: "must contain text, not only control characters or white space" };
/** A tag or category: one line of text (line breaks and tabs become spaces, as a reader shows it). */
const label = z
  .string({ message: "must be text; quote a number or date, e.g. \"2024\"" })
  .trim()
  .min(1, { message: "must not be empty" })
  .refine((text) => text === "" || VISIBLE.test(text), visible)
  .max(200, { message: "must be at most 200 characters" })
  .transform((text) => text.replace(/\s+/g, " "));
const labelList = z
  .array(label, { message: "must be a list of strings, e.g. [news, ai]" })
  .max(MAX_TAGS, { message: `must have at most ${MAX_TAGS} entries` });
/** An author is a name, or a mapping with a name and optional e-mail and URL. */
const person = z.preprocess(
  (value) => (typeof value === "string" ? { name: value } : value),
  // Not a union: a bad url or email is reported at author.url, not as "not a name or mapping".
  z.strictObject(personSchema.shape, { message: "must be a name, or a mapping with name, email and url" }),
);

function dateField(timeZone: string, language?: string) {
  return z.unknown().transform((value, ctx): ParsedDate => {
    const result = readDate(value, timeZone, language);
    if (!result.ok) {
      // The date parser's message quotes what it found already.
      ctx.addIssue({ code: "custom", message: result.why, params: { quotesInput: true } });
      return z.NEVER;
    }
    // Checked here, after any parser, so no way of writing a date can reach past the range.
    const outside = outsideSupportedDates(result.value.date);
    if (outside) {
      ctx.addIssue({ code: "custom", message: `'${String(value).trim()}' ${outside}`, params: { quotesInput: true } });
      return z.NEVER;
    }
    return result.value;
  });
}

/** `language`: the site's, whose month names human dates may use (src/model/human-date.ts). */
export function frontmatterSchema(timeZone: string, language?: string) {
  return z
    .strictObject({
      /** Plain text; shown as such in every format. Required. */
      title: z.string({ message: "must be text, e.g. title: \"Hello\"" }).trim().min(1, { message: "must not be empty" }).refine((text) => text === "" || VISIBLE.test(text), visible),
      /** Publication instant. Required. Without an offset: the site's time zone. A future date holds the post back until then. */
      date: dateField(timeZone, language),
      /** Last substantial change; feeds show it as the modification date. */
      updated: dateField(timeZone, language).optional(),
      /** The post leaves every feed at this instant. */
      expires: dateField(timeZone, language).optional(),
      /** Pins the item id forever (an absolute URI). Without it: the post's URL from siteUrl, postUrl and slug. */
      id: absoluteUri.optional(),
      /** Last segment of the post's URL. Default: the file name without `.md`. */
      slug: z
        .string()
        .regex(/^[\p{L}\p{N}][\p{L}\p{N}._~-]*$/u, { message: "must be letters, digits, '-', '_', '.' or '~', starting with a letter or digit (no '/')" })
        .max(200)
        .optional(),
      /** One author: a name, or { name, email, url }. */
      author: person.optional(),
      /** Several authors, each like `author`. */
      authors: z.array(person, { message: "must be a list of authors" }).min(1).max(50).optional(),
      /** Plain-text summary. Default: the text before the excerpt separator, else the first paragraph. */
      summary: z.string({ message: "must be text" }).optional(),
      /** Free keywords; feeds show them as categories. */
      tags: labelList.optional(),
      /** Sections; feeds show them as categories, after the tags. */
      categories: labelList.optional(),
      /** The post's language, when it differs from the site's (BCP 47). */
      lang: languageTag.optional(),
      /** `true` keeps the post out of every output. */
      draft: z.boolean({ message: "must be true or false" }).default(false),
      /** Lead image; absolute, or relative to the post's URL. */
      image: urlReference.optional(),
      /** A media file (podcast episode): url, MIME type and length in bytes. */
      enclosure: z
        .strictObject({
          url: urlReference,
          type: z.string({ message: "is required: the MIME type, e.g. audio/mpeg" }).regex(/^[\w.+-]+\/[\w.+-]+$/, { message: "must be a MIME type such as audio/mpeg" }),
          length: z.int({ message: "must be the size in bytes, a whole number" }).min(0).optional(),
        })
        .optional(),
      /** For a post that points elsewhere: the item's link goes there. */
      link: httpUrl.optional(),
      /** Where the story comes from. */
      source: z
        .strictObject({
          name: z.string().trim().min(1),
          url: httpUrl.optional(),
          author: z.string().trim().min(1).optional(),
        })
        .optional(),
    })
    .refine((fm) => !(fm.author && fm.authors), { message: "use either author or authors, not both", path: ["authors"], params: { quotesInput: true } });
}

/** What to add when a required field is missing, for the message that says so. */
export const FRONTMATTER_EXAMPLES: Readonly<Record<string, string>> = {
  title: 'a line such as title: "Hello, world"',
  date: "a line such as date: 2024-04-12 or date: 2024-04-12T18:30:00+02:00",
  "enclosure.url": "url: below enclosure, e.g. url: /media/episode-1.mp3",
  "enclosure.type": "type: below enclosure, the file's MIME type, e.g. type: audio/mpeg",
  "source.name": "name: below source, e.g. name: Reuters",
  "author.name": "name: below author, e.g. name: Jane Doe",
};

export type Frontmatter = z.output<ReturnType<typeof frontmatterSchema>>;
export const FRONTMATTER_FIELDS: readonly string[] = Object.keys(frontmatterSchema("UTC").shape);
