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
function prng(seed: number): () => number {
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
  const target = 3000 + Math.floor(random() * 3000);
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
