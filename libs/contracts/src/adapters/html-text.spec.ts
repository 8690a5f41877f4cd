import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities, htmlAnchors, htmlToText } from './html-text';

describe('htmlToText', () => {
  it('reads paragraphs as blank lines and <br> as newlines', () => {
    expect(htmlToText('<p>first</p><p>second<br>line two<br />line three</p>')).toBe(
      'first\n\nsecond\nline two\nline three',
    );
  });

  it("keeps the text of links, Mastodon's hidden URL parts included", () => {
    const link =
      '<a href="https://example.org/a" rel="nofollow noopener"><span class="invisible">https://</span>' +
      '<span class="ellipsis">example.org/very/lo</span><span class="invisible">ng/path</span></a>';
    expect(htmlToText(`<p>see ${link} now</p>`)).toBe('see https://example.org/very/long/path now');
  });

  it('ends list items with a newline and collapses runs of blank lines', () => {
    expect(htmlToText('<ul><li>one</li><li>two</li></ul><p></p><p>after</p>')).toBe('one\ntwo\n\nafter');
  });

  it('decodes entities after dropping tags, so an escaped tag stays text', () => {
    expect(htmlToText('<p>&lt;b&gt;not bold&lt;/b&gt; &amp; fine</p>')).toBe('<b>not bold</b> & fine');
  });
});

describe('decodeHtmlEntities', () => {
  it('decodes the basic named entities and numeric references', () => {
    expect(decodeHtmlEntities('&amp;&lt;&gt;&quot;&apos;&nbsp;&#39;&#8212;&#x1F600;&#X41;')).toBe(
      `&<>"'\u00a0'\u2014\u{1F600}A`,
    );
  });

  it('leaves unknown names and impossible code points as written', () => {
    expect(decodeHtmlEntities('&hellip; &#0; &#xD800; &#x110000; & alone')).toBe(
      '&hellip; &#0; &#xD800; &#x110000; & alone',
    );
  });
});

describe('htmlAnchors', () => {
  it('reads href (entities decoded) and classes in any quoting', () => {
    const html =
      '<a href="https://example.org/?a=1&amp;b=2">x</a>' +
      "<a class='u-url mention' href='https://fosstodon.org/@bob'>@bob</a>" +
      '<a href=https://example.org/bare class=hashtag>#t</a>' +
      '<a name="no-href">anchor</a><a href="">empty</a>';
    expect(htmlAnchors(html)).toEqual([
      { href: 'https://example.org/?a=1&b=2', classes: [] },
      { href: 'https://fosstodon.org/@bob', classes: ['u-url', 'mention'] },
      { href: 'https://example.org/bare', classes: ['hashtag'] },
    ]);
  });

  it('does not take data-href for href', () => {
    expect(htmlAnchors('<a data-href="https://a.example" href="https://b.example">b</a>')).toEqual([
      { href: 'https://b.example', classes: [] },
    ]);
  });
});
