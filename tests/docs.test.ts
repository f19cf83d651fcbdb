/**
 * The documentation works in a clone: every relative link in README.md and docs/ leads to a file
 * of the repository, and no file points into a folder beside the checkout (a clone has none).
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/build.js";

const DOCS = ["README.md", ...(await readdir(path.join(REPO, "docs"))).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

/** Text files written by the project (not node_modules, not generated output). */
async function projectFiles(dir = REPO): Promise<string[]> {
  const skip = new Set(["node_modules", ".git", "dist", "public", ".feedwright-cache", ".bench", ".scratch"]);
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await projectFiles(full)));
    else if (/\.(md|ts|mjs|js|json|yml|yaml)$|^run$|^LICENSE$/.test(entry.name)) found.push(full);
  }
  return found;
}

describe("the documentation", () => {
  it("links only to files that exist inside the repository", async () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = await readFile(path.join(REPO, doc), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith("#")) continue;
        const resolved = path.resolve(REPO, path.dirname(doc), target!.split("#")[0]!);
        if (!resolved.startsWith(REPO + path.sep) || !existsSync(resolved)) broken.push(`${doc}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("nothing refers to the shared folder beside the checkout", async () => {
    const outside = ["..", "shared"].join("/");
    const offenders: string[] = [];
    for (const file of await projectFiles()) if ((await readFile(file, "utf8")).includes(outside)) offenders.push(path.relative(REPO, file));
    expect(offenders).toEqual([]);
  });

  it("has the MIT licence package.json names", async () => {
    const { license } = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { license: string };
    expect(license).toBe("MIT");
    expect(await readFile(path.join(REPO, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });
});
