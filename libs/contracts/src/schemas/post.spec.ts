import { describe, expect, it } from 'vitest';
import { postCodec } from './post';

const minimal = () => ({
  schema: 'post/v1',
  id: '1',
  platform: 'twitter',
  author_id: 'a',
  created_at: '2024-05-01T12:00:00Z',
  text: 'hi',
  kind: 'original',
});

describe('postCodec', () => {
  it('fills absent arrays with fresh empty arrays', () => {
    const first = postCodec.check(minimal());
    const second = postCodec.check(minimal());
    expect(first).toMatchObject({
      ok: true,
      value: { urls: [], hashtags: [], mentions: [], media_hashes: [] },
    });
    if (first.ok && second.ok) expect(first.value.urls).not.toBe(second.value.urls);
  });

  it('moves unknown top-level fields into extra, next to what extra already holds', () => {
    const decoded = postCodec.decode(
      JSON.stringify({ ...minimal(), extra: { a: 1 }, likes: 3, geo: { x: 1 } }),
    );
    expect(decoded).toMatchObject({ ok: true, value: { extra: { a: 1, likes: 3, geo: { x: 1 } } } });
    if (decoded.ok) expect(Object.keys(decoded.value)).not.toContain('likes');
  });

  it('keeps a field named __proto__ as data', () => {
    const decoded = postCodec.decode(
      `{"schema":"post/v1","id":"1","platform":"x","author_id":"a","created_at":"2024-05-01T12:00:00Z","text":"","kind":"original","__proto__":{"polluted":true}}`,
    );
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(Object.getPrototypeOf(decoded.value.extra)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded.value.extra, '__proto__')?.value).toEqual({
      polluted: true,
    });
  });

  it.each([
    [
      { created_at: 'yesterday' },
      'field `created_at` must be an ISO 8601 date-time with a time zone, got "yesterday"',
    ],
    [{ kind: 'retweet' }, 'field `kind` must be one of original, repost, quote, reply, got "retweet"'],
    [
      { kind: 'repost' },
      'field `referenced_post_id` is required for a repost: it names the post being shared',
    ],
    [{ urls: ['ok', 7] }, 'field `urls[1]` must be a string, got 7'],
    [{ hashtags: ['#vote'] }, 'field `hashtags[0]` must be a hashtag without the leading #, got "#vote"'],
    [
      { platform: 'Bluesky' },
      'field `platform` must be a lower-case token such as twitter or bluesky, got "Bluesky"',
    ],
    [{ urls: Array(1001).fill('u') }, 'field `urls` must have at most 1000 items, got 1001'],
    [{ text: 'x'.repeat(100_001) }, 'field `text` must have at most 100000 characters, got 100001'],
    [{ lang: 7 }, 'field `lang` must be a string or null, got 7'],
  ])('explains %j', (patch, message) => {
    expect(postCodec.check({ ...minimal(), ...patch })).toEqual({
      ok: false,
      error: { code: 'schema_violation', field: expect.any(String), message },
    });
  });

  it('explains a missing and a wrong schema', () => {
    const unnamed: Record<string, unknown> = minimal();
    delete unnamed.schema;
    expect(postCodec.check(unnamed)).toEqual({
      ok: false,
      error: {
        code: 'wrong_schema',
        field: 'schema',
        message: 'field `schema` is required and must be "post/v1"',
      },
    });
  });

  it('encodes to the UTF-8 JSON it decodes from', () => {
    const decoded = postCodec.check({ ...minimal(), text: 'grüße 🌊' });
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(postCodec.encode(decoded.value).toString('utf8')).toBe(JSON.stringify(decoded.value));
  });
});
