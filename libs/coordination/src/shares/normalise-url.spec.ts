import { describe, expect, it } from 'vitest';
import { domainOf, normaliseUrl } from './normalise-url';

describe('normaliseUrl', () => {
  it('strips utm_* and click-id parameters and keeps the others in order', () => {
    expect(
      normaliseUrl('https://example.org/a?utm_source=x&id=7&fbclid=abc&UTM_Medium=y&gclid=g&page=2'),
    ).toBe('https://example.org/a?id=7&page=2');
  });

  it('drops an empty query, the fragment and the default port, and lower-cases the host', () => {
    expect(normaliseUrl('HTTPS://News.Example.ORG:443/Story/1?utm_campaign=c#comments')).toBe(
      'https://news.example.org/Story/1',
    );
    expect(normaliseUrl('http://example.org:80/')).toBe('http://example.org/');
  });

  it('keeps a non-default port and the case of the path', () => {
    expect(normaliseUrl('http://example.org:8080/A/b')).toBe('http://example.org:8080/A/b');
  });

  it('gives the same canonical form to links that differ only in tracking', () => {
    expect(normaliseUrl('https://www.example.org/x?fbclid=1')).toBe(
      normaliseUrl('https://WWW.example.org/x#top'),
    );
  });

  it('returns null for what is not an absolute http(s) URL', () => {
    expect(normaliseUrl('mailto:someone@example.org')).toBeNull();
    expect(normaliseUrl('example.org/a')).toBeNull();
    expect(normaliseUrl('not a link')).toBeNull();
  });
});

describe('domainOf', () => {
  it('strips a leading www. only', () => {
    expect(domainOf('https://www.example.org/a')).toBe('example.org');
    expect(domainOf('https://news.example.co.uk/a')).toBe('news.example.co.uk');
    expect(domainOf('https://wwwexample.org/')).toBe('wwwexample.org');
  });
});
