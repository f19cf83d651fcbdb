import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { formatPageDate, renderHomePage, renderPostPage } from "../../src/render/page.js";
import type { FeedItem } from "../../src/model/feed.js";
import { siteOf } from "../helpers/site.js";

const site = siteOf(parseConfig(JSON.stringify({ title: "T <&>", siteUrl: "https://example.org/blog/", language: "de", timezone: "Europe/Berlin" }), "c.json", {}));
const feeds = { rss: "https://example.org/blog/rss.xml", atom: "https://example.org/blog/atom.xml", json: "https://example.org/blog/feed.json", opml: "https://example.org/blog/feeds.opml" };

function item(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    file: "posts/a.md",
    id: "https://example.org/blog/posts/a/",
    link: "https://example.org/blog/posts/a/",
    url: "https://example.org/blog/posts/a/",
    title: 'A <script>alert("x")</script> & "b"',
    published: new Date("2024-04-12T16:30:00Z"),
    modified: new Date("2024-04-12T16:30:00Z"),
    authors: [{ name: "Jane <J>" }],
    summary: "Sum <b>mary</b>",
    contentHtml: "<h1>Inner</h1><h2>Deeper</h2><p>Text</p>",
    categories: ["x<y"],
    ...overrides,
  };
}

describe("page text", () => {
  it("dates are in the site's zone and language, whatever the host's", () => {
    const before = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      expect(formatPageDate(new Date("2024-04-12T16:30:00Z"), site)).toBe("12. April 2024, 18:30");
      expect(formatPageDate(new Date("2024-04-12T16:30:00Z"), { language: "en-GB", timezone: "UTC" })).toBe("April 12th, 2024, 4:30 PM");
    } finally {
      process.env.TZ = before;
    }
  });

  it("escapes every text from a post, and keeps one h1", () => {
    const html = renderPostPage(item(), site, feeds, "posts/a/index.html");
    expect(html).not.toContain("<script>");
    expect(html).toContain("<h1>A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;b&quot;</h1>");
    expect(html).toContain("von Jane &lt;J&gt;");
    expect(html).toContain("<li>x&lt;y</li>");
    expect(html).toContain('content="Sum &lt;b&gt;mary&lt;/b&gt;"');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain("<h2>Inner</h2><h3>Deeper</h3>");
    expect(html).toContain('<link rel="stylesheet" href="../../style.css">');
  });

  it("the lead image is shown before the content, once: not again when the content shows the same image", () => {
    const image = "https://example.org/blog/img/a.svg?w=1&h=2";
    const apart = renderPostPage(item({ image }), site, feeds, "posts/a/index.html");
    expect(apart.match(/<img /g)).toHaveLength(1);
    expect(apart).toContain('<img class="lead" src="https://example.org/blog/img/a.svg?w=1&amp;h=2" alt="">');
    const repeated = renderPostPage(item({ image, contentHtml: '<p>Text <img src="https://example.org/blog/img/a.svg?w=1&amp;h=2" alt="A lighthouse"></p>' }), site, feeds, "posts/a/index.html");
    expect(repeated.match(/<img /g)).toHaveLength(1);
    expect(repeated).toContain('alt="A lighthouse"');
    expect(repeated).not.toContain('class="lead"');
  });

  it("a link post links to where it points; an enclosure that is neither audio nor video is a download link", () => {
    const html = renderPostPage(
      item({ externalUrl: "https://example.com/x?a=1&b=2", enclosure: { url: "https://example.org/blog/f.pdf", type: "application/pdf", length: 1_500_000 } }),
      site,
      feeds,
      "posts/a/index.html",
    );
    expect(html).toContain('<a href="https://example.com/x?a=1&amp;b=2">Zum verlinkten Beitrag</a>');
    expect(html).not.toMatch(/<audio|<video/);
    expect(html).toContain('<a href="https://example.org/blog/f.pdf" type="application/pdf" download>Herunterladen</a> (application/pdf, 1.5 MB)');
  });

  it("the home page links each post relative to the root and marks a post in another language", () => {
    const html = renderHomePage([{ item: item({ lang: "en" }), pagePath: "posts/a/index.html" }], site, feeds);
    expect(html).toContain('<li lang="en"><article>\n<h3><a href="posts/a/">');
    expect(html).toContain('<time datetime="2024-04-12T16:30:00.000Z" lang="de">12. April 2024, 18:30</time>');
  });
});
