/**
 * Every malformed post of issue 4 is a fixture in tests/fixtures/bad/, and each test asserts the
 * exact message a user sees (file:line:col: severity: field: message), so a regression in the
 * wording, the line or the field shows here. Fixtures that would be huge or binary are made here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import type { Site } from "../../src/model/site.js";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { createPostParser, type ParsedSource } from "../../src/parse/post.js";
import { postUrlFrom, postUrlMaker } from "../../src/common/url.js";
import { FIXTURES } from "../helpers/build.js";
import { siteOf } from "../helpers/site.js";

const BAD = path.join(FIXTURES, "bad");

function siteWith(config: Record<string, unknown> = {}): Site {
  return siteOf(parseConfig(JSON.stringify({ title: "Test", siteUrl: "https://example.org/", timezone: "Europe/Berlin", ...config }), "feedwright.config.json", {}));
}

const parse = createPostParser(siteWith());

/** Parses a fixture as if it were posts/<name>, the path a user would see. */
function parseFixture(name: string): ParsedSource {
  return parse({ file: `posts/${path.basename(name)}`, bytes: readFileSync(path.join(BAD, name)) });
}

function messages(parsed: ParsedSource): string[] {
  return parsed.diagnostics.map(formatDiagnostic);
}

function parseText(text: string, file = "posts/generated.md"): ParsedSource {
  return parse({ file, bytes: Buffer.from(text, "utf8") });
}

