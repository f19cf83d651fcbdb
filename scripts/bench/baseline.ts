/**
 * The straightforward script the benchmark compares against: gray-matter, markdown-it and
 * `feed` over every post, the way a first version of a feed build is usually written.
 * Usage: node baseline.js <postsDir> <outDir> <limit (0 = all)>
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Feed } from "feed";
import matter from "gray-matter";
import MarkdownIt from "markdown-it";

const [postsDir = "posts", outDir = "out", limitText = "20"] = process.argv.slice(2);
const limit = Number(limitText);
const md = new MarkdownIt({ html: true, linkify: true });
const files = (await readdir(postsDir, { recursive: true })).filter((f) => f.endsWith(".md")).map((f) => path.join(postsDir, f));
const posts = await Promise.all(
  files.map(async (file) => {
    const { data, content } = matter(await readFile(file, "utf8"));
    return { data, html: md.render(content) };
  }),
);
const live = posts.filter((p) => !p.data.draft && new Date(p.data.date) <= new Date()).sort((a, b) => +new Date(b.data.date) - +new Date(a.data.date));
const feed = new Feed({ title: "Bench", id: "https://example.org/", link: "https://example.org/", updated: new Date(0), copyright: "" });
for (const p of limit > 0 ? live.slice(0, limit) : live) {
  const url = `https://example.org/posts/${p.data.slug}/`;
  feed.addItem({ title: p.data.title, id: url, link: url, date: new Date(p.data.date), content: p.html });
}
await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, "rss.xml"), feed.rss2());
await writeFile(path.join(outDir, "atom.xml"), feed.atom1());
await writeFile(path.join(outDir, "feed.json"), feed.json1());
