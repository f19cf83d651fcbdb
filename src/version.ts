import { readFileSync } from "node:fs";

/**
 * feedwright's own version, from its package.json: two folders up from src/ under the test
 * runner, three from dist/src/ when compiled.
 */
export function ownVersion(): string {
  const up = import.meta.url.includes("/dist/") ? "../../" : "../";
  return (JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as { version: string }).version;
}
