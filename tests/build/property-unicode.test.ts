/**
 * Property-based: random Unicode — control characters, lone surrogates, `]]>`, `&`, `<`, quotes,
 * right-to-left text, combining marks, noncharacters — in every frontmatter field that takes text
 * and in the body. For every case the build (runBuild, on a temporary site) either reports the one expected
 * error (a text that trims to nothing), or writes three outputs that are well-formed (strict
 * XMLValidator, no XML-illegal character, raw or as a reference) and that independent parsers
 * (rss-parser for RSS and Atom, JSON.parse for JSON) read back as the same title, tags and author,
 * less only the characters XML cannot carry (src/serialize/clean.ts defines which).
 *
 * Runs: FEEDWRIGHT_PROPERTY_RUNS sets the runs per property (default below: 500 cases in all, sized
 * to keep `npm test` near a minute); e.g. FEEDWRIGHT_PROPERTY_RUNS=20000 npx vitest run property-
 * for a long search (no test has a time limit).
 */
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { stripIllegalXmlChars } from "../../src/serialize/clean.js";
import { buildPosts } from "../helpers/build.js";
import { readWithRssParser } from "../support/feed-readers.js";
import { childElements, getAttr, parseXml, textContent, type XmlElement } from "../support/xml.js";

const RUNS = Number(process.env.FEEDWRIGHT_PROPERTY_RUNS) || 0;
/** Default runs per property; the three properties below sum to 500. */
const runs = (fallback: number) => (RUNS > 0 ? RUNS : fallback);

const NOW = new Date("2030-01-01T00:00:00Z");
const CONFIG = { title: "Property", siteUrl: "https://example.org/", timezone: "UTC", limit: 0 };

/** Pieces that have broken feed writers before, mixed with arbitrary code points and lone surrogates. */
const NASTY = [
  "]]>", "<![CDATA[", "&", "&amp;", "&#0;", "&#x1;", "<", ">", "<b>", "</title>", '"', "'", "`", "\\", "--", "-->",
  "\u0000", "\u0001", "\u0008", "\u000B", "\u000C", "\u001F", "\u007F", "\u0085", "\u009F", "\t", "\n", "\r", "\r\n",
  "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFE", "\uFFFF", "\uFEFF", "\u00A0", "\u2028", "\u2029",
  "\u202E", "\u202B", "\u200F", "\u200E", "\u2066", "\u05E9\u05DC\u05D5\u05DD", "\u0627\u0644\u0633\u0644\u0627\u0645",
  "e\u0301", "\u0301", "\u0336\u0336", "Z\u0351\u0364\u0328", "😀", "👩‍👩‍👧", "\u{10FFFF}", "ß", "İ", "ﬁ", " ", "  ", "{slug}", "%2e%2e/", "#", "?",
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 2 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 6 }) },
);
/** At most 20 pieces: every value stays under the 200-character bound on tags. */
const text = fc.array(piece, { maxLength: 20 }).map((pieces) => pieces.join(""));
/** Mostly non-empty, so most cases build; a text of only spaces still comes up, and must be an error. */
const someText = fc.array(piece, { minLength: 1, maxLength: 20 }).map((pieces) => pieces.join(""));

