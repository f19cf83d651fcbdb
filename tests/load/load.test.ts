/**
 * The load stage on real folders: what is a post, what is skipped with a note, what is refused,
 * and what a file that cannot be read reports. Folders are made per test in a temp directory.
 */
import { chmod, mkdir, open, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/common/diagnostics.js";
import { findPostFiles, isSectionPage, MAX_POST_BYTES, readPostFile } from "../../src/load/load.js";
import { createScanner } from "../../src/parallel/scan.js";
import { parseConfig } from "../../src/config/parse.js";
import { tempDir } from "../helpers/build.js";
import { siteOf } from "../helpers/site.js";

const POST = "---\ntitle: Hello\ndate: 2024-04-12\n---\nBody.\n";

/** A site folder with posts/ inside; messages show paths relative to it. */
async function site() {
  const root = await tempDir("feedwright-load-");
  const posts = path.join(root, "posts");
  await mkdir(posts);
  const display = (absolute: string) => path.relative(root, absolute);
  return { root, posts, display };
}

describe("findPostFiles", () => {
  it("takes .md and .markdown files, skips other files with a note and dot-files silently", async () => {
    const { posts, display } = await site();
    await mkdir(path.join(posts, "2024"));
    await writeFile(path.join(posts, "a.md"), POST);
    await writeFile(path.join(posts, "2024", "b.MARKDOWN"), POST);
    await writeFile(path.join(posts, "notes.txt"), "todo");
    await writeFile(path.join(posts, "2024", "lead.png"), Buffer.from([0x89, 0x50]));
    await writeFile(path.join(posts, ".draft.md.swp"), "x");
    const found = await findPostFiles(posts, display);
    expect(found.value.map((f) => f.file)).toEqual(["posts/2024/b.MARKDOWN", "posts/a.md"]);
    expect(found.diagnostics.map(formatDiagnostic).sort()).toEqual([
      "posts/2024/lead.png: note: is not a post (only .md, .markdown and .mdx files are); skipped",
      "posts/notes.txt: note: is not a post (only .md, .markdown and .mdx files are); skipped",
    ]);
  });

  it("refuses a symbolic link that points outside the posts folder, and never lists its target", async () => {
    const { root, posts, display } = await site();
    const secret = path.join(root, "secret.md");
    await writeFile(secret, POST);
    await symlink(secret, path.join(posts, "leak.md"));
    await symlink("/etc/passwd", path.join(posts, "passwd.md"));
    const found = await findPostFiles(posts, display);
    expect(found.value).toEqual([]);
    const messages = found.diagnostics.map(formatDiagnostic).sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^posts\/leak\.md: error: is a symbolic link to .*\/secret\.md, outside the posts folder; links may only point inside it: copy the file into the posts folder instead$/);
    expect(messages[1]).toBe("posts/passwd.md: error: is a symbolic link to /etc/passwd, outside the posts folder; links may only point inside it: copy the file into the posts folder instead");
  });

  it("follows a link to a file inside the posts folder, and refuses a dangling one", async () => {
    const { posts, display } = await site();
    await writeFile(path.join(posts, "real.md"), POST);
    await symlink(path.join(posts, "real.md"), path.join(posts, "alias.md"));
    await symlink(path.join(posts, "gone.md"), path.join(posts, "dangling.md"));
    const found = await findPostFiles(posts, display);
    expect(found.value.map((f) => f.file)).toEqual(["posts/alias.md", "posts/real.md"]);
    expect(found.diagnostics.map(formatDiagnostic)).toEqual(["posts/dangling.md: error: is a symbolic link whose target does not exist; remove it"]);
  });

  it("a missing posts folder is one error saying how to fix it", async () => {
    const { root, display } = await site();
    const found = await findPostFiles(path.join(root, "nope"), display);
    expect(found.diagnostics.map(formatDiagnostic)).toEqual(["nope: error: the posts folder does not exist; create it or set postsDir in the configuration (or --posts)"]);
  });
});

