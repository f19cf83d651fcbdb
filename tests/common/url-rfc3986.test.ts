/**
 * URL rules (issue 11, items 5, 7 and the HTTPS:// part of 11): every URL written is an RFC 3986
 * URI in all three formats, only http(s) leaves the build, one rule for the scheme's case, and a
 * pinned id is refused (never rewritten) when it is not a URI. tests/build/property-urls.test.ts runs the
 * same through random URLs.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildPosts } from "../helpers/build.js";
import { checkHttpUrl, isUri, toUri } from "../../src/common/url.js";
import { validateAtom, validateJsonFeed, validateRss } from "../support/feed-readers.js";
import { rfc3986Problems } from "../support/rfc3986.js";

const NOW = new Date("2030-01-01T00:00:00Z");

async function build(frontmatter: string, config: Record<string, unknown> = {}) {
  const built = await buildPosts({ title: "URLs", siteUrl: "https://example.org/", ...config }, [{ file: "posts/a.md", text: `---\ntitle: T\ndate: 2024-01-01\n${frontmatter}\n---\nBody\n` }], NOW);
  return { errors: built.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic), feeds: built.feeds };
}

describe("toUri", () => {
  it.each([
    ["https://fonts.example.com/css?family=Roboto|Open+Sans", "https://fonts.example.com/css?family=Roboto%7COpen+Sans"],
    ["https://example.org/my page", "https://example.org/my%20page"],
    ["https://example.org/a^b{c}`d[e]/%zz?q=|^#frag#2|", "https://example.org/a%5Eb%7Bc%7D%60d%5Be%5D/%25zz?q=%7C%5E#frag%232%7C"],
    ["HTTPS://EXAMPLE.org/x", "https://example.org/x"],
    ["https://us|er:p%40ss@bücher.example:8080/ä?ö#ü", "https://us%7Cer:p%40ss@xn--bcher-kva.example:8080/%C3%A4?%C3%B6#%C3%BC"],
    ["https://[2001:db8::7]:443/x", "https://[2001:db8::7]/x"],
    ["https://example.org/ok%7C/~user/(1);a=b", "https://example.org/ok%7C/~user/(1);a=b"],
  ])("%s → %s, valid by RFC 3986", (input, expected) => {
    const uri = toUri(new URL(input));
    expect(uri).toBe(expected);
    expect(rfc3986Problems(uri)).toEqual([]);
    expect(isUri(uri)).toBe(true);
  });

  it("isUri agrees with the independent check on what WHATWG leaves raw", async () => {
    for (const raw of ["https://example.org/3{a}|b", "https://example.org/a b", "https://example.org/%zz", "https://example.org/#a#b", "https://example.org/^"]) {
      expect(isUri(raw), raw).toBe(false);
      expect(rfc3986Problems(raw), raw).not.toEqual([]);
    }
    for (const ok of ["tag:example.com,2024:hello", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "https://[::1]/", "mailto:a@example.org"]) expect(isUri(ok), ok).toBe(true);
  });
});

describe("every URL field is written as an RFC 3986 URI, in all three formats", () => {
  it("link with '|', author.url with a space, image and enclosure with braces and %zz: all feeds valid", async () => {
    const { errors, feeds } = await build(
      [
        "link: https://fonts.example.com/css?family=Roboto|Open+Sans",
        "author:\n  name: Jane\n  url: https://example.org/my page",
        "image: /img/{a}|b.png",
        "enclosure:\n  url: https://cdn.example.org/ep^1%zz.mp3\n  type: audio/mpeg\n  length: 10",
        "source:\n  name: Wire\n  url: https://wire.example/`story`#a#b",
      ].join("\n"),
      { author: { name: "Site", url: "https://example.org/about us" }, icon: "/icon|a.png", logo: "https://example.org/logo^.png" },
    );
    expect(errors).toEqual([]);
    expect(validateRss(feeds!.rss)).toEqual([]);
    expect(await validateAtom(feeds!.atom)).toEqual([]);
    expect(validateJsonFeed(feeds!.json)).toEqual([]);
    for (const text of [feeds!.rss, feeds!.atom, feeds!.json]) {
      expect(text).toContain("https://fonts.example.com/css?family=Roboto%7COpen+Sans");
      expect(text).toContain("https://cdn.example.org/ep%5E1%25zz.mp3");
      expect(text).not.toMatch(/https?:\/\/[^\s"<]*[|^{}`]/);
    }
    // RSS has no author URL; Atom's <uri> and JSON's authors[].url do.
    for (const text of [feeds!.atom, feeds!.json]) expect(text).toContain("https://example.org/my%20page");
    const json = JSON.parse(feeds!.json) as { items: { image: string; authors: { url: string }[] }[]; authors: { url: string }[]; icon: string; favicon: string };
    expect(json.items[0]!.image).toBe("https://example.org/img/%7Ba%7D%7Cb.png");
    expect(json.items[0]!.authors[0]!.url).toBe("https://example.org/my%20page");
    expect(json.authors[0]!.url).toBe("https://example.org/about%20us");
    expect(json.favicon).toBe("https://example.org/icon%7Ca.png");
    expect(json.icon).toBe("https://example.org/logo%5E.png");
  });

  it("a siteUrl or postUrl with characters to encode gives encoded item URLs and ids", async () => {
    const { errors, feeds } = await build("", { siteUrl: "https://example.org/a|b/", postUrl: "/p^/{slug}/" });
    expect(errors).toEqual([]);
    const json = JSON.parse(feeds!.json) as { home_page_url: string; items: { id: string; url: string }[] };
    expect(json.home_page_url).toBe("https://example.org/a%7Cb/");
    expect(json.items[0]!.url).toBe("https://example.org/a%7Cb/p%5E/a/");
    expect(json.items[0]!.id).toBe(json.items[0]!.url);
  });

  it("a pinned id that is not a URI is refused, never rewritten, and the message says what to write", async () => {
    expect((await build("id: https://example.org/3{a}|b")).errors).toEqual([
      "posts/a.md:4:5: error: id: 'https://example.org/3{a}|b' is not a valid URI (RFC 3986: spaces, |, ^, {, }, `, [ ], a second # and a % that starts no %XX escape must be percent-encoded); an id is never rewritten (it must not change once published), so write it encoded: id: https://example.org/3%7Ba%7D%7Cb",
    ]);
    expect((await build("id: https://example.org/3%7Ba%7D%7Cb")).errors).toEqual([]);
    expect((await build("id: tag:example.org,2024:hello")).errors).toEqual([]);
  });
});

describe("only http(s) leaves the build", () => {
  it.each([
    ["link", "link: javascript:alert(1)", 4, 7],
    ["image", "image: javascript:alert(1)", 4, 8],
    ["image", "image: data:image/png;base64,AAAA", 4, 8],
    ["enclosure.url", "enclosure:\n  url: javascript:alert(1)\n  type: audio/mpeg\n  length: 1", 5, 8],
    ["author.url", "author:\n  name: J\n  url: javascript:alert(1)", 6, 8],
    ["source.url", "source:\n  name: S\n  url: JavaScript:alert(1)", 6, 8],
    ["image", "image: ftp://example.org/a.png", 4, 8],
  ])("%s: %s is an error naming the field", async (field, frontmatter, line, column) => {
    const { errors } = await build(frontmatter);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^posts/a\\.md:${line}:${column}: error: ${field.replace(".", "\\.")}: must be .*; a '[a-z]+:' URL is refused \\(only http and https URLs leave the build\\)`));
  });

  it.each([["icon"], ["logo"]])("the configuration's %s too", async (key) => {
    expect((await build("", { [key]: "javascript:alert(1)" })).errors).toEqual([
      expect.stringMatching(new RegExp(`^feedwright\\.config\\.json:\\d+:\\d+: error: ${key}: must be a URL such as .*; a 'javascript:' URL is refused`)),
    ]);
  });

  it("a control character inside a URL (which WHATWG parsing would silently drop) is refused", async () => {
    expect(checkHttpUrl("java\tscript:alert(1)", "https://example.org/").ok).toBe(false);
    expect(checkHttpUrl("https://exa\nmple.org/").ok).toBe(false);
  });
});

describe("one rule for the scheme's case", () => {
  it("HTTPS:// is accepted in every URL field and written in lower case", async () => {
    const { errors, feeds } = await build(
      "link: HTTPS://example.org/l\nimage: HTTPS://example.org/i.png\nauthor:\n  name: J\n  url: HTTPS://example.org/j\nsource:\n  name: S\n  url: HTTP://example.org/s\nenclosure:\n  url: HTTPS://example.org/e.mp3\n  type: audio/mpeg\n  length: 1",
      { siteUrl: "HTTPS://example.org/", author: { name: "S", url: "HTTPS://example.org/a" }, icon: "HTTPS://example.org/f.png" },
    );
    expect(errors).toEqual([]);
    for (const text of [feeds!.rss, feeds!.atom, feeds!.json]) expect(text).not.toContain("HTTP");
  });
});
