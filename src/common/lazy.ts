import { createRequire } from "node:module";

/**
 * Loads a CommonJS library on first use instead of at start-up. A build whose posts all come
 * from the cache never needs the Markdown renderer, the sanitizer or the frontmatter parser, whose
 * imports are a large part of a warm build (docs/performance.md).
 */
const require = createRequire(import.meta.url);

export function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
