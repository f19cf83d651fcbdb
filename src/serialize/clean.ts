import { warning, type Diagnostic } from "../common/diagnostics.js";
import type { FeedItem, FeedMeta } from "../model/feed.js";

/**
 * Characters XML 1.0 cannot carry at all: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF
 * and unpaired surrogates. They are removed from every text before any format is written (so all
 * three formats carry the same text), each removal reported with the post it came from.
 */
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A quick test first: nearly every text is clean, and the full pattern (with lookarounds) is slow on long contents. */
const CONTROL_OR_NONCHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function stripIllegalXmlChars(text: string): { text: string; removed: string[] } {
  if (!CONTROL_OR_NONCHARACTER.test(text) && text.isWellFormed()) return { text, removed: [] };
  const removed: string[] = [];
  const cleaned = text.replace(ILLEGAL, (ch) => {
    removed.push(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
    return "";
  });
  return { text: cleaned, removed };
}

/**
 * Every string cleaned, deep; `field` names the place in warnings. What holds nothing to clean
 * comes back as it is, not copied (nearly every item needs no copy).
 */
function cleanDeep<T>(value: T, report: (field: string, removed: string[]) => void, field = ""): T {
  if (typeof value === "string") {
    const { text, removed } = stripIllegalXmlChars(value);
    if (removed.length > 0) report(field, removed);
    return text as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const cleaned = cleanDeep(v, report, `${field}[${i}]`);
      if (cleaned !== v) (copy ??= [...value])[i] = cleaned;
    });
    return (copy ?? value) as T;
  }
  if (value && typeof value === "object" && !(value instanceof Date)) {
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const cleaned = cleanDeep(v, report, field ? `${field}.${k}` : k);
      if (cleaned !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = cleaned;
    }
    return (copy ?? value) as T;
  }
  return value;
}

export function cleanFeed(meta: FeedMeta, items: readonly FeedItem[], configFile: string): { meta: FeedMeta; items: FeedItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cleanMeta = cleanDeep(meta, reporter(configFile, diagnostics));
  const cleaned = cleanItems(items);
  return { meta: cleanMeta, items: cleaned.items, diagnostics: [...diagnostics, ...cleaned.diagnostics] };
}

/** The items' part of cleanFeed (also what the full check, --check-all, reports of posts outside the feeds). */
export function cleanItems(items: readonly FeedItem[]): { items: FeedItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cleanItems = items.map((item) => {
    const cleaned = cleanDeep(item, reporter(item.file, diagnostics));
    return cleaned === item || cleaned.file === item.file ? cleaned : { ...cleaned, file: item.file };
  });
  return { items: cleanItems, diagnostics };
}

function reporter(file: string, diagnostics: Diagnostic[]) {
  return (field: string, removed: string[]) => {
    const unique = [...new Set(removed)].join(", ");
    diagnostics.push(warning(file, `contains characters XML cannot carry (${unique}); removed from every feed`, { field }));
  };
}
