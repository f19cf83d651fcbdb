/**
 * The import graph of src/: every arrow points down the layers, and there is no circle. The
 * imports are read from the source text (static `import … from`, `export … from` and dynamic
 * `import("…")` of relative paths, type-only imports included: a type is a dependency too).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/build.js";

const SRC = path.join(REPO, "src");

/**
 * Bottom to top. A stage may import what is below it, never what is above it or beside it:
 * common and model are the shared vocabulary; then the stages in pipeline order; then the
 * seams (cache, threads) that call stages without the stages knowing; then the commands.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["common"],
  ["model"],
  ["config"],
  ["load"],
  ["parse"],
  ["select"],
  ["guard"],
  ["render"],
  ["serialize"],
  ["write"],
  // WebSub's notifications go out after the write (src/ping/).
  ["ping"],
  ["check"],
  ["cache", "parallel"],
  ["."],
];

/** The top folder of a src file ("." for src/build.ts, src/cli.ts, src/adopt.ts). */
const folderOf = (file: string) => {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? "." : parts[0]!;
};
const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.[^"']+)["']|\bimport\(\s*["'](\.[^"']+)["']\s*\)/g;

/** Each file's relative imports, resolved to the .ts files they name. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)].map((m) => path.resolve(path.dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, ".ts"));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

const graph = importGraph();
const shown = (file: string) => path.relative(REPO, file);

describe("the import graph of src/", () => {
  it("is read at all: the build imports its stages", () => {
    const build = graph.get(path.join(SRC, "build.ts"))!;
    expect(build.map(folderOf)).toEqual(expect.arrayContaining(["config", "load", "select", "guard", "render", "serialize", "write"]));
  });

  it("names only files that exist", () => {
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((target) => !graph.has(target)).map((target) => `${shown(file)} → ${shown(target)}`));
    expect(missing).toEqual([]);
  });

  it("has every folder of src/ in a layer", () => {
    const folders = [...new Set([...graph.keys()].map(folderOf))];
    expect(folders.filter((folder) => layerOf(folder) === -1), "add the folder to LAYERS in tests/architecture.test.ts").toEqual([]);
  });

  it("points only down: a stage imports stages and modules below it, never above or beside", () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => folderOf(target) !== folderOf(file) && layerOf(folderOf(target)) >= layerOf(folderOf(file)))
        // The two seams sit side by side; the no-circle check below still covers them.
        .filter((target) => !(layerOf(folderOf(file)) === layerOf("cache") && layerOf(folderOf(target)) === layerOf("cache")))
        .map((target) => `${shown(file)} → ${shown(target)}`),
    );
    expect(upward).toEqual([]);
  });

  it("has no circle, between files or between folders", () => {
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        circles.push([...trail.slice(trail.indexOf(file)), file].map(shown).join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);

    const folderEdges = new Set([...graph].flatMap(([file, targets]) => targets.map((target) => `${folderOf(file)} ${folderOf(target)}`)));
    const mutual = [...folderEdges].filter((edge) => {
      const [from, to] = edge.split(" ");
      return from !== to && folderEdges.has(`${to} ${from}`);
    });
    expect(mutual).toEqual([]);
  });
});
