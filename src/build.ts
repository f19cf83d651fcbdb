import { readFileSync } from "node:fs";
import path from "node:path";
import { openCache } from "./cache/around.js";
import { fileSystemStamps, type StampSource } from "./cache/stamp.js";
import { openOutputs } from "./cache/outputs.js";
import { cacheKey, type CacheLimit } from "./cache/cache.js";
import { readConfig } from "./config/config.js";
import { guardIds, mergePreviousItems, type IdGuardReport } from "./guard/guard.js";
import { findPostFiles, readPostFile } from "./load/load.js";
import { fetchPreviousFeeds, fetchPublishedFile, isPreviousUrl, readPreviousFeeds, type FetchOptions } from "./load/previous.js";
import { readStaticSizes } from "./load/static.js";
import type { PostEntry } from "./model/post.js";
import type { Site } from "./model/site.js";
import { feedChecks } from "./parallel/check.js";
import { defaultThreads, threadPool, type ThreadOptions } from "./parallel/pool.js";
import { parsePosts } from "./parse/parse.js";
import { placeFields } from "./parse/locate.js";
import { withEnclosureSizes } from "./render/enclosure.js";
import { checkRenders } from "./render/check.js";
import { mainFeedPlan, termFeedPlans } from "./render/plans.js";
import { renderPosts } from "./render/render.js";
import { checkAndSelect, type Selection } from "./select/select.js";
import { selectTermFeeds, type TermFeedSelection } from "./select/terms.js";
import { staticPathsOf } from "./select/static-files.js";
import { feedWriters, type ArchivePage } from "./serialize/index.js";
import { FEED_FORMATS, type ArchivePlan, type FeedFormat, type FeedPlan } from "./model/feed.js";
import { archivePageFix, archivePageWarning, byteLength, largeFeedWarning } from "./serialize/fit.js";
import { cleanItems } from "./serialize/clean.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./common/diagnostics.js";
import { displayPaths } from "./common/paths.js";
import type { Staged } from "./common/result.js";
import type { PreviousItem } from "./load/feeds.js";
import { renderSite } from "./render/site.js";
import { MANIFEST, parseManifest, sameOutput, staticFiles, writeSite, type ManifestEntry } from "./write/site.js";
import { replaceFile, type OutputFile, type WriteHooks, type WriteResult } from "./write/write.js";
import { changedFeedUrls, pingListed, PING_FILE, readPingList, removePingList, writePingList, type PingOptions, type PingOutcome } from "./ping/ping.js";

/**
 * The build: the stages in order, each a function of plain data (src/<stage>/), I/O only in
 * config, load and write. The build cache and the worker threads are seams around parse and
 * render (src/cache/around.ts, src/parallel/pool.ts): the stages call what they are handed. The
 * clock is a parameter: nothing here reads it. The CLI and every test that builds run this.
 */
export interface RunOptions {
  configPath: string;
  /** Overrides the configuration's postsDir / outDir (relative to the working directory). */
  postsDir?: string;
  outDir?: string;
  now: Date;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Use and update the build cache (default true). */
  cache?: boolean;
  /** Threads for parsing and rendering (default: the machine's cores); 1 keeps everything on the main thread. */
  threads?: number;
  /** Least work per thread before a worker is started (default: measured per stage, src/parallel/pool.ts). */
  minJobsPerThread?: number;
  /** How a worker thread is started (src/parallel/pool.ts). */
  startWorker?: ThreadOptions["startWorker"];
  /** Test seam: when a share of one thread is measured and split (default SPLIT, src/parallel/pool.ts). */
  threadSplit?: ThreadOptions["split"];
  writeHooks?: WriteHooks;
  /** The currently published feeds, for the id guard: a folder or one file (relative to cwd), or the site's http(s) URL. */
  previous?: string;
  /** Test seam: how a `previous` URL is fetched (default: Node's fetch, PREVIOUS_TIMEOUT_MS). */
  fetchPrevious?: FetchOptions;
  /** Test seam: where the cache's file stamps and their clock come from (default: the file system and the real clock). */
  stamps?: StampSource;
  /** Test seam: how many cache entries (one per configuration) cacheDir keeps, and their bytes together (default CACHE_LIMIT, src/cache/cache.ts). */
  cacheLimit?: CacheLimit;
  /**
   * The full check (--check-all): also render every post the feeds do not carry now (scheduled,
   * past limit, expired, drafts) and check drafts' static files, failing on their errors. The
   * outputs are byte for byte those of the same build without it.
   */
  checkAll?: boolean;
  /**
   * Told what the build has done so far, now and then while it runs (the CLI draws it on a
   * terminal: src/progress.ts). Plain counts; called synchronously, it must be quick.
   */
  onProgress?: (progress: BuildProgress) => void;
  /**
   * After the write, tell the WebSub hubs (`hub`) of the feeds whose bytes changed (--ping;
   * src/ping/): for an output folder that is the published site. The options are the seams.
   */
  ping?: PingOptions;
}

