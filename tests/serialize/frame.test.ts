/**
 * src/serialize/xml/frame.ts: `feed` writes the frame of RSS and Atom from tokens only, and every
 * value comes out exactly as given, escaped once, whatever `feed` would have done with it.
 */
import { Feed } from "feed";
import { describe, expect, it } from "vitest";
import { feedFrame } from "../../src/serialize/xml/frame.js";

const TRICKY = ['Tom &amp; "Jerry" <b>', "fwv0_ and fwv1_", "https://feedwright.invalid/fwv0_", "]]>", "a\rb"];

describe("feedFrame", () => {
  it("gives `feed` no value, and puts back each value escaped, as given, where `feed` placed it", () => {
    let seen = "";
    const { head, tail } = feedFrame(
      ({ text, url }) => {
        const options = { title: text(TRICKY.join("|")), description: text("d"), link: url("https://Bücher.example/a b?x=1&y=2"), updated: new Date(0), generator: "g" };
        seen = JSON.stringify(options);
        return new Feed(options).rss2();
      },
      { itemsBefore: "\n    </channel>", rootAttributes: { "xmlns:dc": "http://purl.org/dc/elements/1.1/" }, stylesheet: undefined },
    );
    expect(seen).not.toMatch(/&|<|"Tom|Bücher|\]\]>/);
    expect(head).toContain("<title>Tom &amp;amp; &quot;Jerry&quot; &lt;b&gt;|fwv0_ and fwv1_|https://feedwright.invalid/fwv0_|]]&gt;|a&#13;b</title>");
    // `feed` would re-encode a URL (punycode, %20); it is written exactly as the caller gave it.
    expect(head).toContain("<link>https://Bücher.example/a b?x=1&amp;y=2</link>");
    expect(head.split("\n")[1]).toBe('<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">');
    expect(tail).toBe("\n    </channel>\n</rss>\n");
  });

  it("names a CSS stylesheet right after the declaration, escaped", () => {
    const { head } = feedFrame(({ text }) => new Feed({ id: text("x"), title: text("t"), updated: new Date(0) }).atom1(), {
      itemsBefore: "\n</feed>",
      rootAttributes: { "xml:lang": 'd"e' },
      stylesheet: "/s.css?a=1&b=2",
    });
    expect(head.split("\n").slice(0, 3)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<?xml-stylesheet type="text/css" href="/s.css?a=1&amp;b=2"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="d&quot;e">',
    ]);
  });

  it("fails loudly when `feed` writes a document of another shape", () => {
    const shape = { itemsBefore: "\n    </channel>", rootAttributes: {}, stylesheet: undefined };
    expect(() => feedFrame(() => "<rss/>", shape)).toThrow(/XML declaration/);
    expect(() => feedFrame(() => '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"/>', shape)).toThrow(/frame/);
  });
});
