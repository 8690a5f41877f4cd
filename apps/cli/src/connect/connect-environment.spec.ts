import { describe, expect, it } from 'vitest';
import { connectEnvironment } from './connect-environment';
import { progressLine } from './connect-progress';

describe('connectEnvironment', () => {
  it('maps options onto the variables, repeated ones as comma lists, over the process environment', () => {
    const env = connectEnvironment(
      'bluesky',
      {
        endpoint: ['ws://a/subscribe', 'ws://b/subscribe'],
        hashtags: 'auspol',
        port: '0',
      },
      { CONNECTOR_HASHTAGS: 'ignored', KAFKA_BROKERS: 'k:9092', CONNECTOR_SOURCE: 'mastodon' },
    );
    expect(env).toMatchObject({
      CONNECTOR_SOURCE: 'bluesky',
      BLUESKY_JETSTREAM_URLS: 'ws://a/subscribe,ws://b/subscribe',
      CONNECTOR_HASHTAGS: 'auspol',
      CONNECTOR_HTTP_PORT: '0',
      KAFKA_BROKERS: 'k:9092',
    });
    expect(env).not.toHaveProperty('CONNECTOR_LANGUAGES');
  });

  it('sets the Mastodon variables', () => {
    const env = connectEnvironment(
      'mastodon',
      { instance: 'https://mastodon.social', stream: ['public', 'hashtag:wahl'] },
      {},
    );
    expect(env).toEqual({
      CONNECTOR_SOURCE: 'mastodon',
      MASTODON_INSTANCE_URL: 'https://mastodon.social',
      MASTODON_STREAMS: 'public,hashtag:wahl',
    });
  });
});

describe('progressLine', () => {
  it('gives the rate over the interval, the totals and the lag', () => {
    const before = { received: 100, posts: 0, deletions: 0, skipped: 0, pendingBytes: 0, lagSeconds: null };
    const after = {
      received: 2100,
      posts: 1800,
      deletions: 20,
      skipped: 280,
      pendingBytes: 4096,
      lagSeconds: 0.84,
    };
    expect(progressLine('bluesky', before, after, 10)).toBe(
      'connect bluesky: 200 events/s, 2100 received, 1800 posts produced, 20 deletions, 280 skipped, lag 0.8 s, 4 KiB pending',
    );
    expect(progressLine('bluesky', before, before, 10)).toContain('lag n/a');
  });
});