/**
 * A YAML double-quoted scalar holding exactly `value`: JSON's escapes are YAML's, and the few
 * characters YAML forbids raw (C1 controls, DEL, noncharacters, BOM, line separators) are escaped too.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u007F-\u009F\uFEFF\uFFFE\uFFFF\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

interface Fields {
  title: string;
  summary: string;
  author: string;
  tags: string[];
  categories: string[];
  sourceName: string;
  sourceAuthor: string;
}

const fields: fc.Arbitrary<Fields> = fc.record({
  title: someText,
  summary: text,
  author: someText,
  tags: fc.array(someText, { minLength: 1, maxLength: 3 }),
  categories: fc.array(someText, { maxLength: 2 }),
  sourceName: someText,
  sourceAuthor: someText,
});

function postText(f: Fields, body: string): string {
  return [
    "---",
    `title: ${yamlString(f.title)}`,
    "date: 2024-04-12T10:00:00Z",
    `summary: ${yamlString(f.summary)}`,
    `author: ${yamlString(f.author)}`,
    `tags: [${f.tags.map(yamlString).join(", ")}]`,
    ...(f.categories.length ? [`categories: [${f.categories.map(yamlString).join(", ")}]`] : []),
    "source:",
    `  name: ${yamlString(f.sourceName)}`,
    `  author: ${yamlString(f.sourceAuthor)}`,
    "---",
    body,
  ].join("\n");
}

const clean = (value: string) => stripIllegalXmlChars(value).text;
/** What the frontmatter schema makes of a tag: trimmed, line breaks and tabs as single spaces. */
const asLabel = (value: string) => value.trim().replace(/\s+/g, " ");
/** What the summary becomes: one line (src/render/summary.ts collapses white space). */
const asSummary = (value: string) => value.replace(/\s+/g, " ").trim();

/** Outputs must be XML 1.0 without a character XML cannot carry, raw or as a character reference. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false, unpairedTags: [] });
  if (valid !== true) problems.push(`${valid.err.code}: ${valid.err.msg} (line ${valid.err.line})`);
  if (!xml.isWellFormed()) problems.push("lone surrogate");
  const raw = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(xml);
  if (raw) problems.push(`raw U+${raw[0].charCodeAt(0).toString(16)} at ${raw.index}`);
  for (const ref of xml.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const code = ref[1]!.startsWith("x") ? parseInt(ref[1]!.slice(1), 16) : Number(ref[1]);
    const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!legal) problems.push(`reference ${ref[0]}`);
  }
  return problems;
}

/**
 * Title and categories of the first item as a conforming XML processor (saxes) reports them:
 * rss-parser's sax does not normalize line ends, so it alone would not notice a raw CR.
 */
function conformingRead(xml: string): { title: string; categories: string[] } {
  const root = parseXml(xml).root!;
  const item: XmlElement = root.local === "feed" ? childElements(root, "entry")[0]! : childElements(childElements(root, "channel")[0]!, "item")[0]!;
  const title = childElements(item, "title")[0];
  const categories = childElements(item, "category").map((c) => (root.local === "feed" ? getAttr(c, "term") ?? "" : textContent(c)));
  return { title: title ? textContent(title) : "", categories };
}

function build(posts: { file: string; text: string }[]) {
  return buildPosts(CONFIG, posts, NOW);
}