/** What a build has done so far. */
export interface BuildProgress {
  /** Post files found, and how many of them are read and parsed or taken from the cache. */
  posts: number;
  read: number;
  /** Feed items and pages to render (0 until the selection), and how many are rendered or taken from the cache. */
  toRender: number;
  rendered: number;
  /** Output files written so far (an unchanged file is not rewritten). */
  written: number;
}

export interface RunResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  site?: Site;
  selection?: Selection;
  /** Every parsed post, in file order (the fields selection and the id guard need). */
  posts: PostEntry[];
  write?: WriteResult & { removed: string[] };
  outDir?: string;
  /** Set when `previous` was given: what the id guard compared and found. */
  idGuard?: IdGuardReport;
  /**
   * Whether the output differs from what is published: with `previous` a URL, from the published
   * manifest's digests (the output folder of a CI run starts empty); else whether this build
   * wrote or removed any file of the output folder.
   */
  changed?: boolean;
  /** What `changed` was judged against. */
  changedAgainst?: "published site" | "output folder";
  /** The self URLs of the feeds whose bytes changed, judged as `changed` is (WebSub tells the hubs of these). */
  changedFeeds?: string[];
  /**
   * With `hub` set: the hubs, the feeds in the ping list after this build (changed, and no hub told
   * yet), and with `ping` what each hub was told (src/ping/).
   */
  websub?: { hubs: string[]; pending: string[]; outcomes?: PingOutcome[] };
  /** What the cache saved: posts parsed anew or reused, feed items rendered anew or reused; posts read from disk (parsed, or hashed to check a stamp). */
  work?: {
    parsed: number;
    reused: number;
    rendered: number;
    renderReused: number;
    read: number;
    /** The outputs on disk were verified to be exactly what this build writes: nothing was serialized, checked or compared (src/cache/outputs.ts). */
    outputsReused: boolean;
  };
  /** Milliseconds spent in each stage (for the report and the benchmark; never in any output). */
  timings?: Record<string, number>;
  /** Set by the full check (--check-all): the posts outside the feeds and pages it checked, and how many of them it rendered anew. */
  checkedAll?: { checked: number; rendered: number };
  /** With archives (README "Archives"): the items the main feeds hold, and the archive pages with theirs. */
  archives?: { mainItems: number; pages: number; archivedItems: number };
}

