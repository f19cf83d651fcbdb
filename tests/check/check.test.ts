/**
 * The self-check (src/check/check.ts): each rule has a document that breaks it, and the oracles
 * of tests/support (saxes + XMLValidator + character scan, the RSS structure check, Atom's RELAX NG
 * and Schematron through xmllint, the JSON Feed schema through ajv) agree that the document is
 * broken, so no rule refuses what the specs allow. What the project builds passes
 * (tests/check/build.test.ts).
 */
import { describe, expect, it } from "vitest";
import { checkFeed, checkShortened, MAX_FINDINGS } from "../../src/check/check.js";
import { rfc3339Problem, rfc822Problem } from "../../src/check/dates.js";
import { Findings } from "../../src/check/findings.js";
import { checkJson, checkJsonByItem } from "../../src/check/json.js";
import { validateAtom, validateJsonFeed, validateRss, wellFormednessProblems } from "../support/feed-readers.js";

const check = (text: string, file = "out/feed") => checkFeed([new TextEncoder().encode(text)], file);
const rules = (text: string) => check(text).diagnostics.map((d) => d.field);

const ITEM = (inner: string) => `<item>${inner}</item>`;
const rss = (items: string, channel = "<title>T</title><link>https://example.org/</link><description>D</description>") =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>${channel}<atom:link href="https://example.org/rss.xml" rel="self" type="application/rss+xml"/>${items}</channel></rss>\n`;
const GOOD_ITEM = ITEM("<title>A</title><link>https://example.org/a/</link><guid>https://example.org/a/</guid><pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate>");

const ENTRY = (id: string, extra = "") => `<entry><id>${id}</id><title>E</title><updated>2024-03-12T09:00:00Z</updated><link href="${id}"/>${extra}</entry>`;
const atom = (entries: string, head = "<id>https://example.org/</id><title>T</title><updated>2024-03-12T09:00:00Z</updated><author><name>J</name></author><link rel=\"self\" href=\"https://example.org/atom.xml\"/>") =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">${head}${entries}</feed>\n`;

const jsonFeed = (over: Record<string, unknown> = {}, items: unknown[] = [{ id: "https://example.org/a/", content_html: "<p>x</p>", date_published: "2024-03-12T09:00:00Z" }]) =>
  JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "T", home_page_url: "https://example.org/", feed_url: "https://example.org/feed.json", items, ...over });

describe("well-formed documents pass, and the oracles agree", () => {
  it("RSS, Atom and JSON Feed of the shapes the build writes", async () => {
    expect(check(rss(GOOD_ITEM))).toMatchObject({ format: "rss", items: 1, diagnostics: [] });
    expect(validateRss(rss(GOOD_ITEM))).toEqual([]);
    expect(check(atom(ENTRY("https://example.org/a/")))).toMatchObject({ format: "atom", items: 1, diagnostics: [] });
    expect(await validateAtom(atom(ENTRY("https://example.org/a/")))).toEqual([]);
    expect(check(jsonFeed())).toMatchObject({ format: "json", items: 1, diagnostics: [] });
    expect(validateJsonFeed(JSON.parse(jsonFeed()))).toEqual([]);
  });

  it("reads a feed split into chunks anywhere, even inside a character", () => {
    const bytes = new TextEncoder().encode(rss(ITEM("<title>Größe 🎉</title><guid isPermaLink=\"false\">x</guid>")));
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(checkFeed(chunks, "f").diagnostics).toEqual([]);
    }
  });
});

