/**
 * Tests for the test-support layer itself: the validators must accept small
 * hand-written valid documents and reject broken ones (so a passing feed test
 * means something), and the readers must return what each library exposes.
 * The per-library expectations double as documentation of library quirks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertWellFormedXml,
  isRfc3339DateTime,
  readWithFeedparser,
  readWithFeedsmith,
  readWithRowanmanning,
  readWithRssParser,
  rfc822Problem,
  validateAtom,
  validateAtoms,
  validateJsonFeed,
  validateRss,
  wellFormednessProblems,
  type ReadFeed,
} from './feed-readers.js';

// ---------------------------------------------------------------------------
// Hand-written fixtures
// ---------------------------------------------------------------------------

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example &amp; Co</title>
    <link>https://example.org/</link>
    <description>An example feed</description>
    <language>en-GB</language>
    <lastBuildDate>Tue, 02 Jan 2024 10:00:00 GMT</lastBuildDate>
    <atom:link href="https://example.org/rss.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>First &lt;post&gt; &amp;amp;</title>
      <link>https://example.org/posts/first</link>
      <guid isPermaLink="true">https://example.org/posts/first</guid>
      <pubDate>Mon, 01 Jan 2024 09:30:00 +0000</pubDate>
      <description>Short summary</description>
      <content:encoded><![CDATA[<p>Hello <b>world</b></p>]]></content:encoded>
      <author>jane@example.org (Jane Doe)</author>
      <category>news</category>
      <category domain="https://example.org/tags">tech</category>
      <enclosure url="https://example.org/a.mp3" length="1234" type="audio/mpeg"/>
      <enclosure url="https://example.org/b.ogg" length="99" type="audio/ogg"/>
    </item>
    <item>
      <description>Untitled note</description>
      <guid isPermaLink="false">urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a</guid>
      <dc:creator>John Roe</dc:creator>
      <dc:creator>Mary Major</dc:creator>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <title type="html">Example &amp;amp; Co</title>
  <subtitle>An example feed</subtitle>
  <link rel="alternate" type="text/html" href="https://example.org/"/>
  <link rel="self" type="application/atom+xml" href="https://example.org/atom.xml"/>
  <id>https://example.org/</id>
  <updated>2024-01-02T10:00:00Z</updated>
  <author><name>Site Owner</name></author>
  <entry>
    <title type="html">First &lt;em&gt;post&lt;/em&gt; &amp;amp;</title>
    <link rel="alternate" type="text/html" href="https://example.org/posts/first"/>
    <link rel="enclosure" type="audio/mpeg" length="1234" href="https://example.org/a.mp3"/>
    <link rel="enclosure" type="audio/ogg" length="99" href="https://example.org/b.ogg"/>
    <id>https://example.org/posts/first</id>
    <published>2024-01-01T09:30:00Z</published>
    <updated>2024-01-01T12:00:00+01:00</updated>
    <author><name>Jane Doe</name><email>jane@example.org</email></author>
    <author><name>John Roe</name></author>
    <category term="news"/>
    <category term="tech" label="Technology"/>
    <summary>Short summary</summary>
    <content type="html">&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain &amp; text</title>
    <link href="https://example.org/posts/second"/>
    <id>urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a</id>
    <updated>2024-01-03T00:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>body</b></p></div></content>
  </entry>
</feed>`;

const JSON_FEED = {
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Example & Co',
  home_page_url: 'https://example.org/',
  feed_url: 'https://example.org/feed.json',
  description: 'An example feed',
  language: 'en-GB',
  icon: 'https://example.org/icon-512.png',
  favicon: 'https://example.org/favicon-64.png',
  authors: [{ name: 'Site Owner', url: 'https://example.org/about' }],
  _feedwright: { about: 'https://example.org/ext', generator_version: '0.1.0' },
  items: [
    {
      id: 'https://example.org/posts/first',
      url: 'https://example.org/posts/first',
      title: 'First <post>',
      content_html: '<p>Hello <b>world</b></p>',
      summary: 'Short summary',
      date_published: '2024-01-01T09:30:00Z',
      date_modified: '2024-01-01T12:00:00+01:00',
      authors: [{ name: 'Jane Doe' }, { avatar: 'https://example.org/john.png' }],
      tags: ['news', 'tech'],
      language: 'en',
      attachments: [
        { url: 'https://example.org/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 1234, duration_in_seconds: 61.5, title: 'Episode' },
      ],
    },
    { id: 'urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a', content_text: 'Untitled note' },
  ],
};

/** Replace exactly one occurrence (fails loudly if the fixture drifted). */
function edit(doc: string, from: string, to: string): string {
  const i = doc.indexOf(from);
  if (i < 0 || doc.indexOf(from, i + 1) >= 0) throw new Error(`fixture edit: ${JSON.stringify(from)} must occur exactly once`);
  return doc.slice(0, i) + to + doc.slice(i + from.length);
}