/** Reads the configuration and posts, builds, and writes the feeds unless anything is wrong. */
export async function runBuild(options: RunOptions): Promise<RunResult> {
  const lap = stopwatch();
  const display = displayPaths(options.cwd);
  const useCache = options.cache ?? true;
  const progress: BuildProgress = { posts: 0, read: 0, toRender: 0, rendered: 0, written: 0 };
  const onProgress = options.onProgress;
  const tell = (change: Partial<BuildProgress>) => onProgress?.({ ...Object.assign(progress, change) });

  const config = await readConfig({ ...options, useMemo: useCache }, display);
  if (!config.value) return { ok: false, posts: [], diagnostics: sortDiagnostics(config.diagnostics) };
  const { configFile, folders, memo } = config.value;
  // Post paths below the posts folder name {path} in postUrl and the JSON Feed's source file.
  const site: Site = { ...config.value.site, postsFolder: display(folders.posts) };
  const diagnostics = [...config.diagnostics];
  let posts: PostEntry[] = [];
  let selection: Selection | undefined;
  let idGuard: IdGuardReport | undefined;
  // With --previous <URL>: what the site online holds, by the manifest it publishes (undefined: unknown).
  let online: ManifestEntry[] | undefined;
  const stop = (): RunResult => ({ ok: false, diagnostics: sortDiagnostics(diagnostics), site, selection, posts, outDir: folders.out, idGuard });
  lap("config");

  // The seams: what earlier builds left (or nothing, with --no-cache), and the threads.
  const key = useCache ? cacheKey(site, options.cwd) : undefined;
  const cache = await openCache(folders.cache, key, display, options.stamps, options.cacheLimit);
  const threads = threadPool(site, options.cwd, { threads: options.threads ?? defaultThreads(), minJobsPerThread: options.minJobsPerThread, startWorker: options.startWorker, split: options.threadSplit }, {
    // With no limit or with archives every live post reaches a feed, and with pages every live post
    // gets one: rendered during the scan, while it is in hand.
    renderLiveAt: site.limit === 0 || site.archives !== undefined || site.publish === "site" ? options.now.getTime() : undefined,
  });
  const found = await findPostFiles(folders.posts, display, site.exclude);
  diagnostics.push(...found.diagnostics, ...cache.diagnostics);
  lap("load");
  tell({ posts: found.value.length });

  // The cache hands the threads only the posts it does not hold: those count as read at once.
  const scanning = onProgress ? (jobs: Parameters<typeof threads.scan>[0]) => threads.scan(jobs, (done) => tell({ read: found.value.length - jobs.length + done })) : threads.scan;
  const parsed = await parsePosts(found.value, cache.scan(scanning));
  tell({ read: found.value.length });
  diagnostics.push(...parsed.diagnostics);
  posts = parsed.value;
  lap("parse");

  // The file-system facts the checks of every post need (which static files exist, their sizes).
  const checkAll = options.checkAll ?? false;
  const staticFacts = { sizes: await readStaticSizes(folders.static, staticPathsOf(posts, checkAll)), shown: display(folders.static) };
  const selected = checkAndSelect(posts, options.now, site.limit, staticFacts, checkAll);
  // The term feeds' posts (README "Feeds per tag, category, author and language"), from the live ones.
  const terms = selectTermFeeds(site, selected.value.live, posts);
  // Their lines: those few posts are read again (src/parse/locate.ts).
  diagnostics.push(...await placeFields([...selected.diagnostics, ...terms.diagnostics], posts, (file) => {
    const read = readPostFile(path.resolve(options.cwd, file), file);
    return read.ok ? read.value.source : undefined;
  }));
  // An error stops the build before anything is written, not before the guard and the render:
  // they check the posts that parsed, so one build reports all problems at once.
  const chosen = selected.value;
  if (!hasErrors(diagnostics)) selection = chosen;
  // What the main feeds publish: the selection, or with archives every live post (the main feeds keep the newest).
  const feedPosts = site.archives ? chosen.live : chosen.items;
  lap("select");

  // The id guard, before anything is written: a changed id stops the build.
  if (options.previous !== undefined) {
    const published = await readPublished(options.previous, site, options, display);
    online = published.value.online;
    const guarded = guardIds(mergePreviousItems(published.value.feeds), feedPosts, posts, options.now, site.postsFolder);
    diagnostics.push(...published.diagnostics, ...guarded.diagnostics);
    idGuard = guarded.value;
    lap("guard");
  }

  // With `publish: "site"` every live post has a page, also one `limit` keeps out of the feeds
  // (readers still hold its link): all are rendered, each taken from the cache when it holds it.
  // Else the feeds' posts: the main feeds' and each term feed's newest (which may be older).
  const toRender = site.publish === "site" ? chosen.live : withTermPosts(chosen.live, feedPosts, terms.value);
  const others = checkAll ? without(posts, new Set(toRender)) : [];
  tell({ toRender: toRender.length + others.length });
  const rendering = (before: number, total: number) =>
    onProgress ? (entries: readonly PostEntry[]) => threads.render(entries, (done) => tell({ rendered: before + total - entries.length + done })) : threads.render;
  const rendered = await renderPosts(toRender, cache.render(rendering(0, toRender.length)));
  tell({ rendered: toRender.length });
  // Local enclosures without length: measured every build (a cached item keeps the path, not the size).
  // A missing file was reported, with its line, by the select stage: not twice.
  const items = withEnclosureSizes(rendered.value, staticFacts.sizes, staticFacts.shown);
  const reported = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  // Rendering's warnings live on the item, so a build that takes it from the cache warns the same.
  diagnostics.push(...rendered.diagnostics, ...items.diagnostics.filter((d) => !reported.has(d.file)), ...items.value.flatMap((item) => item.warnings ?? []));
  const renderedForFeeds = cache.counts.rendered;
  // The full check renders the rest through the cache (the next full check reuses them); none of
  // them reaches an output.
  let checkedAll: RunResult["checkedAll"];
  if (checkAll) {
    const checked = await checkRenders(others, cache.render(rendering(toRender.length, others.length)));
    tell({ rendered: toRender.length + others.length });
    diagnostics.push(...checked.diagnostics, ...cleanItems(checked.value).diagnostics);
    checkedAll = { checked: others.length, rendered: cache.counts.rendered - renderedForFeeds };
  }
  if (hasErrors(diagnostics)) return { ...stop(), checkedAll };
  lap("render");

  // The cache beside the feeds: it holds what parsing and rendering gave, true whatever becomes of
  // the feeds' write. Started first (see CacheSeam.save); a failed cache write is a warning.
  const saved = Promise.all([cache.save(display(folders.cache)), memo && replaceFile(memo.file, memo.text).catch(() => undefined)]);
  // The feeds' items lead `toRender` (both newest first; a failed render stopped the build above).
  const inFeeds = items.value.slice(0, chosen.items.length);
  // Every feed the build writes, the main feed first: each goes through the same writers,
  // self-check and write below.
  const itemOf = new Map(toRender.map((post, index) => [post, items.value[index]!]));
  const plans: FeedPlan[] = [mainFeedPlan(site, items.value.slice(0, feedPosts.length)), ...termFeedPlans(site, terms.value, (post) => itemOf.get(post)!)];
  const outPath = (name: string) => display(path.join(folders.out, name));
  const feeds = plans.map((plan) => ({ plan, ...feedWriters(plan.meta, plan.items, configFile, plan.limits && { ...plan.limits, shown: shownFiles(plan, outPath) }, plan.archives) }));
  // A maxBytes below the empty feed: an error at the setting's line (the config is read again only then).
  // An item in several feeds is cleaned in each: its warnings are told once.
  const sized = await Promise.all(uniqueDiagnostics(feeds.flatMap((feed) => feed.diagnostics)).map((d) => (d.severity === "error" && d.field?.includes("maxBytes") ? atConfigKey(d, options.configPath, options.cwd) : d)));
  if (hasErrors(sized)) {
    diagnostics.push(...sized);
    return stop();
  }
  lap("fit");
  // The pages stage (src/render/site.ts): pages, home page, stylesheets; the feeds are written last.
  const pages = renderSite(site, plans, inFeeds, items.value);
  diagnostics.push(...sized, ...pages.diagnostics);
  // Two feeds at one file: nothing is written.
  if (hasErrors(pages.diagnostics)) return stop();
  lap("pages");
  // The self-check (src/check/): each feed's bytes, as they are about to be written, against its
  // format's rules; a violation stops the write before the first rename. `checks` is made below,
  // once the outputs seam has said whether anything is written.
  let checkMs = 0;
  // Without maxBytes for it, a feed over 5 MB is warned about (its size is known here at no cost).
  const large: Diagnostic[] = [];
  const selfCheck = (name: string, maxBytes: number | undefined, archivePage?: { field: string; itemsPerPage: number }) => (data: readonly Uint8Array[]) => {
    if (maxBytes === undefined) {
      const warned = largeFeedWarning(outPath(name), byteLength(data), configFile, undefined, archivePage && archivePageFix(configFile, archivePage.itemsPerPage));
      if (warned) large.push(warned);
    } else if (archivePage && byteLength(data) > maxBytes) {
      large.push(archivePageWarning(outPath(name), byteLength(data), { ...archivePage, maxBytes }));
    }
    const start = performance.now();
    const checked = checks.check(data, outPath(name));
    checkMs += performance.now() - start;
    return checked instanceof Promise ? checked.then((result) => result.diagnostics.map(asBuildFailure)) : checked.diagnostics.map(asBuildFailure);
  };
  const feedFiles = feeds.flatMap(({ plan, writers, pages }) => [
    ...writtenFormats(plan.files).map(([format, name]) => ({ name, content: writers[format], check: selfCheck(name, plan.limits?.maxBytes[format]) })),
    // Its archive pages (RFC 5005), each file through the same self-check.
    ...(plan.archives ? archiveFiles(plan, plan.archives, pages, selfCheck) : []),
  ]);
  const outputs = [...pages.files, ...feedFiles];
  // The outputs seam (src/cache/outputs.ts): when the files on disk are exactly what this build
  // would write, nothing is serialized, checked or compared. Not with `previous` (its manifest
  // carries digests) nor with write hooks (tests that watch or break the write).
  const reusable = key !== undefined && options.previous === undefined && !options.writeHooks;
  // With pages the static folder is copied too (writeSite): its files are outputs as well.
  const statics = reusable && site.publish === "site" ? (await staticFiles(folders.static, display(folders.static))).value : [];
  const recorded = await openOutputs(
    folders.cache,
    reusable
      ? { key, outDir: folders.out, configFile, plans, pageItems: site.publish === "site" ? [inFeeds, items.value] : [], names: [...outputs, ...statics].map((output) => output.name), statics }
      : undefined,
    options.stamps ?? fileSystemStamps,
    display,
  );
  const reuse = await recorded.reuse();
  diagnostics.push(...reuse.diagnostics);
  // A large feed is checked on a worker thread while the next outputs are written (src/parallel/check.ts);
  // about the feeds' bytes together (an item's markup besides its content is some 500 bytes a format),
  // none when nothing is written, so a reused build starts no worker.
  const expectedBytes = reuse.reused ? 0 : plans.reduce((sum, plan) => sum + Object.keys(plan.files).length * plan.items.reduce((bytes, item) => bytes + 500 + item.contentHtml.length, 0), 0);
  const checks = feedChecks({ threads: options.threads ?? defaultThreads(), startWorker: options.startWorker }, expectedBytes);
  const written = reuse.reused ?? await writeSite(folders.out, outputs, {
    mode: site.publish,
    staticDir: folders.static,
    keepPosts: new Set(chosen.live.map((post) => post.id)),
    shown: display(folders.out),
    staticShown: display(folders.static),
    hooks: onProgress ? { ...options.writeHooks, written: (name) => (options.writeHooks?.written?.(name), tell({ written: progress.written + 1 })) } : options.writeHooks,
    // Digests in the manifest when the site is read back over HTTP: the next run compares them.
    digests: options.previous !== undefined && isPreviousUrl(options.previous),
  }).finally(() => checks.close());
  if (!reuse.reused && written.value) await recorded.record(written.value, [...written.diagnostics, ...large]);
  diagnostics.push(...written.diagnostics, ...large);
  const [cacheProblem] = await saved;
  if (!written.value) return stop();
  const timings = lap("serialize+write");
  // `check`: what the check added to the build's time (on this thread, and waiting for the worker);
  // `checkCpu`: the checks' own time, wherever they ran.
  checkMs += written.value.checkWaitMs ?? 0;
  timings["serialize+write"]! -= Math.round(checkMs);
  timings.check = Math.round(checkMs);
  timings.checkCpu = Math.round(checks.spentMs);
  if (cacheProblem) diagnostics.push(cacheProblem);
  // WebSub: the feeds whose bytes changed, judged as `changed` is; with a hub set they join the
  // ping list beside the configuration, and with `ping` the hubs are told of them now.
  // The topics are every plan's own files, by the self URL subscribers know them by; archive pages
  // name no hub (a reader fetches each once and never subscribes), so no hub is told of them.
  const topics = feeds.flatMap(({ plan }) =>
    writtenFormats(plan.files).flatMap(([format, name]) => {
      const feedUrl = plan.meta.selfUrls[format];
      return feedUrl === undefined ? [] : [{ name, feedUrl }];
    }),
  );
  const changedFeeds = changedFeedUrls(topics, written.value, online);
  const websub = await recordChangedFeeds(site, changedFeeds, topics.map((topic) => topic.feedUrl), options, display);
  diagnostics.push(...websub.diagnostics);
  if (options.ping) lap("ping");
  const { parsed: parsedNow } = cache.counts;
  const renderedNow = renderedForFeeds;
  return {
    ok: true,
    diagnostics: sortDiagnostics(diagnostics),
    site,
    selection: chosen,
    posts,
    write: written.value,
    outDir: folders.out,
    idGuard,
    changed: online ? !sameOutput(online, written.value.manifest) : written.value.written.length > 0 || written.value.removed.length > 0,
    changedAgainst: online ? "published site" : "output folder",
    changedFeeds,
    ...(websub.value ? { websub: websub.value } : {}),
    work: { parsed: parsedNow, reused: posts.length - parsedNow, rendered: renderedNow, renderReused: toRender.length - renderedNow, read: cache.counts.read, outputsReused: reuse.reused !== undefined },
    timings: lap("cache"),
    ...(checkedAll ? { checkedAll } : {}),
    ...(site.archives ? { archives: archiveCounts(feeds[0]!) } : {}),
  };
}

