import { describe, expect, it } from 'vitest';
import { jetstreamEvent } from './jetstream-frame';

const frame = (value: unknown) => Buffer.from(JSON.stringify(value));
const post = {
  did: 'did:plc:alice',
  time_us: 1725911162329308,
  kind: 'commit',
  commit: {
    rev: '3l3qo2vutsw2b',
    operation: 'create',
    collection: 'app.bsky.feed.post',
    rkey: '3l3qo2vuowo2b',
    record: { $type: 'app.bsky.feed.post', createdAt: '2024-09-09T19:46:02.102Z', langs: ['en'], text: 'hi' },
    cid: 'bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi',
  },
};

describe('jetstreamEvent', () => {
  it('adapts a post and takes its position from time_us', () => {
    const bytes = frame(post);
    const event = jetstreamEvent(bytes);
    expect(event.bytes).toBe(bytes.length);
    expect(event.position).toEqual({ cursor: '1725911162329308', eventTimeMs: 1725911162329.308 });
    expect(event.result).toMatchObject({
      ok: true,
      post: { id: 'at://did:plc:alice/app.bsky.feed.post/3l3qo2vuowo2b', lang: 'en', text: 'hi' },
    });
  });

  it('turns a delete into a deletion at the same position', () => {
    const event = jetstreamEvent(
      frame({ ...post, commit: { operation: 'delete', collection: 'app.bsky.feed.post', rkey: 'r1' } }),
    );
    expect(event.result).toMatchObject({
      ok: 'delete',
      deletion: { id: 'at://did:plc:alice/app.bsky.feed.post/r1' },
    });
    expect(event.position?.cursor).toBe('1725911162329308');
  });

  it('skips what is not a post with its code, keeping the position so that the cursor moves past it', () => {
    const like = jetstreamEvent(
      frame({ ...post, commit: { ...post.commit, collection: 'app.bsky.feed.like' } }),
    );
    expect(like.result).toMatchObject({ ok: 'skip', code: 'not_a_post' });
    expect(like.position?.cursor).toBe('1725911162329308');
  });

  it('reports a frame that is not JSON as malformed_json, without a position', () => {
    const event = jetstreamEvent(Buffer.from('{"did":"did:plc:alice","time_us":17259'));
    expect(event.position).toBeNull();
    expect(event.result).toMatchObject({ ok: false, error: { code: 'malformed_json', field: null } });
    expect(event.bytes).toBe(38);
  });

  it('has no position when time_us is missing or not a whole number', () => {
    expect(jetstreamEvent(frame({ ...post, time_us: undefined })).position).toBeNull();
    expect(jetstreamEvent(frame({ ...post, time_us: '1725911162329308' })).position).toBeNull();
    expect(jetstreamEvent(frame([1, 2])).result).toMatchObject({
      ok: false,
      error: { code: 'not_an_object' },
    });
  });
});
