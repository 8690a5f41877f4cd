import { describe, expect, it } from 'vitest';
import { adaptJetstreamEvent } from './bluesky-jetstream';
import type { AdaptResult } from './post-format';

const TIME_US = 1714564800123456;

function commit(
  operation: string,
  collection: string,
  record?: Record<string, unknown>,
  rkey = '3kp1',
): Record<string, unknown> {
  return {
    did: 'did:plc:alice',
    time_us: TIME_US,
    kind: 'commit',
    commit: {
      rev: '3kq',
      operation,
      collection,
      rkey,
      ...(record && { cid: 'bafyreia1', record: { $type: collection, ...record } }),
    },
  };
}

function postRecord(fields: Record<string, unknown>) {
  return commit('create', 'app.bsky.feed.post', {
    createdAt: '2024-05-01T12:00:00.000Z',
    text: 'hello',
    ...fields,
  });
}

function post(result: AdaptResult) {
  if (result.ok !== true) throw new Error(`expected a post, got ${JSON.stringify(result)}`);
  return result.post;
}

const image = (cid: string) => ({
  alt: '',
  image: { $type: 'blob', ref: { $link: cid }, mimeType: 'image/jpeg', size: 1000 },
});
const quotedUri = 'at://did:plc:bob/app.bsky.feed.post/3kb1';
const strongRef = { uri: quotedUri, cid: 'bafyreib1' };

describe('adaptJetstreamEvent: deletions, edits and other events', () => {
  it('reads the delete of a post as its deletion, at the relay time', () => {
    expect(adaptJetstreamEvent(commit('delete', 'app.bsky.feed.post'))).toEqual({
      ok: 'delete',
      deletion: {
        schema: 'post-deletion/v1',
        id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
        platform: 'bluesky',
        author_id: 'did:plc:alice',
        deleted_at: '2024-05-01T12:00:00.123Z',
        extra: { time_us: TIME_US },
      },
    });
  });

  it('reads the delete of a repost as the deletion of that repost post', () => {
    const result = adaptJetstreamEvent(commit('delete', 'app.bsky.feed.repost', undefined, '3kr1'));
    expect(result).toMatchObject({
      ok: 'delete',
      deletion: { id: 'at://did:plc:alice/app.bsky.feed.repost/3kr1', author_id: 'did:plc:alice' },
    });
  });

  it('refuses a delete without a usable relay time, naming time_us', () => {
    for (const time_us of [undefined, '1714564800123456', 1e30]) {
      const result = adaptJetstreamEvent({ ...commit('delete', 'app.bsky.feed.post'), time_us });
      expect(result).toMatchObject({ ok: false, error: { code: 'schema_violation', field: 'time_us' } });
    }
  });

  it('skips an edit, a like (even its delete), identity and account events, with their codes', () => {
    const cases: [unknown, string][] = [
      [commit('update', 'app.bsky.feed.post', { text: 'edited' }), 'edit'],
      [commit('create', 'app.bsky.feed.like', { subject: strongRef }), 'not_a_post'],
      [commit('delete', 'app.bsky.feed.like'), 'not_a_post'],
      [commit('create', 'app.bsky.graph.follow', { subject: 'did:plc:bob' }), 'not_a_post'],
      [commit('archive', 'app.bsky.feed.post'), 'not_a_creation'],
      [
        { did: 'did:plc:alice', time_us: TIME_US, kind: 'identity', identity: { handle: 'a.test' } },
        'not_a_commit',
      ],
      [
        { did: 'did:plc:alice', time_us: TIME_US, kind: 'account', account: { active: false } },
        'not_a_commit',
      ],
    ];
    for (const [event, code] of cases) expect(adaptJetstreamEvent(event)).toMatchObject({ ok: 'skip', code });
  });

  it('reports an event that is not an object', () => {
    expect(adaptJetstreamEvent([1, 2])).toMatchObject({
      ok: false,
      error: { code: 'not_an_object', field: null },
    });
  });
});