/**
 * What is published now (`--previous`): the items of each feed, for the id guard, and, when read
 * over HTTP, the site's manifest (undefined: unknown), for whether this build changes the site.
 */
async function readPublished(previous: string, site: Site, options: Pick<RunOptions, "cwd" | "fetchPrevious">, display: (absolute: string) => string): Promise<Staged<{ feeds: PreviousItem[][]; online?: ManifestEntry[] }>> {
  const feedFiles = [site.files.rss, site.files.atom, site.files.json];
  if (!isPreviousUrl(previous)) {
    const read = await readPreviousFeeds(path.resolve(options.cwd, previous), feedFiles, display);
    return { value: { feeds: read.value }, diagnostics: read.diagnostics };
  }
  const fetched = await fetchPreviousFeeds(previous, feedFiles, options.fetchPrevious);
  const manifest = await fetchPublishedFile(previous, MANIFEST, "whether the site changed is not known, so every file is reported changed (the run deploys)", options.fetchPrevious);
  return {
    value: { feeds: fetched.value, online: manifest.value === undefined ? undefined : parseManifest(manifest.value) },
    diagnostics: [...manifest.diagnostics, ...fetched.diagnostics],
  };
}

/** What a feed's archives hold, for the report (the formats share one cut). */
function archiveCounts(feed: { kept: Record<FeedFormat, number>; pages: readonly ArchivePage[] }): NonNullable<RunResult["archives"]> {
  return { mainItems: feed.kept.rss, pages: feed.pages.length, archivedItems: feed.pages.reduce((sum, page) => sum + page.items, 0) };
}