const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------
// Well-formedness
// ---------------------------------------------------------------------------

describe('assertWellFormedXml', () => {
  it('accepts the hand-written RSS and Atom documents', () => {
    expect(() => assertWellFormedXml(RSS)).not.toThrow();
    expect(() => assertWellFormedXml(ATOM)).not.toThrow();
  });

  it('accepts legitimate but less common constructs (no false positives)', () => {
    const doc =
      "\uFEFF<?xml version='1.0' encoding='UTF-8' standalone=\"yes\" ?>\n" +
      '<?xml-stylesheet href="/feed.xsl" type="text/xsl"?>\n<!-- comment -->\n' +
      "<a xmlns='urn:a' b = 'x\"y' c=\"it's &gt; &#x9;\"><![CDATA[ ]] > <&> ]]><b xmlns=\"\"/>text</a>\n<!-- end -->\n";
    expect(wellFormednessProblems(doc)).toEqual([]);
    expect(wellFormednessProblems('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toEqual([]);
  });

  it('rejects a raw C0 control character', () => {
    expect(() => assertWellFormedXml(edit(RSS, 'An example feed', 'An example\u0001feed'))).toThrow(/U\+0001/);
  });

  it('rejects U+FFFE / U+FFFF and unpaired surrogates', () => {
    expect(() => assertWellFormedXml('<a>\uFFFF</a>')).toThrow(/U\+FFFF/);
    expect(() => assertWellFormedXml('<a>x\uD800y</a>')).toThrow(/unpaired high surrogate/);
    expect(() => assertWellFormedXml('<a>x\uDC00</a>')).toThrow(/unpaired low surrogate/);
    expect(() => assertWellFormedXml('<a>\uD83D\uDE00 tab\tok\r\n</a>')).not.toThrow();
  });

  it('rejects character references to characters XML 1.0 forbids', () => {
    expect(() => assertWellFormedXml('<a>&#1;</a>')).toThrow(/&#1;/);
    expect(() => assertWellFormedXml('<a b="&#x0;"/>')).toThrow(/&#x0;/);
    expect(() => assertWellFormedXml('<a>&#233;&#x1F600;</a>')).not.toThrow();
  });

  it('rejects undeclared namespace prefixes on elements and attributes', () => {
    expect(() => assertWellFormedXml(edit(RSS, '<category>news</category>', '<media:thumbnail url="https://x.example/t.png"/>'))).toThrow(
      /unbound namespace prefix: "media"/,
    );
    expect(() => assertWellFormedXml('<a xmlns:p="urn:p"><b q:x="1"/></a>')).toThrow(/unbound namespace prefix: "q"/);
    // scoping: a declaration on a sibling does not count
    expect(() => assertWellFormedXml('<a><b xmlns:p="urn:p"/><p:c/></a>')).toThrow(/unbound namespace prefix: "p"/);
    expect(() => assertWellFormedXml('<a xml:lang="en"><b xmlns:p="urn:p"><p:c p:x="1"/></b></a>')).not.toThrow();
  });

  it('rejects other well-formedness errors (mismatched tags, undefined entities, two roots, bare &)', () => {
    expect(() => assertWellFormedXml('<a><b></a></b>')).toThrow(/not well-formed/);
    expect(() => assertWellFormedXml('<a>&nbsp;</a>')).toThrow(/undefined entity .*&nbsp;/);
    expect(() => assertWellFormedXml('<a/><b/>')).toThrow(/only one root/);
    expect(() => assertWellFormedXml('<a>fish & chips</a>')).toThrow(/'&'/);
    expect(() => assertWellFormedXml('<a x="<"/>')).toThrow(/disallowed character .*x="<"/);
    expect(() => assertWellFormedXml('<a x="1" x="2"/>')).toThrow(/duplicate attribute|repeated/);
    expect(() => assertWellFormedXml('<a/>\n<?xml version="1.0"?>')).toThrow(/XML declaration/);
  });

  it('lists every problem with line numbers', () => {
    const problems = wellFormednessProblems('<a>\n<b>&bogus;</b>\n<c:d/>\n</a>');
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^line 2, column \d+: .*&bogus;/), expect.stringMatching(/^line 3, column \d+: .*prefix: "c"/)]),
    );
  });
});

