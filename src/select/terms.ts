import { compareStrings, error, type Diagnostic } from "../common/diagnostics.js";
import type { Staged } from "../common/result.js";
import { absoluteUrl } from "../common/url.js";
import type { FeedFormat } from "../model/feed.js";
import type { PostEntry } from "../model/post.js";
import type { Site } from "../model/site.js";
import { TERM_KIND_NAMES, TERM_KINDS, type TermKind } from "../model/constants.js";
import { SLUG_PATTERN, slugOfName } from "../parse/file-name.js";

/**
 * Which term feeds the build writes and which posts each carries (README "Feeds per tag,
 * category, author and language"). Pure. A term has a feed while a live post has it: drafts,
 * scheduled and expired posts are never in `live`, so never in a term feed. A term's name in
 * files and URLs is its slug by the site's `slugify` rule, as a post's from its file name
 * (a language's: its tag, lower-cased).
 */
export interface TermFeedSelection<P extends PostEntry = PostEntry> {
  kind: TermKind;
  /** The term as posts write it; a language in its canonical BCP 47 form (`pt-BR`). */
  term: string;
  slug: string;
  /** Newest first, at most the kind's limit (0: all). */
  posts: P[];
  /** The file of each format the kind writes, `{term}` filled in. */
  files: Partial<Record<FeedFormat, string>>;
  /** The term's page (`page`), when the site has one. */
  homeUrl?: string;
}

/** One term as a post writes it. */
interface Found {
  term: string;
  file: string;
}

/**
 * The term feeds of the configured kinds, from the live posts (newest first). `posts`: every post
 * of the build, for the check that two terms never share a name (a scheduled post's term is
 * checked before it is published, as every other check of the select stage does).
 */
export function selectTermFeeds<P extends PostEntry>(site: Pick<Site, "termFeeds" | "slugify" | "language" | "limit" | "siteUrl">, live: readonly P[], posts: readonly PostEntry[]): Staged<TermFeedSelection<P>[]> {
  const diagnostics: Diagnostic[] = [];
  const selections: TermFeedSelection<P>[] = [];
  for (const kind of TERM_KINDS) {
    const config = site.termFeeds[kind];
    if (!config) continue;
    const slugOf = (term: string) => (kind === "languages" ? term.toLowerCase() : slugOfName(term.normalize("NFC"), site.slugify, false));
    const termsOf = (post: PostEntry): string[] => {
      const terms = post.terms;
      if (kind === "languages") return [terms?.lang ?? site.language];
      return terms?.[kind] ?? [];
    };
    // Every name a slug comes from, by the slug in lower case: files differing only in case are
    // one file on macOS and Windows, so `AI` and `ai` are a collision as `Über` and `über` are.
    const names = new Map<string, Found>();
    const reported = new Set<string>();
    for (const post of posts) {
      if (post.draft) continue;
      for (const term of termsOf(post)) {
        const slug = slugOf(term);
        if (!SLUG_PATTERN.test(slug)) {
          diagnostics.push(error(post.file, `its ${TERM_KIND_NAMES[kind]} '${term}' gives no name for its feed's file (by slugify "${site.slugify}" it is '${slug}'): use letters or digits in it`, { field: kind === "languages" ? "lang" : kind }));
          continue;
        }
        const key = slug.toLowerCase();
        const first = names.get(key);
        if (!first) {
          names.set(key, { term, file: post.file });
          continue;
        }
        if (first.term === term || kind === "languages" || reported.has(`${first.term}\0${term}`)) continue;
        reported.add(`${first.term}\0${term}`);
        const same = slugOf(first.term) === slug ? `both become the feed name '${slug}'` : `become the feed names '${slugOf(first.term)}' and '${slug}', one file on file systems that ignore case (macOS, Windows)`;
        diagnostics.push(
          error(post.file, `its ${TERM_KIND_NAMES[kind]} '${term}' and the ${TERM_KIND_NAMES[kind]} '${first.term}' of ${first.file} ${same} (termFeeds.${kind}): write the ${TERM_KIND_NAMES[kind]} the same way in both posts`, {
            field: kind === "authors" ? "author" : kind,
          }),
        );
      }
    }
    // The live posts of each term, newest first (the order of `live`).
    const byTerm = new Map<string, { term: string; posts: P[] }>();
    for (const post of live) {
      const seen = new Set<string>();
      for (const term of termsOf(post)) {
        const slug = slugOf(term);
        if (!SLUG_PATTERN.test(slug) || seen.has(slug)) continue;
        seen.add(slug);
        let entry = byTerm.get(slug);
        if (!entry) byTerm.set(slug, (entry = { term: kind === "languages" ? canonicalLanguage(term) : term, posts: [] }));
        entry.posts.push(post);
      }
    }
    const limit = config.limit ?? site.limit;
    for (const slug of [...byTerm.keys()].sort(compareStrings)) {
      const { term, posts: all } = byTerm.get(slug)!;
      const files = Object.fromEntries(Object.entries(config.files).map(([format, pattern]) => [format, pattern.replaceAll("{term}", slug)]));
      const homeUrl = config.page === undefined ? undefined : absoluteUrl(config.page.replaceAll("{term}", encodeURIComponent(slug)), site.siteUrl, site.siteUrl);
      selections.push({ kind, term, slug, posts: limit > 0 ? all.slice(0, limit) : all, files, ...(homeUrl ? { homeUrl } : {}) });
    }
  }
  return { value: selections, diagnostics };
}

/** `pt-br` → `pt-BR`; a tag the runtime cannot canonicalize stays as written. */
function canonicalLanguage(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    return tag;
  }
}