describe("the shortcut over long text (checkFeed's first pass) changes no answer", () => {
  const long = (text: string) => text.repeat(Math.ceil(2000 / text.length));
  it("a run of text over many chunks (one item's content of several megabytes) is read whole, and a defect in its middle found on its line", () => {
    const run = long("&lt;p&gt;Text &amp; more, ").repeat(40);
    const good = new TextEncoder().encode(rss(ITEM(`<title>A</title><guid isPermaLink="false">x</guid><description>${run.repeat(20)}</description>`)));
    const bad = new TextEncoder().encode(rss(ITEM(`<title>A</title><guid isPermaLink="false">x</guid><description>${run.repeat(10)}\n\u0001${run.repeat(10)}</description>`)));
    const inChunks = (bytes: Uint8Array) => Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096));
    expect(inChunks(good).length).toBeGreaterThan(100);
    expect(checkFeed(inChunks(good), "f").diagnostics).toEqual([]);
    const found = checkFeed(inChunks(bad), "f").diagnostics;
    expect(found.map((d) => [d.field, d.line])).toEqual([["xml-well-formed", 3]]);
  });

  it("a feed of many pieces in one chunk (cut before a tag every 64 KB) reads as in small chunks, a defect at any place found", () => {
    const items = Array.from({ length: 600 }, (_, i) => ITEM(`<title>T ${i}</title><guid isPermaLink="false">g${i}</guid><description>${"Word &amp; more. ".repeat(i % 7 === 0 ? 90 : 12)}</description>`)).join("\n");
    const good = new TextEncoder().encode(rss(items));
    expect(good.length).toBeGreaterThan(3 * 65536);
    expect(checkFeed([good], "f")).toMatchObject({ items: 600, violations: 0 });
    // The first pass answers for it (no finding sends it to the plain pass), in one chunk and in 1,000-byte ones.
    expect(checkShortened([good])).toMatchObject({ items: 600, violations: 0 });
    expect(checkShortened(Array.from({ length: Math.ceil(good.length / 1000) }, (_, i) => good.subarray(i * 1000, (i + 1) * 1000)))).toMatchObject({ items: 600, violations: 0 });
    for (const at of [65535, 65536, 65537, 2 * 65536 + 3]) {
      const lt = good.indexOf(0x3c, at);
      const bad = new Uint8Array([...good.subarray(0, lt), 0x01, ...good.subarray(lt)]);
      expect(checkFeed([bad], "f").diagnostics.map((d) => d.field), String(at)).toEqual(["xml-well-formed"]);
    }
  });

  it("finds a defect inside a long run, on its line", () => {
    const doc = rss(ITEM(`<title>A</title><description>\n${long("word &lt;p&gt; ")}&nbsp;</description>`));
    expect(check(doc).diagnostics).toEqual([expect.objectContaining({ field: "xml-well-formed", line: 3, message: expect.stringContaining("undefined entity") })]);
    expect(rules(rss(ITEM(`<title>A</title><description>${long("a ")}\u0001</description>`)))).toEqual(["xml-well-formed"]);
    expect(rules(rss(ITEM(`<title>A</title><description>${long("a ")}\uFFFF</description>`)))).toEqual(["xml-well-formed"]);
    expect(rules(rss(ITEM(`<title>A</title><description>${long("a ")}]]></description>`)))).toEqual(["xml-well-formed"]);
  });

  it("reads long values as they are: two different long guids are not one, a long blank description is empty", () => {
    const a = `<guid isPermaLink="false">${long("a")}1</guid>`;
    const b = `<guid isPermaLink="false">${long("a")}2</guid>`;
    expect(rules(rss(ITEM(`<title>A</title>${a}`) + ITEM(`<title>B</title>${b}`)))).toEqual([]);
    expect(rules(rss(ITEM(`<title>A</title>${a}`) + ITEM(`<title>B</title>${a}`)))).toEqual(["unique-id"]);
    expect(rules(rss(ITEM(`<description>${" ".repeat(2000)}</description>`)))).toEqual(["rss-item-title-or-description"]);
  });

  it("a summary (prose of more than 32 characters) and the spaces between tags are shortened without hiding a defect or filling an empty element", () => {
    const summary = "A summary of some forty characters, or more.";
    expect(rules(rss(ITEM(`<title>A</title><guid isPermaLink="false">x</guid><description>${summary}</description>`)))).toEqual([]);
    for (const defect of ["\u0001", "&nbsp;", "]]>", "\uFFFE"]) {
      const doc = rss(ITEM(`<title>A</title>\n<description>${summary}${defect}${summary}</description>`));
      expect(check(doc).diagnostics.map((d) => [d.field, d.line]), defect).toEqual([["xml-well-formed", 3]]);
    }
    const atomSummary = atom(ENTRY("https://example.org/a/", `<summary type="html">${summary}&amp;lt;p&amp;gt;</summary><content>${summary}</content>`));
    expect(rules(atomSummary)).toEqual([]);
    expect(rules(atomSummary.replace("&amp;lt;p", "&amp;lt;p&bogus;"))).toEqual(["xml-well-formed"]);
    // Only spaces, tabs and line breaks, short or long: still empty.
    expect(rules(rss(ITEM("<description> \n\t  \r\n   </description>")))).toEqual(["rss-item-title-or-description"]);
    expect(rules(rss(ITEM("<title>\n    </title><description>  </description>")))).toEqual(["rss-item-title-or-description"]);
    expect(rules(rss(GOOD_ITEM, "<title>\n  \n  </title><link>https://example.org/</link><description>D</description>"))).toEqual(["rss-channel-title"]);
  });

  it("a long run inside a comment or an attribute value is no text, and reads the same", () => {
    expect(rules(rss(GOOD_ITEM).replace("<channel>", `<channel><!-- a > ${long("b ")} < c -->`))).toEqual([]);
    expect(rules(rss(GOOD_ITEM).replace("<channel>", `<channel><!-- a > ${long("b ")} -- c -->`))).toEqual(["xml-well-formed"]);
    expect(rules(rss(ITEM(`<title>A</title><category domain="x>${long("y")}">c</category>`)))).toEqual([]);
  });
});

