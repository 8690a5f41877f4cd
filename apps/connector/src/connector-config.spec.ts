import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectorConfigFromEnv } from './connector-config';

const bluesky = { CONNECTOR_SOURCE: 'bluesky' };
const mastodon = { CONNECTOR_SOURCE: 'mastodon', MASTODON_INSTANCE_URL: 'https://mastodon.social/' };

describe('connectorConfigFromEnv', () => {
  it('reads the defaults: the four public Jetstreams, posts and reposts, a name from the collections', () => {
    const config = connectorConfigFromEnv(bluesky);
    expect(config.bluesky.endpoints).toHaveLength(4);
    expect(config.bluesky.endpoints[0]).toBe('wss://jetstream1.us-east.bsky.network/subscribe');
    expect(config.bluesky.collections).toEqual(['app.bsky.feed.post', 'app.bsky.feed.repost']);
    expect(config.name).toBe('bluesky:app.bsky.feed.post+app.bsky.feed.repost');
    expect(config).toMatchObject({ httpPort: 8086, rewindS: 5, maxEventBytes: 262_144, batchMax: 1000 });
    expect(config.kafka.clientId).toBe('riptide-connector');
  });

  it('names the variable when the source is missing or unknown', () => {
    expect(() => connectorConfigFromEnv({})).toThrow(
      'CONNECTOR_SOURCE is required: one of bluesky, mastodon',
    );
    expect(() => connectorConfigFromEnv({ CONNECTOR_SOURCE: 'twitter' })).toThrow(
      'CONNECTOR_SOURCE must be one of bluesky, mastodon, got "twitter"',
    );
  });

  it.each([
    [{ BLUESKY_JETSTREAM_URLS: 'https://jetstream.example/subscribe' }, 'BLUESKY_JETSTREAM_URLS: "https://'],
    [{ BLUESKY_JETSTREAM_URLS: 'not a url' }, 'BLUESKY_JETSTREAM_URLS: "not a url" is not a URL'],
    [
      { BLUESKY_COLLECTIONS: 'app.bsky.feed.post,posts' },
      'BLUESKY_COLLECTIONS: "posts" is not a collection NSID',
    ],
    [{ BLUESKY_DIDS: 'did:plc:abc,alice' }, 'BLUESKY_DIDS: "alice" is not a DID'],
    [{ CONNECTOR_HASHTAGS: 'ok,two words' }, 'CONNECTOR_HASHTAGS: "two words" is not a hashtag'],
    [{ CONNECTOR_MAX_PENDING_BYTES: '1.5' }, 'CONNECTOR_MAX_PENDING_BYTES must be a whole number'],
    [{ CONNECTOR_HTTP_PORT: '70000' }, 'CONNECTOR_HTTP_PORT must be a whole number from 0 to 65535'],
    [
      { CONNECTOR_RECONNECT_INITIAL_MS: '5000', CONNECTOR_RECONNECT_MAX_MS: '1000' },
      'CONNECTOR_RECONNECT_MAX_MS (1000)',
    ],
    [{ CONNECTOR_NAME: 'my connector' }, 'CONNECTOR_NAME: "my connector" may only hold'],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => connectorConfigFromEnv({ ...bluesky, ...env })).toThrow(message);
  });

  it('reads filters in lower case, hashtags without their #', () => {
    const config = connectorConfigFromEnv({
      ...bluesky,
      CONNECTOR_LANGUAGES: 'EN, de',
      CONNECTOR_KEYWORDS: 'Election',
      CONNECTOR_HASHTAGS: '#Auspol,wahl2025',
    });
    expect(config.filters).toEqual({
      languages: ['en', 'de'],
      keywords: ['election'],
      hashtags: ['auspol', 'wahl2025'],
    });
  });

  it('names a DID-filtered connector apart from an unfiltered one, whatever the DIDs order', () => {
    const one = connectorConfigFromEnv({ ...bluesky, BLUESKY_DIDS: 'did:plc:a,did:plc:b' }).name;
    const other = connectorConfigFromEnv({ ...bluesky, BLUESKY_DIDS: 'did:plc:b,did:plc:a' }).name;
    expect(one).toMatch(/^bluesky:app\.bsky\.feed\.post\+app\.bsky\.feed\.repost:dids-[0-9a-f]{12}$/);
    expect(other).toBe(one);
    expect(connectorConfigFromEnv({ ...bluesky, CONNECTOR_NAME: 'firehose-1' }).name).toBe('firehose-1');
  });

  it('needs the instance for Mastodon and reads its streams', () => {
    expect(() => connectorConfigFromEnv({ CONNECTOR_SOURCE: 'mastodon' })).toThrow(
      'MASTODON_INSTANCE_URL is required with CONNECTOR_SOURCE=mastodon',
    );
    const config = connectorConfigFromEnv({ ...mastodon, MASTODON_STREAMS: 'public:local,hashtag:#Wahl' });
    expect(config.mastodon).toEqual({
      instance: 'https://mastodon.social',
      streams: [{ kind: 'public:local' }, { kind: 'hashtag', tag: 'Wahl' }],
      streamingUrl: null,
      accessToken: null,
    });
    expect(config.name).toBe('mastodon:mastodon.social:hashtag-Wahl+public:local');
    expect(() => connectorConfigFromEnv({ ...mastodon, MASTODON_STREAMS: 'home' })).toThrow(
      'MASTODON_STREAMS: "home" is not public, public:local or hashtag:<tag>',
    );
    expect(() => connectorConfigFromEnv({ ...mastodon, MASTODON_INSTANCE_URL: 'ftp://x' })).toThrow(
      'MASTODON_INSTANCE_URL: "ftp://x" must start with http:// or https://',
    );
  });

  it('keeps the access token secret, from the variable or a file, never both', () => {
    const inline = connectorConfigFromEnv({ ...mastodon, MASTODON_ACCESS_TOKEN: 'tok-123' });
    expect(inline.mastodon.accessToken?.reveal()).toBe('tok-123');
    expect(JSON.stringify(inline)).not.toContain('tok-123');
    expect(inspect(inline, { depth: 10 })).not.toContain('tok-123');

    const file = join(mkdtempSync(join(tmpdir(), 'connector-config-')), 'token');
    writeFileSync(file, 'tok-456\n');
    const fromFile = connectorConfigFromEnv({ ...mastodon, MASTODON_ACCESS_TOKEN_FILE: file });
    expect(fromFile.mastodon.accessToken?.reveal()).toBe('tok-456');
    expect(() =>
      connectorConfigFromEnv({ ...mastodon, MASTODON_ACCESS_TOKEN: 'a', MASTODON_ACCESS_TOKEN_FILE: file }),
    ).toThrow('set MASTODON_ACCESS_TOKEN or MASTODON_ACCESS_TOKEN_FILE, not both');
    expect(() =>
      connectorConfigFromEnv({ ...mastodon, MASTODON_ACCESS_TOKEN_FILE: `${file}.missing` }),
    ).toThrow(`MASTODON_ACCESS_TOKEN_FILE: cannot read ${file}.missing`);
  });
});
