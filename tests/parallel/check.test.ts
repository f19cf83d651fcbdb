/**
 * The self-check's thread seam (src/parallel/check.ts): a feed checked on the worker gets the
 * findings checkFeed gives on this thread, and a build whose large feeds are checked there writes
 * the same bytes, and still refuses a defective feed before anything is renamed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFeed } from "../../src/check/check.js";
import { CHECK_IN_WORKER_BYTES, feedChecks, START_CHECK_WORKER_BYTES } from "../../src/parallel/check.js";
import { buildPosts, buildSite, folderSnapshot, tempDir, tsWorker } from "../helpers/build.js";

const NOW = "2030-01-01T00:00:00Z";
const CONFIG = { title: "Large", siteUrl: "https://example.org/", timezone: "UTC", limit: 0, publish: "beside" };
/** Posts whose feeds are together over the worker's threshold: it is started, and takes the RSS feed. */
const paragraph = "A sentence with a [link](https://example.org/a) and *emphasis*, long enough to fill a feed. ";
const POSTS = Array.from({ length: 40 }, (_, index) => ({
  file: `posts/p${index}.md`,
  text: `---\ntitle: Post ${index}\ndate: 2024-01-${String((index % 28) + 1).padStart(2, "0")}T10:${String(index).padStart(2, "0")}:00Z\n---\n${paragraph.repeat(Math.ceil(START_CHECK_WORKER_BYTES / 3 / 40 / paragraph.length) + 10)}`,
}));

describe("the self-check on a worker thread", () => {
  it("finds what checkFeed finds here, for a good and for a broken feed, and answers in order", async () => {
    const built = await buildPosts(CONFIG, POSTS, NOW);
    const rss = Buffer.from(built.feeds!.rss);
    expect(rss.length * 3).toBeGreaterThanOrEqual(START_CHECK_WORKER_BYTES);
    const broken = Buffer.from(built.feeds!.rss.replace("<title>Post 3</title>", "<title>Post 3</titl>"));
    const checks = feedChecks({ threads: 3, startWorker: tsWorker }, START_CHECK_WORKER_BYTES);
    try {
      // Asked one after the other while the worker is busy: the second is checked on this thread.
      const answers = [checks.check([rss], "rss.xml"), checks.check([broken], "broken.xml"), checks.check([broken], "again.xml")];
      expect(answers[0]).toBeInstanceOf(Promise);
      expect(answers[1]).not.toBeInstanceOf(Promise);
      const results = await Promise.all(answers);
      expect(results[0]).toEqual(checkFeed([rss], "rss.xml"));
      expect(results[1]).toEqual(checkFeed([broken], "broken.xml"));
      expect(results[2]).toEqual(checkFeed([broken], "again.xml"));
      expect(results[1]!.diagnostics.length).toBeGreaterThan(0);
      // Once free again, the worker takes the next one.
      const later = checks.check([broken], "later.xml");
      expect(later).toBeInstanceOf(Promise);
      expect(await later).toEqual(checkFeed([broken], "later.xml"));
      expect(checks.spentMs).toBeGreaterThan(0);
    } finally {
      await checks.close();
    }
  });

  it("small feeds together, a small feed, or two threads: checked on this thread", async () => {
    const small = [Buffer.from("<rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link><description>d</description></channel></rss>")];
    const large = [Buffer.alloc(CHECK_IN_WORKER_BYTES, 0x20)];
    expect(feedChecks({ threads: 3, startWorker: tsWorker }, START_CHECK_WORKER_BYTES - 1).check(large, "large.xml")).not.toBeInstanceOf(Promise);
    const started = feedChecks({ threads: 3, startWorker: tsWorker }, START_CHECK_WORKER_BYTES);
    try {
      expect(started.check(small, "small.xml")).not.toBeInstanceOf(Promise);
    } finally {
      await started.close();
    }
    expect(feedChecks({ threads: 2 }, 10 * START_CHECK_WORKER_BYTES).check(large, "one.xml")).not.toBeInstanceOf(Promise);
  });

  it("a build with three threads writes the bytes one thread writes, and refuses a broken feed checked on the worker", async () => {
    const site = await tempDir("feedwright-check-threads-");
    await writeFile(path.join(site, "feedwright.config.json"), JSON.stringify(CONFIG));
    await mkdir(path.join(site, "posts"));
    for (const post of POSTS) await writeFile(path.join(site, post.file), post.text);
    const one = await buildSite(site, NOW);
    const outDir = await tempDir("feedwright-check-threads-out-");
    const two = await buildSite(site, NOW, { threads: 3, startWorker: tsWorker, outDir });
    expect(two.result.ok).toBe(true);
    expect([two.rss, two.atom, two.json]).toEqual([one.rss, one.atom, one.json]);
    expect(two.result.timings?.checkCpu).toEqual(expect.any(Number));

    const before = await folderSnapshot(outDir);
    // The RSS feed, the first and largest, goes to the worker: a defect in it must still stop the write.
    const failed = await buildSite(site, NOW, {
      outDir,
      threads: 3,
      startWorker: tsWorker,
      cache: false,
      writeHooks: { beforeCheck: (name, data) => (name === "rss.xml" ? [Buffer.from(Buffer.concat(data).toString("utf8").replace("<title>Post 3</title>", "<title>Post 3</titl>"))] : data) },
    });
    expect(failed.result.ok).toBe(false);
    expect(failed.result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file)).toEqual([expect.stringMatching(/rss\.xml$/)]);
    expect(await folderSnapshot(outDir)).toEqual(before);
  });
});
