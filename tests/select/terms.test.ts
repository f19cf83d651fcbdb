/**
 * selectTermFeeds (src/select/terms.ts) on post entries: which terms get a feed, which posts each
 * carries and in what order, the names by the slugify rule, and what is refused.
 */
import { describe, expect, it } from "vitest";
import type { PostEntry, PostTerms } from "../../src/model/post.js";
import type { Site } from "../../src/model/site.js";
import { selectPosts } from "../../src/select/select.js";
import { selectTermFeeds } from "../../src/select/terms.js";

const NOW = new Date("2024-04-01T00:00:00Z");

function entry(name: string, date: string, terms: Partial<PostTerms>, more: Partial<PostEntry> = {}): PostEntry {
  const url = `https://example.org/posts/${name}/`;
  return { file: `posts/${name}.md`, id: url, url, link: url, title: name, date: new Date(date), draft: false, sourceHash: name, terms: { tags: [], categories: [], authors: [], ...terms }, ...more };
}

const files = { rss: "tags/{term}/index.xml", atom: "tags/{term}/atom.xml" };
const SITE: Pick<Site, "termFeeds" | "slugify" | "language" | "limit" | "siteUrl"> = {
  termFeeds: { tags: { files, title: "{site} – {term}", limit: 2 }, languages: { files: { json: "languages/{term}/feed.json" }, title: "{term}" } },
  slugify: "keep",
  language: "de",
  limit: 20,
  siteUrl: "https://example.org/",
};

function select(posts: PostEntry[], site = SITE) {
  return selectTermFeeds(site, selectPosts(posts, NOW, site.limit).live, posts);
}

describe("selectTermFeeds", () => {
  it("one feed per term of the live posts, newest first, at most the kind's limit; languages from lang or the site's", () => {
    const posts = [
      entry("a", "2024-03-01", { tags: ["KI", "Technik"], lang: "pt-br" }),
      entry("b", "2024-03-02", { tags: ["KI", "KI"] }),
      entry("c", "2024-03-03", { tags: ["KI"] }),
      entry("scheduled", "2030-01-01", { tags: ["Zukunft", "KI"] }),
      entry("draft", "2024-03-04", { tags: ["Geheim"], lang: "fr" }, { draft: true }),
      entry("expired", "2024-03-05", { tags: ["Alt"] }, { expires: new Date("2024-03-20") }),
    ];
    const { value, diagnostics } = select(posts);
    expect(diagnostics).toEqual([]);
    expect(value.map((s) => [s.kind, s.term, s.slug, s.posts.map((p) => p.title), s.files])).toEqual([
      // A tag named twice in one post is one item; the limit (2) keeps the newest.
      ["tags", "KI", "KI", ["c", "b"], { rss: "tags/KI/index.xml", atom: "tags/KI/atom.xml" }],
      ["tags", "Technik", "Technik", ["a"], { rss: "tags/Technik/index.xml", atom: "tags/Technik/atom.xml" }],
      ["languages", "de", "de", ["c", "b"], { json: "languages/de/feed.json" }],
      // Lower-cased in its file, canonical in its name.
      ["languages", "pt-BR", "pt-br", ["a"], { json: "languages/pt-br/feed.json" }],
    ]);
  });

  it("names by the slugify rule; the term's page from `page`, percent-encoded below siteUrl", () => {
    const site = { ...SITE, slugify: "hugo" as const, siteUrl: "https://example.org/blog/", termFeeds: { authors: { files, title: "{term}", page: "/authors/{term}/" } } };
    const { value } = select([entry("a", "2024-03-01", { authors: ["Jürgen Groß"] })], site);
    expect(value).toMatchObject([{ kind: "authors", term: "Jürgen Groß", slug: "jürgen-groß", homeUrl: "https://example.org/blog/authors/j%C3%BCrgen-gro%C3%9F/" }]);
  });

  it("a term that gives no name is an error naming the post and the term", () => {
    const { value, diagnostics } = select([entry("a", "2024-03-01", { tags: ["!!!", "ok"] })]);
    expect(value.filter((s) => s.kind === "tags").map((s) => s.term)).toEqual(["ok"]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", file: "posts/a.md", field: "tags", message: expect.stringContaining("its tag '!!!' gives no name for its feed's file") })]);
  });

  it("the same term in many posts is no collision; two spellings are, once per pair, and a draft's tag is not checked", () => {
    const posts = [
      entry("a", "2024-03-01", { tags: ["Rust"] }),
      entry("b", "2024-03-02", { tags: ["Rust", "rust"] }),
      entry("c", "2024-03-03", { tags: ["rust"] }),
      entry("d", "2024-03-04", { tags: ["RUST"] }, { draft: true }),
    ];
    const { diagnostics } = select(posts);
    expect(diagnostics.map((d) => [d.file, d.message.split(" become")[0]])).toEqual([["posts/b.md", "its tag 'rust' and the tag 'Rust' of posts/a.md"]]);
  });

  it("no kind configured: no feed, no check", () => {
    expect(select([entry("a", "2024-03-01", { tags: ["!!!"] })], { ...SITE, termFeeds: {} })).toEqual({ value: [], diagnostics: [] });
  });
});