// ---------------------------------------------------------------------------
// RSS 2.0
// ---------------------------------------------------------------------------

describe('validateRss', () => {
  it('accepts the hand-written RSS 2.0 document', () => {
    expect(validateRss(RSS)).toEqual([]);
  });

  it.each([
    ['version other than 2.0', ['<rss version="2.0"', '<rss version="0.91"'], /version="2.0"/],
    ['missing channel description', ['<description>An example feed</description>', ''], /missing required <description>/],
    ['relative channel link', ['<link>https://example.org/</link>', '<link>/</link>'], /absolute http\/https URL/],
    ['item with neither title nor description', ['<description>Untitled note</description>', ''], /<title> or a <description>/],
    ['guid isPermaLink not true/false', ['isPermaLink="true"', 'isPermaLink="yes"'], /isPermaLink must be "true" or "false"/],
    [
      'permalink guid that is not a URL',
      ['<guid isPermaLink="false">urn:uuid', '<guid>urn:uuid'],
      /is a permalink \(isPermaLink absent, default true\) but "urn:uuid/,
    ],
    ['ISO date in pubDate', ['Mon, 01 Jan 2024 09:30:00 +0000', '2024-01-01T09:30:00Z'], /not an RFC 822 date-time/],
    ['wrong day of week', ['Tue, 02 Jan 2024 10:00:00 GMT', 'Wed, 02 Jan 2024 10:00:00 GMT'], /day of week is Wed/],
    ['enclosure with negative length', ['length="1234"', 'length="-1"'], /length must be a non-negative integer/],
    ['enclosure without type', [' type="audio/ogg"', ''], /type must be a MIME type \(found none\)/],
    ['relative enclosure url', ['url="https://example.org/a.mp3"', 'url="a.mp3"'], /url must be an absolute http\(s\) URL/],
    ['author without e-mail address', ['jane@example.org (Jane Doe)', 'Jane Doe'], /must contain an e-mail address/],
    ['two authors in one item', ['<author>jane@example.org (Jane Doe)</author>', '<author>jane@example.org (Jane Doe)</author><author>max@example.org (Max)</author>'], /2 <author> elements; at most one/],
    ['author beside dc:creator', ['<author>jane@example.org (Jane Doe)</author>', '<author>jane@example.org (Jane Doe)</author><dc:creator>Max</dc:creator>'], /both <author> and <dc:creator>/],
    ['missing atom:link rel=self', ['<atom:link href="https://example.org/rss.xml" rel="self" type="application/rss+xml"/>', ''], /exactly one <atom:link rel="self">/],
    ['atom:link self with wrong type', ['type="application/rss+xml"', 'type="application/atom+xml"'], /type="application\/rss\+xml"/],
    ['language that is not a tag', ['<language>en-GB</language>', '<language>English</language>'], /not a language tag/],
    ['duplicated channel title', ['<title>Example &amp; Co</title>', '<title>A</title><title>B</title>'], /2 <title> elements/],
    ['un-namespaced non-RSS element', ['<category>news</category>', '<tags>news</tags>'], /<tags> .* is not an RSS 2.0 item element/],
    ['raw control character', ['Short summary', 'Short\u0007summary'], /well-formedness: .*U\+0007/],
  ])('reports %s', (_label, [from, to], pattern) => {
    const problems = validateRss(edit(RSS, from as string, to as string));
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('reports a second <channel>', () => {
    expect(validateRss(edit(RSS, '</channel>', '</channel><channel/>'))).toContain('<rss> must contain exactly one <channel> (found 2)');
  });
});

describe('rfc822Problem / isRfc3339DateTime', () => {
  it('accepts RFC 822 forms allowed by RSS 2.0', () => {
    for (const d of ['Sat, 07 Sep 2002 00:00:01 GMT', '7 Sep 2002 00:00 GMT', 'Wed, 02 Oct 2002 15:00:00 +0200', 'Wed, 02 Oct 02 08:00:00 EST']) {
      expect(rfc822Problem(d)).toBeUndefined();
    }
  });
  it('rejects malformed or impossible RFC 822 dates', () => {
    for (const d of ['Sat, 7 Sept 2002 00:00:01 GMT', 'Thu, 30 Feb 2024 00:00:00 GMT', 'Sat, 07 Sep 2002 24:00:00 GMT', 'sat, 07 sep 2002 00:00:01 gmt', 'Sat,  07 Sep 2002 00:00:01 GMT']) {
      expect(rfc822Problem(d)).toBeDefined();
    }
  });
  it('checks RFC 3339 date-time', () => {
    expect(isRfc3339DateTime('2024-02-29T23:59:59.123+05:30')).toBe(true);
    expect(isRfc3339DateTime('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339DateTime('2024-01-01T00:00:00')).toBe(false);
    expect(isRfc3339DateTime('2024-01-01T00:00:00+0100')).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Atom 1.0
// ---------------------------------------------------------------------------

describe('validateAtom', () => {
  it('accepts the hand-written Atom document', async () => {
    expect(await validateAtom(ATOM)).toEqual([]);
  });

  it('accepts namespaced extension elements and attributes (RFC 4287 §6)', async () => {
    const doc = edit(
      edit(ATOM, '<feed xmlns="http://www.w3.org/2005/Atom"', '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"'),
      '<category term="news"/>',
      '<category term="news" media:x="1"/><media:thumbnail url="https://example.org/t.png"/>',
    );
    expect(await validateAtom(doc)).toEqual([]);
  });

  it('rejects an entry missing atom:id (RELAX NG)', async () => {
    const errors = await validateAtom(edit(ATOM, '<id>https://example.org/posts/first</id>', ''));
    expect(errors.some((e) => e.startsWith('RELAX NG:') && /element entry/.test(e))).toBe(true);
    expect(errors).toContain('RFC 4287 §4.1.2: <entry> (line 10) must contain exactly one atom:id (found 0)');
  });

  it('rejects an entry with neither an alternate link nor content (Schematron)', async () => {
    const doc = edit(
      edit(ATOM, '<link href="https://example.org/posts/second"/>', '<link rel="related" href="https://example.org/posts/second"/>'),
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>body</b></p></div></content>',
      '',
    );
    expect(await validateAtom(doc)).toEqual([
      expect.stringMatching(/^Schematron: .*An atom:entry must have at least one atom:link element with a rel attribute of 'alternate' or an atom:content\.$/),
    ]);
  });

  const broken: [string, [string, string], RegExp][] = [
    ['feed missing updated', ['<updated>2024-01-02T10:00:00Z</updated>', ''], /RELAX NG: .*feed/],
    ['unknown Atom element in an entry', ['<summary>Short summary</summary>', '<summary>Short summary</summary><foo>x</foo>'], /RELAX NG: .*foo/],
    ['un-namespaced unknown attribute', ['<category term="news"/>', '<category term="news" bogus="1"/>'], /RELAX NG: .*bogus/],
    ['two titles in an entry', ['<title>Plain &amp; text</title>', '<title>Plain &amp; text</title><title>again</title>'], /RELAX NG: .*title/],
    ['invalid text construct type', ['<subtitle>', '<subtitle type="markdown">'], /RELAX NG:/],
    ['xhtml content without a div', ['<div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>body</b></p></div>', 'XHTML'], /RELAX NG:/],
    ['bad xml:lang', ['xml:lang="en-GB"', 'xml:lang="en_GB"'], /RELAX NG:/],
    ['date that is not xsd:dateTime', ['<updated>2024-01-03T00:00:00Z</updated>', '<updated>Wed, 03 Jan 2024 00:00:00 GMT</updated>'], /RELAX NG: .*dateTime/],
    ['date without a time zone (RFC 3339)', ['<updated>2024-01-03T00:00:00Z</updated>', '<updated>2024-01-03T00:00:00</updated>'], /RFC 4287 §3\.3/],
    ['relative atom:id', ['<id>https://example.org/</id>', '<id>/</id>'], /RFC 4287 §4\.2\.6/],
    [
      'duplicate alternate links',
      ['<link href="https://example.org/posts/second"/>', '<link href="https://example.org/posts/second"/><link rel="alternate" href="https://example.org/2"/>'],
      /more than one rel="alternate"/,
    ],
    ['no author anywhere (Schematron)', ['<author><name>Site Owner</name></author>', ''], /Schematron: .*must have an atom:author/],
    ['undeclared prefix', ['<category term="news"/>', '<media:thumbnail url="x"/>'], /well-formedness: .*prefix: "media"/],
  ];
  // One xmllint run for all of them (validateAtoms); the three tests above run one document each.
  let reports: string[][] = [];
  beforeAll(async () => {
    reports = await validateAtoms(broken.map(([, [from, to]]) => edit(ATOM, from, to)));
  });
  it.each(broken.map(([label, , pattern], index) => [label, index, pattern] as const))('reports %s', (_label, index, pattern) => {
    expect(reports[index]!.join('\n')).toMatch(pattern);
  });

  it('validateAtoms gives each document what validateAtom gives it alone', async () => {
    const docs = [
      ATOM,
      edit(ATOM, '<id>https://example.org/posts/first</id>', ''),
      edit(ATOM, '<author><name>Site Owner</name></author>', ''),
      edit(ATOM, '<category term="news"/>', '<media:thumbnail url="x"/>'),
      edit(ATOM, '<updated>2024-01-03T00:00:00Z</updated>', '<updated>Wed, 03 Jan 2024 00:00:00 GMT</updated>'),
    ];
    const alone = [];
    for (const doc of docs) alone.push(await validateAtom(doc));
    expect(alone[0]).toEqual([]);
    expect(alone.slice(1).every((errors) => errors.length > 0)).toBe(true);
    expect(await validateAtoms(docs)).toEqual(alone);
  });
});

// ---------------------------------------------------------------------------
// JSON Feed 1.1
// ---------------------------------------------------------------------------

describe('validateJsonFeed', () => {
  it('accepts the hand-written JSON Feed 1.1 document (object or JSON text)', () => {
    expect(validateJsonFeed(JSON_FEED)).toEqual([]);
    expect(validateJsonFeed(JSON.stringify(JSON_FEED))).toEqual([]);
  });

  const broken: [string, (f: typeof JSON_FEED & Record<string, unknown>) => void, RegExp][] = [
    ['version 1', (f) => void (f.version = 'https://jsonfeed.org/version/1'), /\/version: must be equal to constant: "https:\/\/jsonfeed.org\/version\/1.1"/],
    ['missing title', (f) => void delete (f as Partial<typeof f>).title, /\(root\): must have required property 'title'/],
    ['missing items', (f) => void delete (f as Partial<typeof f>).items, /must have required property 'items'/],
    ['deprecated feed author', (f) => void (f['author'] = { name: 'x' }), /^\/author: .*deprecated/],
    ['deprecated item author', (f) => void ((f.items[0] as Record<string, unknown>)['author'] = { name: 'x' }), /^\/items\/0\/author: .*deprecated/],
    ['unknown top-level key', (f) => void (f['homepage'] = 'https://example.org/'), /must NOT have additional properties: "homepage"/],
    ['extension name not starting with _ + letter', (f) => void (f['_1x'] = {}), /additional properties: "_1x"/],
    ['item without content', (f) => void (f.items[1] = { id: 'x' } as (typeof f.items)[number]), /\/items\/1: must have required property 'content_html'/],
    ['item id not a string', (f) => void ((f.items[0] as Record<string, unknown>)['id'] = 1), /\/items\/0\/id: must be string/],
    ['relative url', (f) => void (f.items[0]!.url = '/posts/first'), /\/items\/0\/url: must match format "uri"/],
    ['date without time zone', (f) => void (f.items[0]!.date_published = '2024-01-01T09:30:00'), /\/items\/0\/date_published/],
    ['RFC 822 date', (f) => void (f.items[0]!.date_published = 'Mon, 01 Jan 2024 09:30:00 GMT'), /\/items\/0\/date_published/],
    ['empty author object', (f) => void (f.authors = [{} as (typeof f.authors)[number]]), /\/authors\/0: must have required property 'name'/],
    ['tags not strings', (f) => void ((f.items[0] as Record<string, unknown>)['tags'] = ['a', 2]), /\/items\/0\/tags\/1: must be string/],
    ['attachment without mime_type', (f) => void delete (f.items[0]!.attachments![0] as Partial<{ mime_type: string }>).mime_type, /attachments\/0: must have required property 'mime_type'/],
    ['non-integer size_in_bytes', (f) => void (f.items[0]!.attachments![0]!.size_in_bytes = 1.5), /size_in_bytes: must be integer/],
    ['bad language', (f) => void (f.language = 'English (UK)'), /\/language: must match pattern/],
    ['hub without url', (f) => void (f['hubs'] = [{ type: 'WebSub' }]), /\/hubs\/0: must have required property 'url'/],
    ['expired not boolean', (f) => void (f['expired'] = 'yes'), /\/expired: must be boolean/],
    ['next_url equal to feed_url', (f) => void (f['next_url'] = f.feed_url), /next_url: must not be the same as feed_url/],
    ['duplicate item ids', (f) => void (f.items[1]!.id = f.items[0]!.id), /duplicate item id/],
  ];
  it.each(broken)('reports %s', (_label, mutate, pattern) => {
    const feed = clone(JSON_FEED) as typeof JSON_FEED & Record<string, unknown>;
    mutate(feed);
    expect(validateJsonFeed(feed).join('\n')).toMatch(pattern);
  });

  it('reports invalid JSON text', () => {
    expect(validateJsonFeed('{"version":')).toEqual([expect.stringMatching(/^not valid JSON/)]);
  });
});

// ---------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------

const rssFeedMeta = {
  title: 'Example & Co',
  link: 'https://example.org/',
  description: 'An example feed',
  language: 'en-GB',
  updated: '2024-01-02T10:00:00.000Z',
};
const enclosures = [
  { url: 'https://example.org/a.mp3', type: 'audio/mpeg', length: 1234 },
  { url: 'https://example.org/b.ogg', type: 'audio/ogg', length: 99 },
];
const rssItem1 = {
  id: 'https://example.org/posts/first',
  link: 'https://example.org/posts/first',
  date: '2024-01-01T09:30:00.000Z',
  content: '<p>Hello <b>world</b></p>',
  summary: 'Short summary',
  categories: ['news', 'tech'],
  enclosures,
};
const rssItem2 = {
  id: 'urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a',
  title: undefined,
  link: undefined,
  date: undefined,
  summary: 'Untitled note',
  authors: ['John Roe', 'Mary Major'],
  categories: [],
  enclosures: [],
};
const atomItem1 = {
  id: 'https://example.org/posts/first',
  link: 'https://example.org/posts/first',
  date: '2024-01-01T09:30:00.000Z',
  updated: '2024-01-01T11:00:00.000Z',
  content: '<p>Hello <b>world</b></p>',
  summary: 'Short summary',
  authors: ['Jane Doe', 'John Roe'],
  categories: ['news', 'tech'],
  enclosures,
};
const atomItem2 = {
  id: 'urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a',
  title: 'Plain & text',
  link: 'https://example.org/posts/second',
  updated: '2024-01-03T00:00:00.000Z',
  summary: undefined,
  categories: [],
  enclosures: [],
};

describe('readWithRssParser', () => {
  it('reads RSS 2.0', async () => {
    const feed = await readWithRssParser(RSS);
    expect(feed).toMatchObject({ ...rssFeedMeta, items: [{ ...rssItem1 }, { ...rssItem2 }] });
    // RSS title is returned exactly as the XML text (no HTML decoding).
    expect(feed.items[0]?.title).toBe('First <post> &amp;');
    // raw <author> text, both <enclosure>s (via customFields keepArray)
    expect(feed.items[0]?.authors).toEqual(['jane@example.org (Jane Doe)']);
    expect(feed.items[0]?.updated).toBeUndefined();
  });

  it('reads Atom', async () => {
    const feed = await readWithRssParser(ATOM);
    expect(feed).toMatchObject({ link: 'https://example.org/', description: 'An example feed', updated: '2024-01-02T10:00:00.000Z' });
    expect(feed.items[0]).toMatchObject(atomItem1);
    expect(feed.items[1]).toMatchObject({ ...atomItem2, authors: [] });
    // Quirks: type="html" titles come back as the raw HTML string; Atom
    // language is not exposed; date falls back to <updated> without <published>;
    // xhtml content is re-serialised inside an extra <div type="xhtml">.
    expect(feed.title).toBe('Example &amp; Co');
    expect(feed.items[0]?.title).toBe('First <em>post</em> &amp;');
    expect(feed.language).toBeUndefined();
    expect(feed.items[1]?.date).toBe('2024-01-03T00:00:00.000Z');
    expect(feed.items[1]?.content).toBe('<div type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>body</b></p></div></div>');
  });
});

describe('readWithRowanmanning', () => {
  it('reads RSS 2.0', async () => {
    const feed = await readWithRowanmanning(RSS);
    expect(feed).toMatchObject({ ...rssFeedMeta, items: [{ ...rssItem1 }, { ...rssItem2, content: undefined }] });
    // Quirks: HTML entities in titles are decoded (so "&amp;amp;" ends up "&"),
    // "email (Name)" authors are parsed to the name, updated mirrors pubDate.
    expect(feed.items[0]?.title).toBe('First <post> &');
    expect(feed.items[0]?.authors).toEqual(['Jane Doe']);
    expect(feed.items[0]?.updated).toBe('2024-01-01T09:30:00.000Z');
  });

  it('reads Atom', async () => {
    const feed = await readWithRowanmanning(ATOM);
    expect(feed).toMatchObject({ ...rssFeedMeta, updated: '2024-01-02T10:00:00.000Z' });
    expect(feed.items[0]).toMatchObject(atomItem1);
    // Quirks: entities decoded but tags kept in type="html" titles; entries
    // without authors inherit the feed author; xhtml content = inner div HTML.
    expect(feed.title).toBe('Example & Co');
    expect(feed.items[0]?.title).toBe('First <em>post</em> &');
    expect(feed.items[1]).toMatchObject({ ...atomItem2, date: undefined, authors: ['Site Owner'], content: '<p>XHTML <b>body</b></p>' });
  });
});

describe('readWithFeedparser', () => {
  it('reads RSS 2.0', async () => {
    const feed = await readWithFeedparser(RSS);
    expect(feed).toMatchObject({ ...rssFeedMeta, items: [{ ...rssItem1 }, { ...rssItem2 }] });
    expect(feed.items[0]?.title).toBe('First <post> &amp;');
    expect(feed.items[0]?.authors).toEqual(['jane@example.org (Jane Doe)']);
    // Quirk: description doubles as content when there is no content:encoded.
    expect(feed.items[1]?.content).toBe('Untitled note');
  });

  it('reads Atom', async () => {
    const feed = await readWithFeedparser(ATOM);
    expect(feed).toMatchObject({ ...rssFeedMeta, title: 'Example &amp; Co' });
    expect(feed.items[0]).toMatchObject(atomItem1);
    // Quirks: type="html" titles have tags stripped but entities left encoded;
    // date falls back to <updated>; xhtml content keeps the wrapping div.
    expect(feed.title).toBe('Example &amp; Co');
    expect(feed.items[0]?.title).toBe('First post &amp;');
    expect(feed.items[1]).toMatchObject({
      ...atomItem2,
      date: '2024-01-03T00:00:00.000Z',
      authors: [],
      content: '<div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>body</b></p></div>',
    });
  });

  it('is lenient: sax runs in non-strict mode, so readers are no substitute for the validators', async () => {
    const feed = await readWithFeedparser('<rss version="2.0"><channel><title>x</channel></rss>');
    expect(feed.title).toBe('x');
  });
});

describe('readWithFeedsmith', () => {
  it('reads RSS 2.0', async () => {
    const feed = await readWithFeedsmith(RSS, 'rss');
    expect(feed).toMatchObject({ ...rssFeedMeta, items: [{ ...rssItem1 }, { ...rssItem2, content: undefined }] });
    // Titles as the XML text; "email (Name)" authors are split, the name kept.
    expect(feed.items[0]?.title).toBe('First <post> &amp;');
    expect(feed.items[0]?.authors).toEqual(['Jane Doe']);
    expect(feed.items[0]?.updated).toBeUndefined();
  });

  it('reads Atom', async () => {
    const feed = await readWithFeedsmith(ATOM, 'atom');
    expect(feed).toMatchObject({ ...rssFeedMeta, title: 'Example &amp; Co' });
    expect(feed.items[0]).toMatchObject(atomItem1);
    // type="html" text comes back as the raw HTML string; no date fallback to
    // <updated>; no author inheritance; xhtml content = the inner div's HTML.
    expect(feed.items[0]?.title).toBe('First <em>post</em> &amp;');
    expect(feed.items[1]).toMatchObject({ ...atomItem2, date: undefined, authors: [], content: '<p>XHTML <b>body</b></p>' });
  });

  it('reads JSON Feed 1.1', async () => {
    const feed = await readWithFeedsmith(JSON.stringify(JSON_FEED), 'json');
    expect(feed).toMatchObject({ title: 'Example & Co', link: 'https://example.org/', description: 'An example feed', language: 'en-GB', updated: undefined });
    expect(feed.items).toEqual([
      {
        id: 'https://example.org/posts/first',
        title: 'First <post>',
        link: 'https://example.org/posts/first',
        date: '2024-01-01T09:30:00.000Z',
        updated: '2024-01-01T11:00:00.000Z',
        content: '<p>Hello <b>world</b></p>',
        summary: 'Short summary',
        authors: ['Jane Doe', ''],
        categories: ['news', 'tech'],
        enclosures: [{ url: 'https://example.org/a.mp3', type: 'audio/mpeg', length: 1234 }],
      },
      {
        id: 'urn:uuid:0b6f2d1e-3c51-4b8e-9d5a-1f2e3d4c5b6a',
        title: undefined,
        link: undefined,
        date: undefined,
        updated: undefined,
        content: 'Untitled note',
        summary: undefined,
        authors: [],
        categories: [],
        enclosures: [],
      },
    ]);
  });

  it('prefers external_url over url as the link of a JSON item', async () => {
    const feed = clone(JSON_FEED) as typeof JSON_FEED & { items: Record<string, unknown>[] };
    feed.items[0]!['external_url'] = 'https://other.example.com/x';
    expect((await readWithFeedsmith(JSON.stringify(feed), 'json')).items[0]?.link).toBe('https://other.example.com/x');
  });
});

describe('readers agree on identity, links, dates, categories and enclosures', () => {
  const core = (f: ReadFeed) => f.items.map(({ id, link, categories, enclosures: e }) => ({ id, link, categories, enclosures: e }));
  it.each([
    ['RSS', RSS, 'rss'],
    ['Atom', ATOM, 'atom'],
  ] as const)('%s', async (_label, xml, format) => {
    const [a, b, c, d] = await Promise.all([readWithRssParser(xml), readWithRowanmanning(xml), readWithFeedparser(xml), readWithFeedsmith(xml, format)]);
    expect(core(b)).toEqual(core(a));
    expect(core(c)).toEqual(core(a));
    expect(core(d)).toEqual(core(a));
    expect(b.items[0]?.date).toBe(a.items[0]?.date);
    expect(c.items[0]?.date).toBe(a.items[0]?.date);
    expect(d.items[0]?.date).toBe(a.items[0]?.date);
  });
});