describe("JSON Feed item by item (checkFeed's first pass for JSON) changes no answer", () => {
  // Strings that hold what the cutting must not take for structure: brackets, escaped quotes, runs of backslashes, a nested "items".
  const tricky = [
    { id: "https://example.org/a/", content_html: '<p class="x">{[a]} "q" \\ \\" ]}</p>', tags: ["a\\", "}", "\"{"], _x: { items: [1, { a: [] }] } },
    { id: "https://example.org/b/", content_text: "Größe 🎉 \u0000 \\\\\"", date_published: "2024-03-12T09:00:00Z" },
  ];
  const good = JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "T", items: tricky, home_page_url: "https://example.org/" }, null, 1);
  const inChunks = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const plain = (text: string) => {
    const findings = new Findings();
    return { items: checkJson(text, findings), violations: findings.count };
  };

  it("takes the build's shape apart, split into chunks anywhere (inside a character, an escape, a name)", () => {
    const bytes = new TextEncoder().encode(good);
    for (let size = 1; size <= 40; size++) expect(checkJsonByItem(inChunks(bytes, size)), `chunks of ${size}`).toBe(2);
    expect(checkJsonByItem([new TextEncoder().encode(good.replace('"items"', '"\\u0069tems"'))])).toBe(2);
    expect(checkFeed([bytes], "f")).toMatchObject({ format: "json", items: 2, violations: 0 });
  });

  it("leaves to the plain pass what it does not take apart, and answers only what the plain pass answers", () => {
    const leftToPlain = [
      good.replace('"title"', '"items": [], "title"'),
      good.replace('"items": [', '"items": [0, '),
      good.replace('"items": [', '"items": [[], '),
      JSON.stringify([JSON.parse(good)]),
      `\uFEFF${good}`,
    ];
    for (const text of leftToPlain) expect(checkJsonByItem([new TextEncoder().encode(text)]), text.slice(0, 80)).toBeUndefined();
    // Every deletion of a byte and every insertion of a byte JSON gives meaning to, at every place: where the
    // first pass answers, the plain pass gives the same answer (mostly: a syntax error, which the first pass leaves).
    const bytes = [...good];
    const mutants: string[] = [];
    for (let at = 0; at <= bytes.length; at++) {
      if (at < bytes.length) mutants.push([...bytes.slice(0, at), ...bytes.slice(at + 1)].join(""));
      for (const insert of ['"', "\\", "{", "}", "[", "]", ",", ":", "-", "0", "e", ".", "n", " ", "\u0001"]) mutants.push([...bytes.slice(0, at), insert, ...bytes.slice(at)].join(""));
    }
    let answered = 0;
    for (const text of mutants) {
      const expected = plain(text);
      const encoded = new TextEncoder().encode(text);
      for (const size of [3, encoded.length]) {
        const fast = checkJsonByItem(inChunks(encoded, size));
        if (fast === undefined) continue;
        answered++;
        expect({ text, items: fast, violations: 0 }).toEqual({ text, ...expected });
      }
    }
    // Whitespace and other harmless changes are answered by the first pass: the test reaches it.
    expect(answered).toBeGreaterThan(100);
  });
});