/** The files of a plan's archive pages (RFC 5005), each through the self-check as the plan's own files. */
function archiveFiles(plan: FeedPlan, archives: ArchivePlan, pages: readonly ArchivePage[], selfCheck: (name: string, maxBytes: number | undefined, archivePage: { field: string; itemsPerPage: number }) => OutputFile["check"]): OutputFile[] {
  return pages.flatMap((page) =>
    writtenFormats(archives.page(page.n).files).map(([format, name]) => {
      const archivePage = { field: plan.limits?.field(format) ?? "maxBytes", itemsPerPage: archives.itemsPerPage };
      return { name, content: page.writers[format], check: selfCheck(name, plan.limits?.maxBytes[format], archivePage) };
    }),
  );
}

/** The formats a plan (or an archive page) writes, in FEED_FORMATS order, each with its file's name. */
function writtenFormats(files: Partial<Record<FeedFormat, string>>): Array<[FeedFormat, string]> {
  return FEED_FORMATS.flatMap((format) => {
    const name = files[format];
    return name === undefined ? [] : [[format, name] as [FeedFormat, string]];
  });
}

/** Each written file of a plan as messages show it (for the size limits' messages). */
function shownFiles(plan: FeedPlan, shown: (name: string) => string): Record<FeedFormat, string> {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format, shown(plan.files[format] ?? format)])) as Record<FeedFormat, string>;
}

