import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A deterministic synthetic archive for the benchmark: the same seed gives the same bytes.
 * German-like text with umlauts; 3–6 KB bodies with headings, lists, links (some relative),
 * images and code blocks; 1–4 of 50 tags, 20 authors, dates over ten years with offsets;
 * 2 % drafts, 1 % in the future.
 */
export interface CorpusOptions {
  count: number;
  seed?: number;
  /** The instant the benchmark builds at; "future" posts are dated after it. */
  now: Date;
  /** Body length to aim for instead of 3–6 KB (tests that need many posts, not long ones); the same random draws either way. */
  bodyBytes?: number;
}

const WORDS = (
  "über straße größe bäume häuser grün würde möglich schön außerdem während fähig ärger " +
  "daten rechner netz bericht markt energie strom preis zukunft arbeit stadt land fluss " +
  "entwicklung forschung technik sprache modell gerät leistung wachstum verkehr wetter " +
  "und oder aber doch denn weil wenn dass nicht auch noch schon sehr viel mehr immer " +
  "der die das ein eine einer mit von zu im am für auf aus bei nach seit vor"
).split(" ");
const TAGS = Array.from({ length: 50 }, (_, i) => `thema-${String(i).padStart(2, "0")}-${WORDS[i % WORDS.length]}`);
const AUTHORS = Array.from({ length: 20 }, (_, i) => ({ name: `Autorin ${String.fromCharCode(65 + i)}. Müller-${i}`, email: i % 2 ? `autor${i}@example.org` : undefined }));
const OFFSETS = ["+01:00", "+02:00", "Z", "-05:00", "+05:30"];

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePost(index: number, options: CorpusOptions, random: () => number): { name: string; text: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  const sentence = () => {
    const s = words(6 + Math.floor(random() * 12));
    return s.charAt(0).toUpperCase() + s.slice(1) + ".";
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 4) }, sentence).join(" ");
  const tenYears = 10 * 365 * 86_400_000;
  const future = random() < 0.01;
  const draft = random() < 0.02;
  const instant = future ? options.now.getTime() + 86_400_000 * (1 + Math.floor(random() * 30)) : options.now.getTime() - Math.floor(random() * tenYears);
  const offset = pick(OFFSETS);
  const offsetMinutes = offset === "Z" ? 0 : (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const tags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(TAGS)))];
  const author = pick(AUTHORS);
  const slug = `beitrag-${String(index).padStart(6, "0")}`;
  const drawn = 3000 + Math.floor(random() * 3000);
  const target = options.bodyBytes ?? drawn;
  const body: string[] = [paragraph(), "", "<!--more-->", ""];
  let size = body.join("\n").length;
  let section = 0;
  while (size < target) {
    const block = (() => {
      switch (section++ % 6) {
        case 0: return `## ${words(3)} ${section}\n\n${paragraph()}`;
        case 1: return Array.from({ length: 3 + Math.floor(random() * 3) }, () => `- ${words(5)}`).join("\n");
        case 2: return `Siehe [${words(2)}](${random() < 0.5 ? `../beitrag-${String(Math.floor(random() * options.count)).padStart(6, "0")}/` : `https://example.org/${pick(WORDS)}`}) und ${words(8)}.`;
        case 3: return `![${words(2)}](${random() < 0.5 ? "bilder/foto.jpg" : "https://example.org/bild.png"})\n\n${paragraph()}`;
        case 4: return "```ts\nconst größe = " + Math.floor(random() * 1000) + ";\nconsole.log(größe);\n```";
        default: return paragraph();
      }
    })();
    body.push(block, "");
    size += block.length + 2;
  }
  const frontmatter = [
    "---",
    `title: "${sentence().slice(0, 60).replace(/"/g, "")}"`,
    `date: ${local}${offset}`,
    `slug: ${slug}`,
    author.email ? `author:\n  name: "${author.name}"\n  email: ${author.email}` : `author: "${author.name}"`,
    `tags: [${tags.join(", ")}]`,
    ...(draft ? ["draft: true"] : []),
    "---",
    "",
  ].join("\n");
  return { name: `${slug}.md`, text: frontmatter + body.join("\n") };
}

