import { describe, expect, it } from 'vitest';
import { seededRandom } from '../simulation/seeded-random';
import { canonicalLink, normaliseUrl } from './normalise-url';

/**
 * What canonicalLink must give, by the definition its hand-written query path replaces: URLSearchParams
 * deletes the tracking parameters and serialises the rest. Links it rejects are covered above.
 */
function canonicalByUrlSearchParams(raw: string): { url: string; domain: string } | null {
  if (canonicalLink(raw) === null) return null;
  const url = new URL(raw.trim());
  url.hash = '';
  for (const name of [...new Set(url.searchParams.keys())]) {
    const lower = name.toLowerCase();
    if (lower.startsWith('utm_') || ['fbclid', 'gclid', 'igshid', 'ref_src'].includes(lower))
      url.searchParams.delete(name);
  }
  if (url.searchParams.size === 0) url.search = '';
  return { url: url.toString(), domain: url.hostname.replace(/^www\./, '') };
}

/** Seeded links whose queries mix plain, tracking, encoded, repeated and empty parameters. */
function fuzzedLinks(count: number): string[] {
  const hosts = [
    'https://www.Example.org',
    'http://news.example.co.uk:80',
    'HTTPS://a.b:8443',
    'ftp://x.y',
    'nota url',
  ];
  const paths = ['', '/', '/A/b', '/a b', '/%7E/x', '/./y/../z'];
  const names = [
    'id',
    'utm_source',
    'UTM_Medium',
    'fbclid',
    'gclid',
    'page',
    'utm%5Fx',
    'a+b',
    'x~',
    '',
    'q',
    'ref_src',
    'igshid',
  ];
  const values = ['', '7', 'a b', 'x~y', '%41', 'a+b', 'é', 'x=y', "it's", 'A-Z_.*'];
  const random = seededRandom(99);
  const next = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, () => {
    const parameters = Array.from({ length: next(5) }, () => {
      const name = names[next(names.length)];
      const roll = next(4);
      return roll === 0 ? name : roll === 1 ? '' : `${name}=${values[next(values.length)]}`;
    });
    const query = next(6) === 0 ? '' : `?${parameters.join('&')}`;
    return `${hosts[next(hosts.length)]}${paths[next(paths.length)]}${query}${next(3) === 0 ? '#frag' : ''}`;
  });
}

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

describe('canonicalLink', () => {
  it('gives the domain: the host without a leading www. only', () => {
    expect(canonicalLink('https://www.example.org/a')?.domain).toBe('example.org');
    expect(canonicalLink('https://news.example.co.uk/a')?.domain).toBe('news.example.co.uk');
    expect(canonicalLink('https://wwwexample.org/')?.domain).toBe('wwwexample.org');
  });

  it('rewrites the query exactly as URLSearchParams would', () => {
    const links = [
      'https://example.org/a?utm_source=x&a&&b=1',
      'https://example.org/a?a=1&&b=2',
      'https://example.org/a?&&',
      'https://example.org/a?',
      'https://example.org/a??x',
      'https://example.org/a?x=a~b&utm_source=1',
      'https://example.org/a?x=1=2&fbclid=3',
      'https://example.org/a?utm%5Fsource=1&k=v',
      ...fuzzedLinks(5_000),
    ];
    for (const link of links) expect(canonicalLink(link), link).toEqual(canonicalByUrlSearchParams(link));
  });
});