/**
 * The diagnostic at the line of its setting in the configuration file (`maxBytes`,
 * `termFeeds.tags.maxBytes`), found as the configuration's own checks find a field
 * (src/common/yaml.ts), when the file can be read and holds it.
 */
async function atConfigKey(d: Diagnostic, configPath: string, cwd: string): Promise<Diagnostic> {
  // The YAML library only for this error: a build without it never loads it.
  const { loadYaml } = await import("./common/yaml.js");
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, configPath), "utf8");
  } catch {
    return d;
  }
  const loaded = loadYaml(text.replace(/^\uFEFF/, ""));
  const where = loaded.ok && d.field !== undefined ? loaded.value.locate(d.field.split("."), "key") : undefined;
  return where ? { ...d, line: where.line, column: where.column } : d;
}

/**
 * With `hub` set: the ping list beside the configuration gets the feeds this build changed, beside
 * those earlier builds changed and no ping has told a hub of yet (still written by this build);
 * with `ping`, the hubs are told at once. Without `hub`: a list left from before is removed.
 */
async function recordChangedFeeds(
  site: Site,
  changed: readonly string[],
  built: readonly string[],
  options: Pick<RunOptions, "cwd" | "configPath" | "ping">,
  display: (absolute: string) => string,
): Promise<Staged<RunResult["websub"]>> {
  const file = path.join(path.dirname(path.resolve(options.cwd, options.configPath)), PING_FILE);
  if (!site.hub || site.hub.length === 0) {
    await removePingList(file);
    return { value: undefined, diagnostics: [] };
  }
  const shown = display(file);
  const before = await readPingList(file, shown);
  const listed = new Set([...(before.value?.feeds ?? []), ...changed]);
  const feeds = built.filter((url) => listed.has(url));
  const diagnostics = [...before.diagnostics, ...(await writePingList(file, shown, { hubs: site.hub, feeds }))];
  if (!options.ping) return { value: { hubs: site.hub, pending: feeds }, diagnostics };
  const run = await pingListed(file, shown, options.ping);
  diagnostics.push(...run.diagnostics);
  return { value: { hubs: site.hub, pending: run.value?.pending ?? feeds, ...(run.value ? { outcomes: run.value.outcomes } : {}) }, diagnostics };
}

