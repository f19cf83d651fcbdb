/**
 * The smaller defects of issue 11 (items 11 and 13), each through the real command line (main
 * with its I/O seam) on a site in a temporary folder: what the user sees, exit codes included.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { tempDir } from "../helpers/build.js";

const NOW = "2025-01-01T00:00:00Z";

async function site(posts: Record<string, string>, config: string | Record<string, unknown> = {}): Promise<string> {
  const root = await tempDir("feedwright-harden-");
  await mkdir(path.join(root, "posts"), { recursive: true });
  const text = typeof config === "string" ? config : JSON.stringify({ title: "Harden", siteUrl: "https://harden.test/", limit: 0, ...config }, null, 2);
  await writeFile(path.join(root, "feedwright.config.json"), text);
  for (const [name, content] of Object.entries(posts)) await writeFile(path.join(root, "posts", name), content);
  return root;
}

async function cli(root: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main({ argv: ["--now", NOW, "--threads", "1", "--no-cache", ...argv], env: {}, cwd: root, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), clock: () => new Date(NOW) });
  return { code, stdout, stderr, lines: stderr.split("\n").filter((l) => / (error|warning|note): /.test(l)) };
}

const post = (frontmatter: string, body = "Body.") => `---\ntitle: Post\ndate: 2024-01-01\n${frontmatter}\n---\n${body}\n`;

describe("item 11", () => {
  it("expires before date is a warning naming the field (the post would never appear)", async () => {
    const root = await site({ "a.md": post("expires: 2023-12-31") });
    const run = await cli(root);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual(["posts/a.md:4:10: warning: expires: '2023-12-31' is not after date '2024-01-01', so the post expires before it is published and never appears in a feed: correct one of them"]);
  });

  it.each([
    ["title", 'title: "\\u0001\\u0002\\u001f"', "posts/a.md:2:8: error: title: must contain text, not only control characters or white space (found '\\u0001\\u0002\\u001f')"],
    ["tags[1]", 'tags: [ok, "\\u0007\\u0008"]', "posts/a.md:4:12: error: tags[1]: must contain text, not only control characters or white space (found '\\u0007\\u0008')"],
    ["categories[0]", 'categories: ["\\uFFFE"]', "posts/a.md:4:14: error: categories[0]: must contain text, not only control characters or white space (found '\uFFFE')"],
  ])("%s made only of control characters is an error naming the field", async (_, line, expected) => {
    const text = line.startsWith("title") ? `---\n${line}\ndate: 2024-01-01\n---\nBody\n` : post(line);
    const run = await cli(await site({ "a.md": text }));
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([expected]);
  });

  it.each(["style", "script", "textarea"])("an unclosed raw <%s> is a warning with its line (it swallows the rest of the body)", async (tag) => {
    const root = await site({ "a.md": post("", `First paragraph.\n\n<${tag}>\nunclosed\n\nMore text that is lost.`) });
    const run = await cli(root);
    expect(run.code).toBe(0);
    expect(run.lines).toContain(`posts/a.md:8: warning: an unclosed <${tag}> swallows the rest of the post: nothing after it reaches the feeds; close it with </${tag}>`);
  });

  it("a closed <style> or <script> gives no swallow warning; line numbers count the excerpt separator", async () => {
    const root = await site({ "a.md": post("", "Intro.\n\n<!--more-->\n\n<style>p{}</style>\n\nText <textarea>x</textarea>\n\n<textarea>\nopen") });
    const run = await cli(root);
    expect(run.lines.filter((l) => l.includes("unclosed"))).toEqual(["posts/a.md:14: warning: an unclosed <textarea> swallows the rest of the post: nothing after it reaches the feeds; close it with </textarea>"]);
  });

  it("a symbolic link in a loop says it is a loop", async () => {
    const root = await site({ "ok.md": post("") });
    await symlink("loop-b.md", path.join(root, "posts", "loop-a.md"));
    await symlink("loop-a.md", path.join(root, "posts", "loop-b.md"));
    await symlink("nowhere.md", path.join(root, "posts", "dangling.md"));
    const run = await cli(root);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      "posts/dangling.md: error: is a symbolic link whose target does not exist; remove it",
      "posts/loop-a.md: error: is a symbolic link in a loop (following it leads back to a link already followed); remove it, or point it at a file",
      "posts/loop-b.md: error: is a symbolic link in a loop (following it leads back to a link already followed); remove it, or point it at a file",
    ]);
  });
});

describe("item 13: messages of the command line", () => {
  it("--config nope.json names that file and the reason", async () => {
    const run = await cli(await site({}), "--config", "nope.json");
    expect(run.code).toBe(1);
    expect(run.lines).toEqual(["nope.json: error: cannot be read: there is no such file (ENOENT); create it (see README, Configuration), or pass --config with the path of yours (default: feedwright.config.json)"]);
  });

  it("a JSON syntax error in the configuration gets JSON advice, with its line and column", async () => {
    const run = await cli(await site({}, '{\n  "title": "T"\n  "siteUrl": "https://example.org/"\n}\n'));
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^feedwright\.config\.json:3:3: error: is not valid JSON \(.+\): check for a missing comma between entries, a comma after the last one, a key or text without double quotes, or a comment \(JSON has none\)$/);
    expect(run.lines[0]).not.toMatch(/item|YAML|\[list\]/);
  });

  it("-h and -v work like --help and --version (exit 0)", async () => {
    const root = await site({});
    const [h, help, v, version] = await Promise.all([cli(root, "-h"), cli(root, "--help"), cli(root, "-v"), cli(root, "--version")]);
    expect(h).toMatchObject({ code: 0, stdout: help.stdout });
    expect(h.stdout).toContain("-h, --help");
    expect(v).toMatchObject({ code: 0, stdout: version.stdout });
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("a --previous path that does not exist is bad usage: exit 2, nothing built", async () => {
    const root = await site({ "a.md": post("") });
    const run = await cli(root, "--previous", "no-such-folder", "--out", "out");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("feedwright: --previous 'no-such-folder' names no file or folder; pass the folder the published feeds were downloaded to, or the site's URL\n");
  });

  it("removed active content is a warning naming the post and line; an iframe keeps a plain link to its source", async () => {
    const body = ["Hello.", "", "<script>alert(1)</script>", "", 'Click <b onclick="steal()">here</b>.', "", '<iframe src="https://video.example/embed/1?a=1&b=2"></iframe>'].join("\n");
    const root = await site({ "a.md": post("", body) });
    const run = await cli(root, "--out", "out");
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      "posts/a.md:8: warning: a <script> was removed from the feeds (readers show content next to their own interface); set allowActiveContent in the configuration to keep it",
      "posts/a.md:10: warning: the event handler onclick was removed from the feeds; set allowActiveContent in the configuration to keep it",
    ]);
    const { readFile } = await import("node:fs/promises");
    const json = JSON.parse(await readFile(path.join(root, "out", "feed.json"), "utf8")) as { items: { content_html: string }[] };
    const html = json.items[0]!.content_html;
    expect(html).not.toMatch(/script|onclick/);
    expect(html).toContain('<iframe src="https://video.example/embed/1?a=1&amp;b=2"></iframe> <a href="https://video.example/embed/1?a=1&amp;b=2">https://video.example/embed/1?a=1&amp;b=2</a>');
  });

  it("with allowActiveContent there is nothing to warn about", async () => {
    const root = await site({ "a.md": post("", "<script>alert(1)</script>\n\n<b onclick=\"x()\">b</b>") }, { allowActiveContent: true });
    const run = await cli(root);
    expect(run.lines).toEqual([]);
  });
});