/** Writes the corpus into `dir/posts` (spread over year folders, like a real archive). */
export async function writeCorpus(dir: string, options: CorpusOptions): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const random = prng(options.seed ?? 20240412);
  const folders = new Set<string>();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    const post = generatePost(i, options, random);
    const folder = path.join(dir, "posts", String(2015 + (i % 10)));
    if (!folders.has(folder)) {
      folders.add(folder);
      await mkdir(folder, { recursive: true });
    }
    writes.push(writeFile(path.join(folder, post.name), post.text));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

/**
 * Tiny posts (issue 15's million-post row): a title and a sentence each, dated one hour apart
 * before `now`, a thousand to a folder.
 */
export async function writeTinyCorpus(dir: string, options: Pick<CorpusOptions, "count" | "now">): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    const folder = path.join(dir, "posts", String(Math.floor(i / 1000)).padStart(4, "0"));
    if (i % 1000 === 0) await mkdir(folder, { recursive: true });
    const date = new Date(options.now.getTime() - (i + 1) * 3_600_000).toISOString();
    writes.push(writeFile(path.join(folder, `t-${i}.md`), `---\ntitle: Kurz ${i}\ndate: ${date}\n---\nEin Satz über Beitrag ${i}.\n`));
    if (writes.length >= 512) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

const TECH = (
  "the a an of to in for with on by from as is are be can will should this that it its we you " +
  "build cache config request response server client thread worker queue parser token stream buffer " +
  "function module package release version commit branch merge deploy latency throughput memory " +
  "kernel socket header payload schema index query table column migration container cluster node " +
  "error warning retry timeout benchmark profile allocation garbage collector compiler runtime"
).split(" ");
const HOSTS = [
  "github.com", "developer.mozilla.org", "docs.python.org", "en.wikipedia.org", "stackoverflow.com",
  "news.ycombinator.com", "www.rfc-editor.org", "blog.rust-lang.org", "nodejs.org", "go.dev",
  "kubernetes.io", "www.postgresql.org", "lwn.net", "martinfowler.com", "web.dev", "de.wikipedia.org",
];
const PATHS = [
  () => "/owner/project/issues/", () => "/en-US/docs/Web/API/", () => "/3/library/", () => "/wiki/",
  () => "/questions/", () => "/item?id=", () => "/rfc/rfc", () => "/2024/05/", () => "/api/", () => "/doc/",
];
const LANGS = ["ts", "sh", "json", "python", "go", "sql", ""];

/**
 * A real-shaped archive: long English technical posts (8–26 KB of Markdown) with the link density
 * of real blogs (at least 100 links a post: inline, reference-style, autolinks, bare URLs that
 * linkify finds, relative links), inline code, nested lists, raw HTML, tables, code blocks and
 * quotes. Deterministic like writeCorpus; every post is valid for feedwright and for Hugo.
 */
