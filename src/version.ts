import { readFileSync } from "node:fs";

/**
 * feedwright's own version, from its package.json: one folder above this file in the sources
 * (src/version.ts, under the test runner), two above it when compiled (dist/src/version.js) or
 * bundled (dist/scripts/build.js).
 */
export function ownVersion(): string {
  const up = import.meta.url.includes("/dist/") ? "../../" : "../";
  return (JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as { version: string }).version;
}
