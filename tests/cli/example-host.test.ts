/**
 * The report warns while the site URL is still an example address (RFC 2606), as in the shipped
 * configuration (feedwright.example.org) and the README, naming what to set; a real address, or
 * FEEDWRIGHT_SITE_URL set to one, gives no warning. The build goes on either way.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main, type BuildReport } from "../../src/cli.js";
import { exampleHost } from "../../src/common/url.js";
import { tempDir } from "../helpers/build.js";

async function run(siteUrl: string, env: Record<string, string> = {}) {
  const dir = await tempDir("feedwright-example-host-");
  await writeFile(path.join(dir, "feedwright.config.json"), JSON.stringify({ title: "T", siteUrl }));
  await mkdir(path.join(dir, "posts"));
  await writeFile(path.join(dir, "posts/hello.md"), "---\ntitle: Hello\ndate: 2024-04-10T10:00:00Z\n---\nHi.\n");
  let stdout = "";
  const code = await main({ argv: ["--json", "--now", "2024-04-11T10:00:00Z", "--no-cache"], env, cwd: dir, stdout: (text) => (stdout += text), stderr: () => undefined, clock: () => new Date() });
  return { code, report: JSON.parse(stdout) as BuildReport };
}

describe("exampleHost", () => {
  it("knows RFC 2606's example domains, their subdomains and the reserved TLDs", () => {
    for (const url of ["https://example.com/", "https://feedwright.example.org/", "http://a.b.EXAMPLE.net/x/", "https://blog.example/", "https://x.invalid/", "https://example.org./"]) expect(exampleHost(url), url).toBeDefined();
    for (const url of ["https://jane.github.io/blog/", "https://myexample.org/", "https://example.org.evil.com/", "https://examples.com/", "http://127.0.0.1:8080/", "not a url"]) expect(exampleHost(url), url).toBeUndefined();
  });
});

describe("the report's warning about an example site URL", () => {
  it("names the config file, the field and what to set; the build still succeeds", async () => {
    const { code, report } = await run("https://feedwright.example.org/");
    expect(code).toBe(0);
    expect(report.warnings).toBe(1);
    expect(report.diagnostics).toEqual([
      {
        severity: "warning",
        file: "feedwright.config.json",
        field: "siteUrl",
        message: expect.stringMatching(/^siteUrl 'https:\/\/feedwright\.example\.org\/' is an example address \(feedwright\.example\.org, reserved by RFC 2606\).*Set siteUrl in the configuration.*FEEDWRIGHT_SITE_URL.*GitHub Pages/),
      },
    ]);
  });

  it("blames FEEDWRIGHT_SITE_URL when that is where the example address came from", async () => {
    const { report } = await run("https://jane.github.io/blog/", { FEEDWRIGHT_SITE_URL: "https://example.com/" });
    expect(report.diagnostics).toEqual([expect.objectContaining({ file: "FEEDWRIGHT_SITE_URL", field: "siteUrl" })]);
  });

  it("is silent for a real address, also when FEEDWRIGHT_SITE_URL replaces the example one", async () => {
    expect((await run("https://jane.github.io/blog/")).report.diagnostics).toEqual([]);
    expect((await run("https://feedwright.example.org/", { FEEDWRIGHT_SITE_URL: "https://jane.github.io/blog/" })).report.diagnostics).toEqual([]);
  });
});
