/**
 * Property-based (issue 11, items 5 and 7): random URLs — `|`, `^`, `{}`, backticks, `[ ]`, a
 * second `#`, `%zz`, spaces, non-ASCII, IDN hosts, IP hosts, ports, userinfo, upper-case and
 * foreign schemes (`javascript:`, `data:`, `ftp:`), relative paths — into every URL field of a post
 * (link, source.url, author.url, image, enclosure.url, a pinned id) and of the configuration
 * (siteUrl, author.url, icon, logo). Either the build refuses, naming a field that holds a URL it
 * cannot use (a scheme other than http(s), a pinned id that is not a URI), or all three feeds pass
 * the validators of tests/support and every URL and URI in them is valid by RFC 3986
 * (tests/support/rfc3986.ts), with the host the user meant.
 *
 * FEEDWRIGHT_PROPERTY_RUNS sets the runs, as in tests/build/property-unicode.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse.js";
import { buildPosts } from "../helpers/build.js";
import { validateAtoms, validateJsonFeed, validateRss } from "../support/feed-readers.js";
import { rfc3986Problems } from "../support/rfc3986.js";
import { parseXml, type XmlElement } from "../support/xml.js";

const RUNS = Number(process.env.FEEDWRIGHT_PROPERTY_RUNS) || 0;
const runs = (fallback: number) => (RUNS > 0 ? RUNS : fallback);
const NOW = new Date("2030-01-01T00:00:00Z");

const NASTY = ["|", "^", "{", "}", "`", "[", "]", "#", "%zz", "%", "%41", "%7C", " ", "ä", "😀", "\\", "'", "(", ")", "!", "*", "&", "=", "+", ";", ",", "@", ":", "~", "?", "/", "..", "."];
const chunk = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...NASTY) }, { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]{1,5}$/) });
const tail = fc.array(chunk, { maxLength: 8 }).map((parts) => parts.join(""));
const host = fc.constantFrom("example.org", "EXAMPLE.org", "bücher.example", "例え.jp", "xn--bcher-kva.example", "127.0.0.1", "[::1]", "[2001:db8::7]", "sub.domain.example.com");
const scheme = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("https", "http", "HTTPS", "HtTp") }, { weight: 1, arbitrary: fc.constantFrom("javascript", "data", "ftp", "mailto") });
const userinfo = fc.oneof(fc.constant(""), fc.constantFrom("user@", "user:pa|ss@", "us%zzer@", "ä:b@"));
const port = fc.oneof(fc.constant(""), fc.constantFrom(":8080", ":443", ":1"));

/** An absolute URL (any scheme) or, where the field allows, a relative reference. */
const absolute = fc.tuple(scheme, userinfo, host, port, tail).map(([s, u, h, p, t]) => (s === "javascript" || s === "data" || s === "mailto" ? `${s}:${t || "x"}` : `${s}://${u}${h}${p}/${t}`));
const relative = fc.tuple(fc.constantFrom("/", "", "../", "//cdn.example.net/"), tail).map(([a, t]) => `${a}${t || "a"}`);
const reference = fc.oneof(absolute, relative);

interface Case {
  link?: string;
  sourceUrl?: string;
  authorUrl?: string;
  image?: string;
  enclosure?: string;
  id?: string;
  siteUrl: string;
  siteAuthorUrl?: string;
  icon?: string;
  logo?: string;
}
const cases: fc.Arbitrary<Case> = fc.record(
  {
    link: absolute,
    sourceUrl: absolute,
    authorUrl: absolute,
    image: reference,
    enclosure: reference,
    id: fc.oneof(absolute, fc.stringMatching(/^[a-z0-9]{1,8}$/).map((t) => `tag:example.org,2024:${t}`), fc.stringMatching(/^[a-z0-9]{1,8}$/).map((t) => `https://example.org/p/${t}%7C`)),
    siteUrl: fc.oneof(fc.constant("https://example.org/"), absolute),
    siteAuthorUrl: absolute,
    icon: reference,
    logo: reference,
  },
  { requiredKeys: ["siteUrl"] },
);

const yaml = (value: string) => JSON.stringify(value);

/** Every URL and URI a feed holds, with where it was found. */
function xmlUris(xml: string): [string, string][] {
  const found: [string, string][] = [];
  const URL_ATTRIBUTES = new Set(["href", "url", "uri", "src"]);
  const URL_ELEMENTS = new Set(["link", "id", "uri", "icon", "logo", "url", "docs", "comments"]);
  const walk = (el: XmlElement) => {
    for (const attr of el.attributes) if (URL_ATTRIBUTES.has(attr.local) && attr.prefix !== "xmlns") found.push([`<${el.name} ${attr.name}>`, attr.value]);
    const text = el.children.filter((c) => c.type === "text").map((c) => (c as { value: string }).value).join("").trim();
    if (URL_ELEMENTS.has(el.local) && text !== "") found.push([`<${el.name}>`, text]);
    if (el.local === "guid" && text !== "") found.push(["<guid>", text]);
    for (const child of el.children) if (child.type === "element") walk(child);
  };
  walk(parseXml(xml).root!);
  return found;
}

