/**
 * A small site per ecosystem, in each tool's own conventions (tests/fixtures/sites/): Jekyll's
 * `_posts` with `published: false`, string categories and tags, Liquid; Hugo's TOML, YAML after a
 * blank line, JSON, `publishDate`/`expiryDate`/`lastmod`, shortcodes; Astro's `pubDate`,
 * `description`, `heroImage` and an `.mdx`; Eleventy's string tags, a `---js` draft and a post in a
 * folder of its own. Each builds without editing a post, its feeds pass the validators, readers
 * read the fields under their names, and hidden posts are in no output.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { buildSite, FIXTURES } from "../helpers/build.js";
import { readWithFeedsmith, readWithRssParser, validateAtom, validateJsonFeed, validateRss } from "../support/feed-readers.js";

const SITES = path.join(FIXTURES, "sites");
const NOW = "2026-06-01T00:00:00Z";

async function built(name: string) {
  const site = await buildSite(path.join(SITES, name), NOW);
  expect(site.result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
  expect(site.result.ok).toBe(true);
  expect(validateRss(site.rss)).toEqual([]);
  expect(await validateAtom(site.atom)).toEqual([]);
  const json = JSON.parse(site.json);
  expect(validateJsonFeed(json)).toEqual([]);
  const warnings = site.result.diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic);
  return { ...site, json, warnings };
}

/** Every output's text, for "this never appears anywhere". */
const everything = (site: { rss: string; atom: string; json: unknown }) => site.rss + site.atom + JSON.stringify(site.json);

describe("Jekyll", () => {
  it("builds as it is: published: false hidden, categories and tags split at spaces, excerpt and description read, Liquid warned about", async () => {
    const site = await built("jekyll");
    expect(site.json.items.map((i: { title: string }) => i.title)).toEqual(["Release 1.0", "Welcome to Jekyll!"]);
    expect(everything(site)).not.toContain("Not ready");
    expect(everything(site)).not.toContain("never reach a feed");
    const [release, welcome] = site.json.items;
    expect(welcome).toMatchObject({ summary: "You’ll find this post in your _posts directory.", date_published: "2016-01-01T09:00:00.000Z", tags: ["jekyll", "ruby", "update"] });
    expect(release).toMatchObject({ summary: "Version 1.0 is out.", date_modified: "2016-02-11T23:00:00.000Z", image: "https://jane.example.org/assets/release.png", tags: ["news"] });
    // Footnotes rendered, with links that lead somewhere.
    expect(welcome.content_html).toContain('<section class="footnotes">');
    expect(welcome.content_html).toMatch(/href="https:\/\/jane\.example\.org\/blog\/welcome\/#fn1"/);
    expect(site.warnings).toEqual([
      expect.stringMatching(/^_posts\/2016-01-01-welcome\.md:14:1: warning: has Liquid or Nunjucks template code '\{% highlight ruby %\}'/),
    ]);
    const rss = await readWithRssParser(site.rss);
    expect(rss.items.map((i) => i.categories)).toEqual([["news"], ["jekyll", "ruby", "update"]]);
  });
});

describe("Hugo", () => {
  it("builds as it is: TOML, YAML after a blank line and JSON; future publishDate, past expiryDate and draft absent; lastmod, images, description read", async () => {
    const site = await built("hugo");
    expect(site.json.items.map((i: { title: string }) => i.title)).toEqual(["JSON frontmatter", "A YAML post after a blank line", "Hugo 0.91.0"]);
    for (const hidden of ["Announced later", "Not yet.", "Gone", "Expired.", "Draft"]) expect(everything(site), hidden).not.toContain(hidden);
    const [, yaml, release] = site.json.items;
    expect(release).toMatchObject({
      summary: "Hugo 0.91.0 brings config and content improvements.",
      date_published: "2021-12-17T10:00:00.000Z",
      date_modified: "2021-12-18T09:00:00.000Z",
      image: "https://hugo.example.org/images/0.91.png",
      tags: ["release", "Releases"],
    });
    // A later publishDate holds the post back and becomes its date.
    expect(yaml.date_published).toBe("2022-01-06T00:00:00.000Z");
    expect(site.result.selection!.counts).toMatchObject({ drafts: 1, scheduled: 1, expired: 1 });
    expect(site.warnings).toEqual([expect.stringMatching(/^content\/posts\/release-0-91\.md:14:\d+: warning: has Hugo shortcode '\{\{< gh 9274 >\}\}'/)]);
    const atom = await readWithFeedsmith(site.atom, "atom");
    expect(atom.items.length).toBe(3);
  });
});

describe("Astro", () => {
  it("builds as it is: pubDate 'Jul 08 2022' in the site's zone, description, heroImage; a \"true\" draft hidden with a warning; the .mdx read as Markdown with a warning", async () => {
    const site = await built("astro");
    expect(site.json.items.map((i: { title: string }) => i.title)).toEqual(["Using MDX", "First post"]);
    expect(everything(site)).not.toContain("Not published yet");
    const [mdx, first] = site.json.items;
    expect(first).toMatchObject({ date_published: "2022-07-08T04:00:00.000Z", summary: "Lorem ipsum dolor sit amet", image: "https://astro.example.org/blog-placeholder-3.jpg", url: "https://astro.example.org/blog/first-post/" });
    expect(mdx.content_html).toContain("integration.");
    expect(mdx.content_html).toContain("MDX Syntax Documentation");
    expect(mdx.content_html).not.toContain("import HeaderLink");
    expect(mdx.content_html).not.toContain("HeaderLink");
    expect(site.warnings).toEqual([
      "src/content/blog/second-post.md:7:1: warning: draft: is the text 'true', read as true; write draft: true without quotes",
      expect.stringMatching(/^src\/content\/blog\/using-mdx\.mdx:8: warning: is MDX: read as Markdown without its import\/export lines and JSX components \(3 lines left out\)/),
    ]);
  });
});

describe("Eleventy", () => {
  it("builds as it is: a string tag is one tag, the ---js draft is read statically and hidden, a post in its own folder, footnotes", async () => {
    const site = await built("eleventy");
    expect(site.json.items.map((i: { title: string }) => i.title)).toEqual(["A post in a folder of its own", "This is my second post with a much longer title.", "This is my first post."]);
    expect(everything(site)).not.toContain("This is a draft");
    const [, second, first] = site.json.items;
    expect(first.tags).toEqual(["another tag"]);
    expect(second.tags).toEqual(["another tag"]);
    expect(second.summary).toBe("This is a post on My Blog about leveraging agile frameworks.");
    expect(second.content_html).toContain('class="footnote-ref"');
    expect(site.warnings).toEqual([]);
  });
});
