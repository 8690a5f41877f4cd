import { describe, expect, it } from 'vitest';
import { streamUrl, timelineUrl } from './mastodon-endpoints';

describe('Mastodon endpoints', () => {
  it('names the streaming URL of each kind of stream', () => {
    const base = 'https://streaming.example.social';
    expect(streamUrl(base, { kind: 'public' })).toBe(`${base}/api/v1/streaming/public`);
    expect(streamUrl(base, { kind: 'public:local' })).toBe(`${base}/api/v1/streaming/public/local`);
    expect(streamUrl(base, { kind: 'hashtag', tag: 'café' })).toBe(
      `${base}/api/v1/streaming/hashtag?tag=caf%C3%A9`,
    );
  });

  it('names the REST timeline holding the same statuses, paged forward from min_id', () => {
    const instance = 'https://example.social';
    expect(timelineUrl(instance, { kind: 'public' }, '109', 40)).toBe(
      `${instance}/api/v1/timelines/public?min_id=109&limit=40`,
    );
    expect(timelineUrl(instance, { kind: 'public:local' }, '109', 40)).toBe(
      `${instance}/api/v1/timelines/public?local=true&min_id=109&limit=40`,
    );
    expect(timelineUrl(instance, { kind: 'hashtag', tag: 'rust' }, null, 1)).toBe(
      `${instance}/api/v1/timelines/tag/rust?limit=1`,
    );
  });
});