/** Fixture → the one error it must produce, and no post. */
const ERRORS: Record<string, string> = {
  "yaml-syntax.md":
    "posts/yaml-syntax.md:4:7: error: frontmatter is not valid YAML here (bad indentation of a mapping entry): start each field at the beginning of its line, and quote a value that contains ': ' or starts with @ or `, e.g. title: \"Hello: World\"",
  "yaml-colon-in-value.md":
    "posts/yaml-colon-in-value.md:2:13: error: frontmatter is not valid YAML here (bad indentation of a mapping entry): start each field at the beginning of its line, and quote a value that contains ': ' or starts with @ or `, e.g. title: \"Hello: World\"",
  "yaml-tab-indent.md": "posts/yaml-tab-indent.md:5:1: error: frontmatter indents with a tab; YAML allows only spaces",
  "yaml-duplicate-key.md": "posts/yaml-duplicate-key.md:4:1: error: frontmatter has 'title' twice; keep one of them",
  "control-char-in-yaml.md":
    "posts/control-char-in-yaml.md:2:12: error: frontmatter contains the control character U+0007, which YAML does not allow; remove it, or write it as \"\\u0007\" inside double quotes",
  "unclosed.md": "posts/unclosed.md:1: error: the frontmatter opened on line 1 is never closed; add a line '---' after the last field",
  "no-frontmatter.md": "posts/no-frontmatter.md:1: error: has no frontmatter; start the file with a line '---', then title: and date:, then a closing '---'",
  "empty.md": "posts/empty.md: error: the file is empty; a post starts with frontmatter between --- lines, with at least title and date",
  "whitespace-only.md": "posts/whitespace-only.md: error: the file is empty; a post starts with frontmatter between --- lines, with at least title and date",
  "title-missing.md": 'posts/title-missing.md:1: error: title: is missing; add a line such as title: "Hello, world"',
  "title-empty.md": "posts/title-empty.md:2:8: error: title: must not be empty (found '')",
  "title-blank.md": 'posts/title-blank.md:2:7: error: title: must be text, e.g. title: "Hello" (found an empty value)',
  "title-list.md": 'posts/title-list.md:2:8: error: title: must be text, e.g. title: "Hello" (found a list of 2 entries)',
  "title-number.md": 'posts/title-number.md:2:8: error: title: must be text, e.g. title: "Hello" (found the number 2024)',
  "date-missing.md": "posts/date-missing.md:1: error: date: is missing; add a line such as date: 2024-04-12 or date: 2024-04-12T18:30:00+02:00",
  "date-2023-02-29.md": "posts/date-2023-02-29.md:3:7: error: date: '2023-02-29' does not exist: 2023-02 has 28 days",
  "date-2024-13-01.md": "posts/date-2024-13-01.md:3:7: error: date: '2024-13-01' has month 13; months run from 01 to 12",
  "date-24-30.md": "posts/date-24-30.md:3:7: error: date: '2024-04-12T24:30' has hour 24; hours run from 00 to 23",
  "date-unparseable.md":
    "posts/date-unparseable.md:3:7: error: date: 'next Tuesday' is not a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00",
  "date-2024-02-30.md": "posts/date-2024-02-30.md:3:7: error: date: '2024-02-30' does not exist: 2024-02 has 29 days",
  "date-2024-02-30-quoted.md": "posts/date-2024-02-30-quoted.md:3:7: error: date: '2024-02-30' does not exist: 2024-02 has 29 days",
  "date-number.md":
    "posts/date-number.md:3:7: error: date: expected a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00, found the number 20240412",
  "date-list.md": "posts/date-list.md:3:7: error: date: expected a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00, found a list",
  "tags-number.md": 'posts/tags-number.md:4:14: error: tags[1]: must be text; quote a number or date, e.g. "2024" (found the number 2024)',
  "tags-mapping.md": "posts/tags-mapping.md:5:3: error: tags: must be a list of strings, e.g. [news, ai] (found a mapping (fields indented below it))",
  "image-not-url.md":
    "posts/image-not-url.md:4:8: error: image: must be a URL such as https://example.com/a.png or a path such as /images/a.png; it cannot be read as a URL (is the host right?) (found 'http://exa mple.com/lead.png')",
  "link-not-url.md": "posts/link-not-url.md:4:7: error: link: must be an absolute http(s) URL such as https://example.com/; the scheme https:// is missing (found 'example.com/story')",
  "enclosure-url-not-url.md":
    "posts/enclosure-url-not-url.md:5:8: error: enclosure.url: must be a URL such as https://example.com/a.png or a path such as /images/a.png; it cannot be read as a URL (is the host right?) (found 'https://exa mple.com/a.mp3')",
  "enclosure-no-type.md": "posts/enclosure-no-type.md:4:1: error: enclosure.type: is missing; add type: below enclosure, the file's MIME type, e.g. type: audio/mpeg",
  "enclosure-remote-no-length.md":
    "posts/enclosure-remote-no-length.md:4:1: error: enclosure.length: is missing; 'https://cdn.example.com/episode-1.mp3' is a remote file, so give its size in bytes, e.g. length: 12345678 (or use a relative URL to a file in the static folder, whose size is read)",
  "js-frontmatter.md":
    "posts/js-frontmatter.md:2:11: error: frontmatter (---js) calls a function; only declarations of plain values are read (e.g. const draft = true;), nothing in it runs",
  "javascript-frontmatter.md":
    "posts/javascript-frontmatter.md:2:11: error: frontmatter (---js) calls a function; only declarations of plain values are read (e.g. const draft = true;), nothing in it runs",
  "coffee-frontmatter.md":
    "posts/coffee-frontmatter.md:1: error: opens its frontmatter as 'coffee'; accepted are YAML between '---' lines, TOML between '+++' lines, a JSON object, or '---js' with declarations of plain values (other engines run code at build time): start the file with a plain '---' line",
  "yaml-tag-function.md":
    "posts/yaml-tag-function.md:2:48: error: frontmatter uses the YAML tag !!js/function; tags are not allowed in frontmatter (they are how YAML loaders run code): remove it, or quote the value",
  "yaml-tag-undefined.md":
    "posts/yaml-tag-undefined.md:4:27: error: frontmatter uses the YAML tag !!js/undefined; tags are not allowed in frontmatter (they are how YAML loaders run code): remove it, or quote the value",
  "yaml-tag-include.md":
    "posts/yaml-tag-include.md:4:30: error: frontmatter uses the YAML tag !include; tags are not allowed in frontmatter (they are how YAML loaders run code): remove it, or quote the value",
};

