import { SaxesParser } from "saxes";

/**
 * Strict XML 1.0 + namespaces check with saxes (the parser behind jsdom's XML): unlike lenient
 * validators it refuses control characters, `<` in attributes, a stray `]]>`, undefined entities
 * and undeclared prefixes. Returns the first error, or undefined when the document is well-formed.
 */
export function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let first: string | undefined;
  parser.on("error", (e) => {
    first ??= e.message;
  });
  parser.write(xml).close();
  return first;
}