describe('adaptJetstreamEvent: what a post shares', () => {
  it('reads a recordWithMedia embed as a quote with its images', () => {
    const result = adaptJetstreamEvent(
      postRecord({
        embed: {
          $type: 'app.bsky.embed.recordWithMedia',
          record: { $type: 'app.bsky.embed.record', record: strongRef },
          media: { $type: 'app.bsky.embed.images', images: [image('bafkreiimg1'), image('bafkreiimg2')] },
        },
      }),
    );
    expect(post(result)).toMatchObject({
      kind: 'quote',
      referenced_post_id: quotedUri,
      media_hashes: ['bafkreiimg1', 'bafkreiimg2'],
    });
  });

  it('reads a recordWithMedia embed whose media is a link card as a quote sharing the link', () => {
    const result = adaptJetstreamEvent(
      postRecord({
        embed: {
          $type: 'app.bsky.embed.recordWithMedia',
          record: { $type: 'app.bsky.embed.record', record: strongRef },
          media: {
            $type: 'app.bsky.embed.external',
            external: { uri: 'https://news.example/a', title: 'A' },
          },
        },
      }),
    );
    expect(post(result)).toMatchObject({
      kind: 'quote',
      referenced_post_id: quotedUri,
      urls: ['https://news.example/a'],
    });
  });

  it('takes links from facets and the external embed, once each', () => {
    const result = adaptJetstreamEvent(
      postRecord({
        text: 'read news.example/a and other.example',
        facets: [
          {
            index: { byteStart: 5, byteEnd: 19 },
            features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://news.example/a' }],
          },
          {
            index: { byteStart: 24, byteEnd: 37 },
            features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://other.example' }],
          },
        ],
        embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://news.example/a', title: 'A' } },
      }),
    );
    expect(post(result)).toMatchObject({
      kind: 'original',
      urls: ['https://news.example/a', 'https://other.example'],
    });
  });

  it('takes hashtags from tag facets and the record tags, once each, and mentions from facets', () => {
    const result = adaptJetstreamEvent(
      postRecord({
        text: '#vote now @bob.test',
        facets: [
          {
            index: { byteStart: 0, byteEnd: 5 },
            features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'vote' }],
          },
          {
            index: { byteStart: 10, byteEnd: 19 },
            features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:bob' }],
          },
        ],
        tags: ['vote', 'election2024'],
      }),
    );
    expect(post(result)).toMatchObject({ hashtags: ['vote', 'election2024'], mentions: ['did:plc:bob'] });
  });

  it('takes the first language as lang, keeps all of them when several, and null when none', () => {
    expect(post(adaptJetstreamEvent(postRecord({ langs: ['pt', 'en'] })))).toMatchObject({
      lang: 'pt',
      extra: { langs: ['pt', 'en'] },
    });
    const single = post(adaptJetstreamEvent(postRecord({ langs: ['de'] })));
    expect(single.lang).toBe('de');
    expect(single.extra).not.toHaveProperty('langs');
    expect(post(adaptJetstreamEvent(postRecord({}))).lang).toBeNull();
  });

  it('names a video by its blob CID', () => {
    const video = { $type: 'blob', ref: { $link: 'bafkreivid1' }, mimeType: 'video/mp4', size: 100 };
    const result = adaptJetstreamEvent(postRecord({ embed: { $type: 'app.bsky.embed.video', video } }));
    expect(post(result).media_hashes).toEqual(['bafkreivid1']);
  });

  it('falls back to the relay time for a malformed createdAt, and reports when neither is usable', () => {
    expect(post(adaptJetstreamEvent(postRecord({ createdAt: 'now' })))).toMatchObject({
      created_at: '2024-05-01T12:00:00.123Z',
      extra: { record_created_at: 'now' },
    });
    const hopeless = { ...postRecord({ createdAt: 'now' }), time_us: 1e30 };
    expect(adaptJetstreamEvent(hopeless)).toMatchObject({ ok: false, error: { field: 'created_at' } });
  });
});