export function generateRealPost(index: number, options: CorpusOptions, random: () => number): { name: string; text: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (n: number) => Math.floor(random() * n);
  const words = (n: number) => Array.from({ length: n }, () => pick(TECH)).join(" ");
  let links = 0;
  const url = () => {
    links++;
    const host = pick(HOSTS);
    const tail = host.endsWith("wikipedia.org") && random() < 0.3 ? "Straße_(Begriffsklärung)" : `${pick(TECH)}-${int(10_000)}`;
    return `https://${host}${pick(PATHS)()}${tail}${random() < 0.2 ? `?tab=readme#${pick(TECH)}` : ""}`;
  };
  const inline = () => {
    const r = random();
    if (r < 0.55) return `[${words(1 + int(4))}](${url()})`;
    if (r < 0.65) return `<${url()}>`;
    if (r < 0.72) return url();
    if (r < 0.8) return (links++, `[${words(2)}](../post-${String(int(options.count)).padStart(6, "0")}/)`);
    if (r < 0.9) return `\`${pick(TECH)}.${pick(TECH)}(${int(100)})\``;
    return `**${words(2)}**`;
  };
  const sentence = () => {
    const parts: string[] = [];
    for (let i = 0, n = 8 + int(14); i < n; i++) parts.push(random() < 0.2 ? inline() : pick(TECH));
    const s = parts.join(" ");
    return s.charAt(0).toUpperCase() + s.slice(1) + ".";
  };
  const paragraph = () => Array.from({ length: 3 + int(4) }, sentence).join(" ");
  const references: string[] = [];
  const blocks: (() => string)[] = [
    () => `## ${words(3 + int(3))}\n\n${paragraph()}`,
    () => paragraph(),
    () => paragraph(),
    () =>
      Array.from({ length: 3 + int(4) }, (_, i) => {
        const children = Array.from({ length: int(3) }, () => `   - ${inline()} ${words(4)}\n     - ${words(3)} ${inline()}`).join("\n");
        return `${i + 1}. ${words(4)} ${inline()}${children ? `\n${children}` : ""}`;
      }).join("\n"),
    () => Array.from({ length: 4 + int(6) }, () => `- [${words(3)}](${url()}): ${words(6)}\n  - ${inline()} ${words(3)}`).join("\n"),
    () => {
      const rows = Array.from({ length: 3 + int(8) }, () => `| \`${pick(TECH)}\` | ${inline()} | ${words(5)} |`);
      return ["| option | link | what it does |", "| --- | --- | --- |", ...rows].join("\n");
    },
    () => `<details>\n<summary>${words(4)}</summary>\n\n${paragraph()}\n\n</details>`,
    () => `<div class="note">\n<p>Press <kbd>Ctrl</kbd>+<kbd>${pick(["C", "K", "P"])}</kbd> to ${words(4)}, see <a href="${url()}">${words(2)}</a>.</p>\n</div>`,
    () => `<figure><img src="/images/${pick(TECH)}-${int(500)}.png" alt="${words(3)}" width="640"><figcaption>${words(5)}</figcaption></figure>`,
    () => "```" + pick(LANGS) + "\n" + Array.from({ length: 4 + int(14) }, () => `${pick(TECH)}(${pick(TECH)}, "${words(2)}") // ${words(3)}`).join("\n") + "\n```",
    () => `> ${sentence()} ${sentence()}\n> — ${inline()}`,
    () => {
      const ref = `ref-${references.length + 1}`;
      references.push(`[${ref}]: ${url()} "${words(3)}"`);
      return `${sentence()} As [${words(2)}][${ref}] shows, ${words(10)}.`;
    },
  ];
  const target = 8_000 + int(18_000);
  const minLinks = 100 + int(60);
  const body: string[] = [paragraph(), "", "<!--more-->", ""];
  let size = 0;
  while (size < target || links < minLinks) {
    const block = pick(blocks)();
    body.push(block, "");
    size += block.length + 2;
  }
  body.push(...references, "");
  const instant = options.now.getTime() - 86_400_000 - int(8 * 365 * 86_400_000);
  const offset = pick(OFFSETS);
  const offsetMinutes = offset === "Z" ? 0 : (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const slug = `post-${String(index).padStart(6, "0")}`;
  const title = `${words(2 + int(5))}: ${words(3)}`.replace(/^./, (c) => c.toUpperCase());
  const frontmatter = [
    "---",
    `title: "${title}"`,
    `date: ${local}${offset}`,
    `slug: ${slug}`,
    `author: "${pick(AUTHORS).name}"`,
    `tags: [${[...new Set([pick(TECH), pick(TECH)])].map((tag) => `"${tag}"`).join(", ")}]`,
    ...(random() < 0.01 ? ["draft: true"] : []),
    "---",
    "",
  ].join("\n");
  return { name: `${slug}.md`, text: frontmatter + body.join("\n") };
}

/** Writes the real-shaped corpus into `dir/posts`, one folder per year. Returns the Markdown's bytes. */
export async function writeRealCorpus(dir: string, options: CorpusOptions): Promise<number> {
  await rm(dir, { recursive: true, force: true });
  const random = prng(options.seed ?? 20261201);
  let bytes = 0;
  for (let i = 0; i < options.count; i++) {
    const post = generateRealPost(i, options, random);
    const folder = path.join(dir, "posts", String(2018 + (i % 8)));
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, post.name), post.text);
    bytes += Buffer.byteLength(post.text);
  }
  return bytes;
}