describe("each malformed post gives one error naming file, line, field and the fix", () => {
  for (const [fixture, expected] of Object.entries(ERRORS)) {
    it(fixture, () => {
      const parsed = parseFixture(fixture);
      expect(messages(parsed)).toEqual([expected]);
      expect(parsed.post).toBeUndefined();
    });
  }

  it("has a fixture for every case listed, and a case for every fixture", async () => {
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(BAD).filter((name) => name.endsWith(".md"));
    const covered = new Set([...Object.keys(ERRORS), "bom.md", "crlf.md", "unknown-key.md", "updated-before-date.md", "alias-bomb.md"]);
    expect(files.filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe("YAML never rolls an impossible date over", () => {
  it("a YAML 1.1 timestamp loader would turn 2024-02-30 into March 1st: ours keeps it a string and refuses it", () => {
    const text = readFileSync(path.join(BAD, "date-2024-02-30.md"), "utf8").split("---")[1]!;
    // What the default js-yaml (and gray-matter's default engine) does: proof that the fixture matters.
    const rolled = (jsYaml.load(text) as { date: Date }).date;
    expect(rolled).toBeInstanceOf(Date);
    expect(rolled.toISOString()).toBe("2024-03-01T00:00:00.000Z");
    expect(parseFixture("date-2024-02-30.md").post).toBeUndefined();
  });

  it("a real leap day is accepted, in the site's time zone", () => {
    const parsed = parseText("---\ntitle: Leap\ndate: 2024-02-29\n---\n");
    expect(messages(parsed)).toEqual([]);
    expect(parsed.post!.date.toISOString()).toBe("2024-02-28T23:00:00.000Z");
  });

  it("times a YAML 1.1 loader reads as numbers (12:30 is 750 in base 60) stay text and are refused", () => {
    expect(messages(parseText("---\ntitle: T\ndate: 12:30\n---\n"))).toEqual([
      "posts/generated.md:3:7: error: date: '12:30' is not a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00",
    ]);
  });
});

describe("posts that parse, with or without warnings", () => {
  it("a byte-order mark is dropped", () => {
    const parsed = parseFixture("bom.md");
    expect(messages(parsed)).toEqual([]);
    expect(parsed.post!.title).toBe("With a byte-order mark");
    expect(parsed.body).toBe("Body.\n");
  });

  it("CRLF line ends read like LF", () => {
    const parsed = parseFixture("crlf.md");
    expect(messages(parsed)).toEqual([]);
    expect(parsed.post!.title).toBe("Windows line ends");
    expect(parsed.post!.tags).toEqual(["crlf"]);
    expect(parsed.body).toBe("First line.\nSecond line.\n");
  });

  it("an unknown key is a warning with a suggestion, and the post still builds", () => {
    const parsed = parseFixture("unknown-key.md");
    expect(messages(parsed)).toEqual(["posts/unknown-key.md:2:1: warning: tilte: 'tilte' is not a field; did you mean 'title'?"]);
    expect(parsed.post!.title).toBe("Hello");
  });

  it("updated earlier than date is a warning, and updated is ignored", () => {
    const parsed = parseFixture("updated-before-date.md");
    expect(messages(parsed)).toEqual([
      "posts/updated-before-date.md:4:10: warning: updated: '2024-04-10' is earlier than date '2024-04-12'; it is ignored (feeds show date as the last change): correct one of them",
    ]);
    expect(parsed.post!.updated).toBeUndefined();
  });

  it("a 20 MB post parses whole", () => {
    const paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(16) + "\n\n";
    const body = paragraph.repeat(Math.ceil((20 * 1024 * 1024) / paragraph.length));
    const parsed = parseText(`---\ntitle: Huge\ndate: 2024-04-12\n---\n${body}THE END\n`, "posts/huge.md");
    expect(messages(parsed)).toEqual([]);
    expect(parsed.body!.length).toBeGreaterThan(20 * 1024 * 1024);
    expect(parsed.body!.endsWith("THE END\n")).toBe(true);
  });
});

describe("bytes that are not a text post", () => {
  it("invalid UTF-8 names the byte and its line", () => {
    const bytes = Buffer.concat([Buffer.from("---\ntitle: Caf"), Buffer.from([0xe9]), Buffer.from("\ndate: 2024-04-12\n---\n")]);
    const parsed = parse({ file: "posts/latin1.md", bytes });
    expect(messages(parsed)).toEqual(["posts/latin1.md:2: error: is not valid UTF-8 (byte 15); save the file as UTF-8"]);
  });

  it("a binary file is refused", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(messages(parse({ file: "posts/picture.md", bytes: png }))).toEqual([
      "posts/picture.md: error: is a binary file (it contains NUL bytes), not a Markdown post; remove it from the posts folder",
    ]);
  });
});

describe("bounded: hostile frontmatter ends quickly with an error", () => {
  it("an alias bomb (9^9 strings if expanded) is refused without expanding it", () => {
    const parsed = parseFixture("alias-bomb.md");
    const errors = messages(parsed).filter((m) => m.includes(": error: "));
    expect(errors).toHaveLength(9);
    expect(errors[0]).toBe('posts/alias-bomb.md:13:1: error: tags[0]: must be text; quote a number or date, e.g. "2024" (found a list of 9 entries)');
    expect(parsed.post).toBeUndefined();
  });

  it("nesting thousands deep is refused at the depth bound", () => {
    const deep = `---\ntitle: Deep\ndate: 2024-04-12\nsource: ${"[".repeat(5000)}${"]".repeat(5000)}\n---\n`;
    expect(messages(parseText(deep))).toEqual(["posts/generated.md:4:72: error: frontmatter is nested more than 64 levels deep; no field needs more than 3"]);
    const deepMap = `---\ntitle: Deep\ndate: 2024-04-12\nsource:\n${Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")} 1\n---\n`;
    expect(messages(parseText(deepMap))).toEqual(["posts/generated.md:67:64: error: frontmatter is nested more than 64 levels deep; no field needs more than 3"]);
  });

  it("a 10,000-element tag list is refused", () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `tag${i}`).join(", ");
    expect(messages(parseText(`---\ntitle: Tags\ndate: 2024-04-12\ntags: [${tags}]\n---\n`))).toEqual([
      "posts/generated.md:4:7: error: tags: must have at most 100 entries (found a list of 10000 entries)",
    ]);
  });
});

describe("enclosures: length given, or read from the static folder", () => {
  const enclosurePost = (url: string, length = "") => `---\ntitle: Episode\ndate: 2024-04-12\nslug: ep1\nenclosure:\n  url: ${url}\n  type: audio/mpeg\n${length}---\n`;

  it("a relative URL without length is marked for the static folder, by its path below the site URL", () => {
    const blog = createPostParser(siteWith({ siteUrl: "https://example.org/blog/" }));
    // A root-relative URL is below the site URL's own path (a project site at /blog/).
    const rooted = blog({ file: "posts/ep1.md", bytes: Buffer.from(enclosurePost("/media/ep%201.mp3")) });
    expect(rooted.post!.enclosure).toEqual({ url: "https://example.org/blog/media/ep%201.mp3", type: "audio/mpeg", sitePath: "media/ep 1.mp3" });
    const beside = blog({ file: "posts/ep1.md", bytes: Buffer.from(enclosurePost("ep1.mp3")) });
    expect(beside.post!.enclosure!.sitePath).toBe("posts/ep1/ep1.mp3");
  });

  it("a relative URL that leaves the site is an error asking for length", () => {
    const blog = createPostParser(siteWith({ siteUrl: "https://example.org/blog/" }));
    expect(messages(blog({ file: "posts/ep1.md", bytes: Buffer.from(enclosurePost("../../../media/ep1.mp3")) }))).toEqual([
      "posts/ep1.md:6:8: error: enclosure.url: '../../../media/ep1.mp3' resolves to https://example.org/media/ep1.mp3, outside the site https://example.org/blog/, so its size cannot be read from the static folder; write a path inside the site or give enclosure.length",
    ]);
  });

  it("a given length is kept and nothing is looked up", () => {
    expect(parseText(enclosurePost("https://cdn.example.com/a.mp3", "  length: 42\n")).post!.enclosure).toEqual({ url: "https://cdn.example.com/a.mp3", type: "audio/mpeg", length: 42 });
  });
});

describe("post URLs", () => {
  it("postUrlMaker gives what parsing each URL gives, for any valid slug and where {slug} may stand", () => {
    const templates = [
      ["https://example.org/", "/posts/{slug}/"],
      ["https://example.org/blog/", "posts/{slug}.html"],
      ["https://example.org/blog/", "/{slug}"],
      ["https://example.org/", "/p/{slug}/?from={slug}#{slug}"],
      ["https://example.org/", "/a/./b/../{slug}/x/.."],
      ["https://example.org/", "https://{slug}.example.com/"],
      ["https://example.org/", "//cdn.example.net/{slug}"],
      ["https://example.org/feedwrightslugmarker/", "/{slug}/"],
      ["https://example.org/blog/", "/{year}/{month}/{day}/{slug}.html"],
      ["https://example.org/", "/{filename}/{slug}/?y={year}"],
      ["https://{slug}.example.org/", "/{filename}/"],
    ];
    // What the schema and the file-name check let through: a letter or digit, then letters, digits and ._~-
    const letter = fc.constantFrom("a", "Z", "7", "ü", "ß", "é", "Ω", "日", "٣", "𝒜");
    const slug = fc.tuple(letter, fc.array(fc.oneof(letter, fc.constantFrom(".", "_", "~", "-", "..")), { maxLength: 10 })).map(([first, rest]) => first + rest.join(""));
    for (const [siteUrl, postUrl] of templates) {
      const site = siteWith({ siteUrl, postUrl });
      const make = postUrlMaker(site.siteUrl, site.postUrl);
      fc.assert(
        fc.property(slug, slug, fc.integer({ min: 1, max: 9999 }), (s, name, year) => {
          const values = { slug: s, filename: name, year: String(year).padStart(4, "0"), month: "02", day: "29", path: [], categories: [] };
          let parsed: string | Error;
          try {
            parsed = postUrlFrom(site.siteUrl, site.postUrl, values);
          } catch (cause) {
            parsed = cause as Error;
          }
          if (parsed instanceof Error) expect(() => make(values)).toThrow();
          else expect(make(values), `${postUrl} with ${s}`).toBe(parsed);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe("other tools' frontmatter, read as it is (src/post/vocabulary.ts)", () => {
  const post = (head: string, site = siteWith()) => createPostParser(site)({ file: "posts/a.md", bytes: Buffer.from(`---\ntitle: A\n${head}---\nBody.\n`, "utf8") });

  it("Astro's pubDate, description and heroImage, with its written date, in the site's zone", () => {
    const parsed = post("pubDate: 'Jul 08 2022'\ndescription: Lorem\nheroImage: /hero.jpg\nupdatedDate: 'Jul 09 2022'\n");
    expect(messages(parsed)).toEqual([]);
    expect(parsed.post).toMatchObject({ date: new Date("2022-07-07T22:00:00Z"), updated: new Date("2022-07-08T22:00:00Z"), summary: "Lorem", image: "https://example.org/hero.jpg" });
  });

  it("a later publishDate holds the post back and becomes its date; expiryDate expires it", () => {
    const parsed = post("date: 2024-01-01\npublishDate: 2030-01-01\nexpiryDate: 2031-01-01\n");
    expect(parsed.post).toMatchObject({ date: new Date("2029-12-31T23:00:00Z"), expires: new Date("2030-12-31T23:00:00Z") });
    expect(post("date: 2024-01-01\npublishDate: 2020-01-01\n").post!.date).toEqual(new Date("2023-12-31T23:00:00Z"));
    expect(messages(post("date: 2024-01-01\npublishDate: soon\n"))).toEqual([
      "posts/a.md:4:14: error: publishDate: 'soon' is not a date such as 2024-04-12, 2024-04-12T18:30 or 2024-04-12T18:30:00+02:00",
    ]);
  });

  it("published: false and \"true\" drafts are drafts; the quoted one warns", () => {
    expect(post("date: 2024-01-01\npublished: false\n").post!.draft).toBe(true);
    const quoted = post('date: 2024-01-01\ndraft: "true"\n');
    expect(quoted.post!.draft).toBe(true);
    expect(messages(quoted)).toEqual(["posts/a.md:4:1: warning: draft: is the text 'true', read as true; write draft: true without quotes"]);
  });

  it("messages name the field as the post wrote it, at its place", () => {
    expect(messages(post("pubDate: 05/03/2024\n"))).toEqual([
      "posts/a.md:3:10: error: pubDate: '05/03/2024' does not say whether the day or the month comes first; write it as 2024-03-05 (day first) or 2024-05-03 (month first)",
    ]);
    expect(messages(post("date: 2024-01-01\ncategory: [1]\n"))).toEqual(['posts/a.md:4:12: error: category[0]: must be text; quote a number or date, e.g. "2024" (found the number 1)']);
  });

  it("generator fields are silent, an empty string is absent, string tags follow splitTags", () => {
    const parsed = post("date: 2024-01-01\nlayout: post\npermalink: /x/\nweight: 3\nlink: ''\ntags: jekyll ruby\ncategory: news\n");
    expect(messages(parsed)).toEqual([]);
    // permalink is the post's path (a generator field otherwise silent).
    expect(parsed.post).toMatchObject({ link: "https://example.org/x/", tags: ["jekyll ruby"], categories: ["news"] });
    expect(post("date: 2024-01-01\ntags: jekyll ruby\n", siteWith({ splitTags: "spaces" })).post!.tags).toEqual(["jekyll", "ruby"]);
    expect(post("date: 2024-01-01\ntags: news, ai\n").post!.tags).toEqual(["news", "ai"]);
  });

  it("the configuration's lists replace the defaults", () => {
    const site = siteWith({ frontmatter: { date: ["published_at", ":default"], ignore: ["hero"] } });
    const parsed = post("published_at: 2023-05-01\ndate: 2020-01-01\nhero: x\n", site);
    expect(messages(parsed)).toEqual([]);
    expect(parsed.post!.date).toEqual(new Date("2023-04-30T22:00:00Z"));
  });

  it("TOML, JSON and ---js posts parse like YAML ones", () => {
    const toml = parse({ file: "posts/t.md", bytes: Buffer.from('+++\ntitle = "T"\ndate = 2024-04-12\ndraft = true\ntags = ["a"]\n+++\nBody\n') });
    expect(toml.post).toMatchObject({ title: "T", date: new Date("2024-04-11T22:00:00Z"), draft: true, tags: ["a"] });
    const json = parse({ file: "posts/j.md", bytes: Buffer.from('{\n  "title": "J",\n  "date": "2024-04-12"\n}\nBody\n') });
    expect(json.post).toMatchObject({ title: "J" });
    const js = parse({ file: "posts/e.md", bytes: Buffer.from('---js\nconst title = "E";\nconst date = "2024-04-12";\nconst draft = true;\n---\nBody\n') });
    expect(js.post).toMatchObject({ title: "E", draft: true });
    expect(messages(parse({ file: "posts/x.md", bytes: Buffer.from('+++\ntitle = "T"\ndate = 2024-04-12\ntilte = 1\n+++\n') }))).toEqual([
      "posts/x.md:4:1: warning: tilte: 'tilte' is not a field; did you mean 'title'?",
    ]);
  });
});