describe("each rule refuses what breaks it", () => {
  it("xml-well-formed: an unclosed tag, a C0 control, `]]>` in text, `&` in an attribute, an unbound prefix", () => {
    const broken = [
      rss(ITEM("<title>A</title>")).replace("</channel>", ""),
      rss(ITEM("<title>A\u0001</title>")),
      rss(ITEM("<title><![CDATA[a]]>b]]></title>")),
      rss(ITEM('<title>A</title><category domain="a&b">c</category>')),
      rss(ITEM("<title>A</title><itunes:duration>3</itunes:duration>")),
    ];
    for (const doc of broken) {
      const found = check(doc, "public/rss.xml").diagnostics;
      expect(found.map((d) => d.field), doc).toEqual(["xml-well-formed"]);
      expect(found[0]).toMatchObject({ severity: "error", file: "public/rss.xml", line: expect.any(Number), column: expect.any(Number) });
      expect(wellFormednessProblems(doc).length, doc).toBeGreaterThan(0);
    }
  });

  it("utf-8: bytes that are not UTF-8", () => {
    const bytes = new TextEncoder().encode(rss(ITEM("<title>A</title>")));
    bytes[bytes.indexOf(65)] = 0xff;
    expect(checkFeed([bytes], "f").diagnostics.map((d) => d.field)).toEqual(["utf-8"]);
  });

  it("rss-channel-title, -link, -description: the channel's required elements", () => {
    const channel = "<title>T</title><link>https://example.org/</link><description>D</description>";
    for (const name of ["title", "link", "description"]) {
      const doc = rss(GOOD_ITEM, channel.replace(new RegExp(`<${name}>[^<]*</${name}>`), ""));
      expect(rules(doc)).toEqual([`rss-channel-${name}`]);
      expect(validateRss(doc).join(" ")).toMatch(new RegExp(name));
    }
    expect(rules(rss(GOOD_ITEM, channel.replace("<title>T</title>", "<title> </title>")))).toEqual(["rss-channel-title"]);
  });

  it("rss-item-title-or-description, naming the item by position and guid", () => {
    const found = check(rss(GOOD_ITEM + ITEM("<guid isPermaLink=\"false\">b</guid>"))).diagnostics;
    expect(found).toEqual([expect.objectContaining({ field: "rss-item-title-or-description", message: expect.stringMatching(/^item 2 \(id 'b'\): /) })]);
    expect(validateRss(rss(ITEM("<guid isPermaLink=\"false\">b</guid>"))).length).toBeGreaterThan(0);
  });

  it("rss-one-author and rss-author-email: the `feed` package's one <author> per name", () => {
    const doc = rss(ITEM("<title>A</title><author>Jane</author><author>John</author>"));
    expect(rules(doc).sort()).toEqual(["rss-author-email", "rss-one-author"]);
    expect(rules(rss(ITEM("<title>A</title><author>jane@example.org (Jane)</author>")))).toEqual([]);
  });

  it("rss-date, atom-date, json-date: not the grammar, a day that does not exist, a year out of range, a wrong weekday", () => {
    for (const bad of ["Invalid Date", "2024-03-12T09:00:00Z", "Tue, 12 Mar 24 09:00:00 GMT", "Fri, 30 Feb 2024 09:00:00 GMT", "Mon, 12 Mar 2024 09:00:00 GMT", "Sat, 01 Jan 0999 00:00:00 GMT"]) {
      expect(rules(rss(ITEM(`<title>A</title><pubDate>${bad}</pubDate>`))), bad).toEqual(["rss-date"]);
    }
    expect(rfc822Problem("12 Mar 2024 09:00 +0100")).toBeUndefined();
    for (const bad of ["Tue, 12 Mar 2024 09:00:00 GMT", "2024-03-12", "2024-02-30T00:00:00Z", "2024-03-12T25:00:00Z", "0999-01-01T00:00:00Z", "2024-03-12T09:00:00"]) {
      expect(rules(atom(ENTRY("https://example.org/a/").replace("2024-03-12T09:00:00Z", bad))), bad).toEqual(["atom-date"]);
      expect(rules(jsonFeed({}, [{ id: "a", content_text: "x", date_modified: bad }])), bad).toEqual(["json-date"]);
    }
    expect(rfc3339Problem("2024-03-12t09:00:00.123+05:30")).toBeUndefined();
  });

  it("rss-uri, atom-uri, json-uri: RFC 3986 by the project's own grammar (src/common/url.ts)", () => {
    expect(rules(rss(ITEM("<title>A</title><link>/relative/</link>")))).toEqual(["rss-uri"]);
    expect(rules(rss(ITEM("<title>A</title><link>https://example.org/a b/</link>")))).toEqual(["rss-uri"]);
    expect(rules(rss(ITEM("<title>A</title><guid>post-1</guid>")))).toEqual(["rss-uri"]);
    expect(rules(rss(ITEM("<title>A</title><guid isPermaLink=\"false\">post-1</guid>")))).toEqual([]);
    expect(rules(atom(ENTRY("post-1")))).toEqual(["atom-uri"]);
    // Atom's links are references: relative ones are allowed, raw spaces are not.
    expect(rules(atom(ENTRY("https://example.org/a/", '<link rel="related" href="../b/"/>')))).toEqual([]);
    expect(rules(atom(ENTRY("https://example.org/a/", '<link rel="related" href="a|b"/>')))).toEqual(["atom-uri"]);
    expect(rules(jsonFeed({}, [{ id: "a", content_text: "x", url: "https://example.org/größe/" }]))).toEqual(["json-uri"]);
  });

  it("websub-hub, json-hubs: a hub link is accepted in each format, and refused unless it is an absolute URI", async () => {
    const rssHub = (href: string) => rss(GOOD_ITEM, `<title>T</title><link>https://example.org/</link><description>D</description><atom:link rel="hub" href="${href}"/>`);
    const atomHub = (href: string) => atom(ENTRY("https://example.org/a/"), `<id>https://example.org/</id><title>T</title><updated>2024-03-12T09:00:00Z</updated><author><name>J</name></author><link rel="self" href="https://example.org/atom.xml"/><link rel="hub" href="${href}"/>`);
    const hub = "https://hub.example.org/?a=1&amp;b=2";
    expect(rules(rssHub(hub))).toEqual([]);
    expect(validateRss(rssHub(hub))).toEqual([]);
    expect(rules(atomHub(hub))).toEqual([]);
    expect(await validateAtom(atomHub(hub))).toEqual([]);
    const jsonHub = jsonFeed({ hubs: [{ type: "WebSub", url: "https://hub.example.org/" }] });
    expect(rules(jsonHub)).toEqual([]);
    expect(validateJsonFeed(JSON.parse(jsonHub))).toEqual([]);
    // Relative: Atom allows a relative link elsewhere, not for the hub (subscribers would each resolve it).
    expect(rules(rssHub("/hub"))).toEqual(["websub-hub"]);
    expect(rules(atomHub("/hub"))).toEqual(["websub-hub"]);
    expect(check(atomHub("hub here")).diagnostics[0]?.message).toContain('the WebSub hub link (rel="hub") href');
    expect(rules(jsonFeed({ hubs: [{ type: "WebSub", url: "/hub" }] }))).toEqual(["json-hubs"]);
    expect(rules(jsonFeed({ hubs: [{ url: "https://hub.example.org/" }] }))).toEqual(["json-hubs"]);
    expect(validateJsonFeed(JSON.parse(jsonFeed({ hubs: [{ url: "https://hub.example.org/" }] }))).length).toBeGreaterThan(0);
    expect(rules(jsonFeed({ hubs: "https://hub.example.org/" }))).toEqual(["json-hubs"]);
  });

  it("unique-id: a guid, an atom:id or a JSON id twice in one feed", () => {
    const twice = check(rss(GOOD_ITEM + GOOD_ITEM)).diagnostics;
    expect(twice).toEqual([expect.objectContaining({ field: "unique-id", message: expect.stringContaining("item 2 (id 'https://example.org/a/'): has the <guid> of item 1") })]);
    expect(rules(atom(ENTRY("https://example.org/a/") + ENTRY("https://example.org/a/")))).toEqual(["unique-id"]);
    expect(rules(jsonFeed({}, [{ id: "a", content_text: "x" }, { id: "b", content_text: "x" }, { id: "a", content_text: "x" }]))).toEqual(["unique-id"]);
  });

  it("Atom: feed and entry id/title/updated, author at the feed or every entry, a name in each author, the self link, category term, content or alternate", async () => {
    const head = "<id>https://example.org/</id><title>T</title><updated>2024-03-12T09:00:00Z</updated><link rel=\"self\" href=\"https://example.org/atom.xml\"/>";
    const noAuthors = atom(ENTRY("https://example.org/a/") + ENTRY("https://example.org/b/", "<author><name>B</name></author>"), head);
    expect(check(noAuthors).diagnostics).toEqual([expect.objectContaining({ field: "atom-author", message: expect.stringMatching(/^item 1 \(id 'https:\/\/example.org\/a\/'\)/) })]);
    expect((await validateAtom(noAuthors)).length).toBeGreaterThan(0);
    expect(rules(atom(ENTRY("https://example.org/a/"), head.replace("<id>https://example.org/</id>", "<id/>") + "<author><name>J</name></author>"))).toEqual(["atom-feed-id"]);
    expect(rules(atom(ENTRY("https://example.org/a/"), head.replace(/<link[^>]*>/, "") + "<author><name>J</name></author>"))).toEqual(["atom-self-link"]);
    expect(rules(atom(ENTRY("https://example.org/a/").replace("<title>E</title>", "")))).toEqual(["atom-entry-title"]);
    expect(rules(atom(ENTRY("https://example.org/a/").replace(/<updated>[^<]*<\/updated>/, "<updated>2024-03-12T09:00:00Z</updated><updated>2024-03-12T09:00:00Z</updated>")))).toEqual(["atom-entry-updated"]);
    expect(rules(atom(ENTRY("https://example.org/a/", "<author><email>a@b.c</email></author>")))).toEqual(["atom-author"]);
    // An empty name is what RFC 4287's schema allows (text), and what a name of only control characters becomes.
    expect(rules(atom(ENTRY("https://example.org/a/", "<author><name></name></author>")))).toEqual([]);
    const labelOnly = atom(ENTRY("https://example.org/a/", '<category label="x"/>'));
    expect(rules(labelOnly)).toEqual(["atom-category-term"]);
    expect((await validateAtom(labelOnly)).length).toBeGreaterThan(0);
    expect(rules(atom(ENTRY("https://example.org/a/").replace(/<link[^>]*>/, "")))).toEqual(["atom-entry-content"]);
  });

  it("JSON Feed 1.1: version, title, items, item id and content, authors' shape, attachments", () => {
    const { version: _, ...noVersion } = JSON.parse(jsonFeed()) as Record<string, unknown>;
    expect(rules(JSON.stringify(noVersion))).toEqual(["json-version"]);
    expect(validateJsonFeed(noVersion).length).toBeGreaterThan(0);
    expect(rules(jsonFeed({ version: "https://jsonfeed.org/version/1" }))).toEqual(["json-version"]);
    expect(rules(jsonFeed({ title: "" }))).toEqual(["json-title"]);
    expect(rules(jsonFeed({ items: undefined }))).toEqual(["json-items"]);
    expect(rules(jsonFeed({}, [{ content_html: "x" }]))).toEqual(["json-item-id"]);
    expect(rules(jsonFeed({}, [{ id: 5, content_html: "x" }]))).toEqual(["json-item-id"]);
    expect(rules(jsonFeed({}, [{ id: "a" }]))).toEqual(["json-item-content"]);
    expect(rules(jsonFeed({ authors: { name: "J" } }))).toEqual(["json-authors"]);
    expect(rules(jsonFeed({}, [{ id: "a", content_text: "x", authors: [{}] }]))).toEqual(["json-authors"]);
    expect(rules(jsonFeed({}, [{ id: "a", content_text: "x", attachments: [{ url: "https://example.org/a.mp3" }] }]))).toEqual(["json-attachments"]);
    expect(rules('{"version": ')).toEqual(["json-syntax"]);
  });

  it("archive-links and json-next-url: RFC 5005's links once each and never to the document itself; next_url not the feed_url", () => {
    const rssLink = (rel: string, href: string) => `<atom:link href="${href}" rel="${rel}" type="application/rss+xml"/>`;
    const channel = "<title>T</title><link>https://example.org/</link><description>D</description>";
    const archived = (links: string) => rss(GOOD_ITEM, channel + links).replace("<rss ", '<rss xmlns:fh="http://purl.org/syndication/history/1.0" ').replace("<item>", "<fh:archive/><item>");
    expect(rules(archived(rssLink("current", "https://example.org/rss.xml") + rssLink("prev-archive", "https://example.org/archive/1/rss.xml")))).toEqual([]);
    expect(rules(archived(rssLink("prev-archive", "https://example.org/archive/1/rss.xml") + rssLink("prev-archive", "https://example.org/archive/2/rss.xml")))).toEqual(["archive-links"]);
    // The self link of rss() is https://example.org/rss.xml.
    expect(rules(archived(rssLink("next-archive", "https://example.org/rss.xml")))).toEqual(["archive-links"]);
    const atomHead = '<id>https://example.org/</id><title>T</title><updated>2024-03-12T09:00:00Z</updated><author><name>J</name></author><link rel="self" href="https://example.org/archive/2/atom.xml"/>';
    const atomArchive = (links: string) => atom(ENTRY("https://example.org/a/"), atomHead + links);
    expect(rules(atomArchive('<link rel="current" href="https://example.org/atom.xml"/><link rel="prev-archive" href="https://example.org/archive/1/atom.xml"/>'))).toEqual([]);
    expect(rules(atomArchive('<link rel="prev-archive" href="https://example.org/archive/2/atom.xml"/>'))).toEqual(["archive-links"]);
    expect(rules(atomArchive('<link rel="current" href="https://example.org/atom.xml"/><link rel="current" href="https://example.org/x.xml"/>'))).toEqual(["archive-links"]);
    expect(rules(jsonFeed({ next_url: "https://example.org/archive/1/feed.json" }))).toEqual([]);
    expect(rules(jsonFeed({ next_url: "https://example.org/feed.json" }))).toEqual(["json-next-url"]);
  });

  it("feed-format: neither RSS 2.0 nor Atom nor JSON Feed", () => {
    expect(rules('<?xml version="1.0"?><html/>')).toEqual(["feed-format"]);
    expect(rules("")).toEqual(["feed-format"]);
    expect(rules(rss(GOOD_ITEM).replace('version="2.0"', 'version="0.91"'))).toEqual(["rss-version"]);
  });

  it("lists at most MAX_FINDINGS findings per file and counts the rest", () => {
    const items = Array.from({ length: 40 }, () => ITEM("<link>https://example.org/</link>")).join("");
    const found = check(rss(items)).diagnostics;
    expect(found).toHaveLength(MAX_FINDINGS + 1);
    expect(found.at(-1)!.message).toBe("and 15 more violation(s) not listed");
  });
});
