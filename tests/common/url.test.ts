/** The URL rules (src/common/url.ts): one rule for an absolute http(s) URL, wherever one is required. */
import { describe, expect, it } from "vitest";
import { checkHttpUrl, looksLikeHttpUrl, pagePathOf, sitePathOf } from "../../src/common/url.js";

describe("checkHttpUrl without a base: an absolute http(s) URL", () => {
  it("takes http and https URLs with a host, written out", () => {
    for (const url of ["https://example.org/", "http://example.org", "https://example.org:8080/a?b#c", "HTTPS://Example.org/", "https://user@example.org/", "https://[::1]/"]) {
      expect(checkHttpUrl(url).ok, url).toBe(true);
    }
  });

  it("refuses what is no absolute http(s) URL, or only one after WHATWG URL's repairs", () => {
    for (const url of ["example.org", "example.com/story", "ftp://example.org/", "mailto:a@example.org", "https:/example.org", "https:example.org", "http:///x", "https://", "//example.org/", "https://exa mple.org/", ""]) {
      expect(checkHttpUrl(url).ok, url).toBe(false);
    }
  });
});

describe("checkHttpUrl with a base: a reference such as a logo or image path", () => {
  it("refuses a reference WHATWG reads as another host that RFC 3986 cannot write (found by tests/build/property-urls.test.ts, seed 1902087650)", () => {
    // `/\{` is `//{` to WHATWG: the host `{`, which no URI may carry.
    const checked = checkHttpUrl("/\\{", "https://example.org:8080/");
    expect(checked).toEqual({ ok: false, why: expect.stringMatching(/its host '\{' is not a valid host name$/) });
    expect(checkHttpUrl("/a{b", "https://example.org:8080/")).toEqual({ ok: true, value: "https://example.org:8080/a%7Bb" });
  });
});

describe("sitePathOf", () => {
  it("sitePathOf never yields a path that climbs or hides a separator", () => {
    const site = "https://example.org/blog/";
    for (const hostile of ["/blog/%2e%2e/%2e%2e/etc/passwd", "/blog/a%2F..%2F..%2Fetc", "/blog/a%5C..%5Cb", "/blog/media/", "/blog/a%00b", "/blog/%E0%A4%A"]) {
      expect(sitePathOf(new URL(hostile, site), site), hostile).toBeUndefined();
    }
    expect(sitePathOf(new URL("/blog/media/%C3%A9.mp3", site), site)).toBe("media/é.mp3");
  });
});

const SITE_URL = "https://example.org/blog/";

describe("pagePathOf: the file a page URL is served from", () => {
  it.each([
    ["https://example.org/blog/posts/a/", "posts/a/index.html"],
    ["https://example.org/blog/2024/04/12/a.html", "2024/04/12/a.html"],
    ["https://example.org/blog/posts/a", "posts/a.html"],
    ["https://example.org/blog/posts/%C3%BCber/", "posts/über/index.html"],
    ["https://example.org/blog/", "index.html"],
  ])("%s → %s", (url, file) => expect(pagePathOf(url, SITE_URL)).toBe(file));

  it.each(["https://example.com/blog/posts/a/", "https://example.org/other/a/", "https://example.org/blog/a%2Fb/", "not a url"])(
    "%s has no page in the output",
    (url) => expect(pagePathOf(url, SITE_URL)).toBeUndefined(),
  );
});

describe("looksLikeHttpUrl: an argument that names a URL rather than a path", () => {
  it("is http(s) with //, in any case; paths are not", () => {
    expect(["https://jane.github.io/blog/", "HTTP://127.0.0.1:8080/"].map(looksLikeHttpUrl)).toEqual([true, true]);
    expect([".published", "https", "https:/x", "ftp://example.org/"].map(looksLikeHttpUrl)).toEqual([false, false, false, false]);
  });
});
