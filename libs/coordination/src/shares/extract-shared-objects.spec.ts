import { describe, expect, it } from 'vitest';
import { extractSharedObjects, type ShareSource } from './extract-shared-objects';

const LONG_TEXT = 'the election was stolen by corrupt officials and the media will not tell you the truth';

function source(overrides: Partial<ShareSource> = {}): ShareSource {
  return { kind: 'original', text: '', urls: [], hashtags: [], media_hashes: [], ...overrides };
}

describe('extractSharedObjects', () => {
  it('names the reposted or quoted post, but not the post a reply answers', () => {
    expect(extractSharedObjects(source({ kind: 'repost', referenced_post_id: 'p1' }))).toEqual([
      { kind: 'post', id: 'post:p1' },
    ]);
    expect(extractSharedObjects(source({ kind: 'quote', referenced_post_id: 'p2' }))).toEqual([
      { kind: 'post', id: 'post:p2' },
    ]);
    expect(extractSharedObjects(source({ kind: 'reply', referenced_post_id: 'p3' }))).toEqual([]);
  });

  it('gives each link in canonical form and its domain once, skipping links that are not http(s)', () => {
    const objects = extractSharedObjects(
      source({
        urls: [
          'https://www.Example.org/a?utm_source=tw&x=1#f',
          'https://example.org/a?x=1&fbclid=9',
          'https://example.org/b',
          'ftp://example.org/c',
        ],
      }),
    );
    expect(objects).toEqual([
      { kind: 'url', id: 'url:https://www.example.org/a?x=1' },
      { kind: 'domain', id: 'domain:example.org' },
      { kind: 'url', id: 'url:https://example.org/a?x=1' },
      { kind: 'url', id: 'url:https://example.org/b' },
    ]);
  });

  it('lower-cases hashtags, drops a stray # and removes duplicates; keeps media hashes as given', () => {
    expect(
      extractSharedObjects(
        source({ hashtags: ['Vote', '#vote', 'Election'], media_hashes: ['ab12', 'ab12'] }),
      ),
    ).toEqual([
      { kind: 'hashtag', id: 'hashtag:vote' },
      { kind: 'hashtag', id: 'hashtag:election' },
      { kind: 'media', id: 'media:ab12' },
    ]);
  });

  it('gives one text key per LSH band, the same for a near-duplicate copy, none for a short text', () => {
    const keys = extractSharedObjects(source({ text: LONG_TEXT }), { text: { bands: 8, rows: 2 } });
    expect(keys).toHaveLength(8);
    expect(keys.every((object) => object.kind === 'text' && /^text:\d+:[0-9a-f]+$/.test(object.id))).toBe(
      true,
    );
    const copy = extractSharedObjects(source({ text: `@someone ${LONG_TEXT} https://t.co/x` }), {
      text: { bands: 8, rows: 2 },
    });
    expect(copy).toEqual(keys);
    expect(extractSharedObjects(source({ text: 'so true @friend https://t.co/x' }))).toEqual([]);
  });

  it('emits only the configured kinds and rejects a bad word minimum', () => {
    const post = source({
      kind: 'repost',
      referenced_post_id: 'p1',
      hashtags: ['vote'],
      text: LONG_TEXT,
      urls: ['https://example.org/'],
    });
    expect(
      extractSharedObjects(post, { kinds: new Set(['hashtag', 'domain'] as const) }).map(
        (object) => object.id,
      ),
    ).toEqual(['domain:example.org', 'hashtag:vote']);
    expect(() => extractSharedObjects(post, { minTextWords: 0 })).toThrow(/minTextWords/);
  });
});