describe("a post that cannot be read", () => {
  // The tests run as root in CI containers, where chmod 000 does not stop a read. Honest ways to
  // make a read fail whatever the user: a file that vanishes between listing and reading (what
  // an editor's save-by-rename or a concurrent checkout does), and a folder named like a post.
  it("a file removed after it was listed: readPostFile and the build's scanner both say so", async () => {
    const { posts, display } = await site();
    const file = path.join(posts, "vanishing.md");
    await writeFile(file, POST);
    const found = await findPostFiles(posts, display);
    expect(found.value.map((f) => f.path)).toEqual([file]);
    await rm(file);
    const expected = "posts/vanishing.md: error: cannot be read (ENOENT: it was removed or renamed while the build ran); run the build again";
    const read = readPostFile(file, display(file));
    expect(!read.ok && formatDiagnostic(read.why)).toBe(expected);
    const config = siteOf(parseConfig('{"title":"T","siteUrl":"https://example.org/"}', "feedwright.config.json", {}));
    const scanned = createScanner(config)({ path: file, file: display(file) });
    expect(scanned.kind).toBe("unreadable");
    expect("diagnostics" in scanned && scanned.diagnostics.map(formatDiagnostic)).toEqual([expected]);
  });

  it("a folder where a file was expected", async () => {
    const { posts, display } = await site();
    const folder = path.join(posts, "odd.md");
    await mkdir(folder);
    const read = readPostFile(folder, display(folder));
    expect(!read.ok && formatDiagnostic(read.why)).toBe("posts/odd.md: error: cannot be read (EISDIR: it is a folder); rename it so it does not end in .md");
  });

  it.skipIf(process.getuid?.() === 0)("a file without read permission (only where permissions bind: not as root)", async () => {
    const { posts, display } = await site();
    const file = path.join(posts, "locked.md");
    await writeFile(file, POST);
    await chmod(file, 0o000);
    const read = readPostFile(file, display(file));
    expect(!read.ok && formatDiagnostic(read.why)).toBe(
      "posts/locked.md: error: cannot be read (permission denied, EACCES); make the file readable by the user running the build, e.g. chmod a+r",
    );
  });

  it("a file over the size bound is refused without reading it (a sparse file: no disk used)", async () => {
    const { posts, display } = await site();
    const file = path.join(posts, "huge.md");
    const handle = await open(file, "w");
    await handle.truncate(MAX_POST_BYTES + 1);
    await handle.close();
    const read = readPostFile(file, display(file));
    expect(!read.ok && formatDiagnostic(read.why)).toBe(
      `posts/huge.md: error: is ${MAX_POST_BYTES + 1} bytes; posts are limited to ${MAX_POST_BYTES} bytes (64 MB): split it, or keep media files out of the posts folder`,
    );
  });

  it("the scan collects every failure and keeps the readable posts in order", async () => {
    const { posts, display } = await site();
    await writeFile(path.join(posts, "a.md"), POST);
    await writeFile(path.join(posts, "c.md"), POST);
    const config = siteOf(parseConfig('{"title":"T","siteUrl":"https://example.org/"}', "feedwright.config.json", {}));
    const scan = createScanner(config);
    const results = ["a.md", "b.md", "c.md"].map((name) => scan({ path: path.join(posts, name), file: display(path.join(posts, name)) }));
    expect(results.map((r) => r.kind)).toEqual(["parsed", "unreadable", "parsed"]);
    expect(results.flatMap((r) => ("diagnostics" in r && r.kind === "unreadable" ? r.diagnostics : [])).map(formatDiagnostic)).toEqual([
      "posts/b.md: error: cannot be read (ENOENT: it was removed or renamed while the build ran); run the build again",
    ]);
  });
});

describe("isSectionPage", () => {
  it("section and landing pages are not posts", () => {
    expect(isSectionPage("_index.md")).toBe(true);
    expect(isSectionPage("news/_index.md")).toBe(true);
    expect(isSectionPage("index.md")).toBe(true);
    expect(isSectionPage("news/index.md")).toBe(false);
    expect(isSectionPage("indexes.md")).toBe(false);
  });
});