function jsonUris(doc: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  const KEYS = new Set(["home_page_url", "feed_url", "url", "external_url", "image", "banner_image", "icon", "favicon", "id"]);
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${path}[${i}]`));
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (KEYS.has(key) && typeof value === "string" && !(key === "id" && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value))) found.push([`${path}.${key}`, value]);
        else walk(value, `${path}.${key}`);
      }
    }
  };
  walk(doc, "");
  return found;
}

const isHttp = (value: string) => /^https?:\/\//i.test(value.trim());
const URL_FIELDS = ["link", "source.url", "author.url", "image", "enclosure.url", "id", "siteUrl", "icon", "logo"];

describe("random URLs in every URL field", () => {
  it("are refused with the field named, or written as RFC 3986 URIs in valid feeds", async () => {
    let built = 0;
    let refused = 0;
    const atoms: { label: string; xml: string }[] = [];
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const config = { title: "URLs", siteUrl: c.siteUrl, limit: 0, ...(c.siteAuthorUrl ? { author: { name: "Site", url: c.siteAuthorUrl } } : {}), ...(c.icon ? { icon: c.icon } : {}), ...(c.logo ? { logo: c.logo } : {}) };
        const parsed = parseConfig(JSON.stringify(config), "feedwright.config.json", {});
        const mustRefuseConfig = !isHttp(c.siteUrl) || (c.siteAuthorUrl !== undefined && !isHttp(c.siteAuthorUrl)) || [c.icon, c.logo].some((v) => v !== undefined && /^[a-z]+:/i.test(v) && !isHttp(v));
        if (!parsed.ok) {
          refused++;
          for (const d of parsed.why) expect(URL_FIELDS.some((f) => d.field === f || d.field === `author.${f}`), JSON.stringify(d)).toBe(true);
          return;
        }
        expect(mustRefuseConfig, JSON.stringify(parsed.value)).toBe(false);
        const lines = [
          `title: URLs`,
          `date: 2024-01-01`,
          ...(c.link ? [`link: ${yaml(c.link)}`] : []),
          ...(c.sourceUrl ? [`source:`, `  name: Wire`, `  url: ${yaml(c.sourceUrl)}`] : []),
          ...(c.authorUrl ? [`author:`, `  name: Jane`, `  url: ${yaml(c.authorUrl)}`] : []),
          ...(c.image ? [`image: ${yaml(c.image)}`] : []),
          ...(c.enclosure ? [`enclosure:`, `  url: ${yaml(c.enclosure)}`, `  type: audio/mpeg`, `  length: 1234`] : []),
          ...(c.id ? [`id: ${yaml(c.id)}`] : []),
        ];
        const result = await buildPosts(config, [{ file: "posts/a.md", text: `---\n${lines.join("\n")}\n---\nBody\n` }], NOW);
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        const foreign = [c.link, c.sourceUrl, c.authorUrl].some((v) => v !== undefined && !isHttp(v)) || [c.image, c.enclosure].some((v) => v !== undefined && /^[a-z]+:/i.test(v) && !isHttp(v));
        if (errors.length > 0) {
          refused++;
          for (const d of errors) expect(URL_FIELDS.includes(d.field ?? ""), JSON.stringify(d)).toBe(true);
          return;
        }
        // javascript:, data:, ftp:, mailto: never leave the build.
        expect(foreign, "a URL that is not http(s) was accepted").toBe(false);
        built++;
        const feeds = result.feeds!;
        expect(validateRss(feeds.rss)).toEqual([]);
        // Validated together after the run: one xmllint run for all the Atom feeds (validateAtoms).
        atoms.push({ label: JSON.stringify(c), xml: feeds.atom });
        expect(validateJsonFeed(feeds.json)).toEqual([]);
        const all = [...xmlUris(feeds.rss), ...xmlUris(feeds.atom), ...jsonUris(JSON.parse(feeds.json) as Record<string, unknown>)];
        for (const [where, uri] of all) expect(rfc3986Problems(uri), `${where}: ${uri}`).toEqual([]);
        for (const [where, uri] of all) if (isHttp(uri)) expect(new URL(uri).protocol, where).toMatch(/^https?:$/);
        const json = JSON.parse(feeds.json) as { items: { external_url?: string; id: string }[] };
        if (c.link) expect(new URL(json.items[0]!.external_url!).host).toBe(new URL(c.link).host);
        if (c.id) expect(json.items[0]!.id).toBe(c.id);
      }),
      { numRuns: runs(150) },
    );
    const reports = await validateAtoms(atoms.map((atom) => atom.xml));
    atoms.forEach((atom, index) => expect(reports[index], atom.label).toEqual([]));
    expect(built).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});