describe("random Unicode in every text field and the body", () => {
  it("builds well-formed feeds that read back the same text, or reports exactly the empty fields", async () => {
    let builtCases = 0;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fields, text, async (f, body) => {
        const marker = "Zmarker42";
        const built = await build([{ file: "posts/p.md", text: postText(f, `${body.replaceAll("\0", "")}\n\n${marker}\n`) }]);
        // Nothing a reader can show (only white space or characters the feeds drop) is an error too.
        const invisible = (t: string) => !/[^\p{White_Space}\p{Cc}\p{Cs}\uFFFE\uFFFF]/u.test(t.trim());
        const empty = [
          ...(invisible(f.title) ? ["title"] : []),
          // An author of exactly "" is an absent field (the site's author is used); white space only is an error.
          ...(f.author !== "" && f.author.trim() === "" ? ["author"] : []),
          ...f.tags.flatMap((t, i) => (invisible(t) ? [`tags[${i}]`] : [])),
          ...f.categories.flatMap((t, i) => (invisible(t) ? [`categories[${i}]`] : [])),
          ...(f.sourceName.trim() === "" ? ["source.name"] : []),
          ...(f.sourceAuthor.trim() === "" ? ["source.author"] : []),
        ];
        const errors = built.diagnostics.filter((d) => d.severity === "error");
        cases++;
        if (empty.length > 0) {
          // Empty texts are errors, each naming its field; nothing is written.
          expect(built.feeds).toBeUndefined();
          for (const field of empty) expect(errors.some((d) => d.field === field || (field === "author" && d.field?.startsWith("author")))).toBe(true);
          return;
        }
        expect(errors).toEqual([]);
        builtCases++;
        const feeds = built.feeds!;
        expect(xmlProblems(feeds.rss)).toEqual([]);
        expect(xmlProblems(feeds.atom)).toEqual([]);
        const title = clean(f.title.trim());
        const tags = [...new Set([...f.tags, ...f.categories].map(asLabel))].map(clean);
        const author = f.author === "" ? CONFIG.title : clean(f.author.trim());

        const json = JSON.parse(feeds.json);
        expect(json.items[0].title).toBe(title);
        expect(json.items[0].tags).toEqual(tags);
        expect(json.items[0].authors).toEqual([{ name: author }]);
        // Raw HTML in the body (an unclosed <!-- or <![CDATA[) may rightly swallow what follows it.
        const markerSurvives = !body.includes("<");
        if (markerSurvives) expect(json.items[0].content_html).toContain(marker);

        for (const [format, xml] of [["rss", feeds.rss], ["atom", feeds.atom]] as const) {
          const read = await readWithRssParser(xml);
          const item = read.items[0]!;
          // xml2js (under rss-parser) drops text that is only white space (as JavaScript's \s defines
          // it, U+FEFF included) in some paths and then hands over the attribute object: such a title may read as "".
          // conformingRead below checks that case exactly.
          const got = typeof item.title === "string" ? item.title : "";
          if (/^\s*$/.test(title)) expect(["", title], format).toContain(got);
          else expect(got, format).toBe(title);
          expect(item.categories, format).toEqual(tags);
          expect(item.authors, format).toContain(author);
          if (markerSurvives) expect(item.content, format).toContain(marker);
          expect(conformingRead(xml), format).toEqual({ title, categories: tags });
        }
      }),
      { numRuns: runs(300) },
    );
    // The round trip must be what most cases exercise, not the error branch.
    expect(builtCases / cases).toBeGreaterThan(0.6);
  });

  it("summary and source text reach the output intact in JSON, and keep the XML well-formed", async () => {
    await fc.assert(
      fc.asyncProperty(fields, async (f) => {
        const f2 = { ...f, title: `T${f.title}`, author: `A${f.author}`, tags: f.tags.map((t) => `t${t}`), categories: f.categories.map((c) => `c${c}`), sourceName: `S${f.sourceName}`, sourceAuthor: `W${f.sourceAuthor}` };
        const built = await build([{ file: "posts/s.md", text: postText(f2, "Body.") }]);
        expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const json = JSON.parse(built.feeds!.json);
        if (asSummary(f2.summary) !== "") expect(json.items[0].summary).toBe(clean(asSummary(f2.summary)));
        // The source line is HTML: its text is escaped, so no tag or entity can be injected by it.
        expect(json.items[0].content_html).not.toMatch(/<(?!\/?(p|a)\b)/);
        expect(xmlProblems(built.feeds!.rss)).toEqual([]);
        expect(xmlProblems(built.feeds!.atom)).toEqual([]);
      }),
      { numRuns: runs(100) },
    );
  });

  it("several posts with random bodies, in one feed: all three outputs stay well-formed and JSON parses", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 2, maxLength: 4 }), async (pairs) => {
        const posts = pairs.map(([title, body], i) => ({ file: `posts/p${i}.md`, text: `---\ntitle: ${yamlString(`P${i} ${title}`)}\ndate: 2024-04-1${i}\n---\n${body.replaceAll("\0", "")}\n` }));
        const built = await build(posts);
        expect(built.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(xmlProblems(built.feeds!.rss)).toEqual([]);
        expect(xmlProblems(built.feeds!.atom)).toEqual([]);
        expect(JSON.parse(built.feeds!.json).items).toHaveLength(posts.length);
      }),
      { numRuns: runs(100) },
    );
  });
});