/** The live posts the feeds carry, newest first: the main feeds' (a prefix of `live`), then those only term feeds carry. */
function withTermPosts<P extends PostEntry>(live: readonly P[], main: P[], terms: readonly TermFeedSelection<P>[]): P[] {
  if (terms.length === 0) return main;
  const wanted = new Set<P>(main);
  for (const term of terms) for (const post of term.posts) wanted.add(post);
  return live.filter((post) => wanted.has(post));
}

/** The same diagnostic once. */
function uniqueDiagnostics(all: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return all.filter((d) => {
    const key = JSON.stringify([d.severity, d.file, d.line, d.column, d.field, d.message]);
    return !seen.has(key) && (seen.add(key), true);
  });
}

function without<T>(all: readonly T[], some: ReadonlySet<T>): T[] {
  return all.filter((one) => !some.has(one));
}

/** A self-check finding in a build: feedwright wrote it, so the fix is a report, and nothing was written. */
function asBuildFailure(d: Diagnostic): Diagnostic {
  return { ...d, message: `${d.message} (the self-check refused this feed, so nothing was written: this is a bug in feedwright; please report it with the post concerned)` };
}

/** Milliseconds since the previous lap, by stage name (for the report and the benchmark; never in any output). */
function stopwatch(): (stage: string) => Record<string, number> {
  const timings: Record<string, number> = {};
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    timings[stage] = Math.round(now - last);
    last = now;
    return timings;
  };
}
