import { ConfigError, envInt, envList, envString } from '@riptide/observability';
import { kafkaConnectionFromEnv, readSecretFile, Secret, type KafkaConnection } from '@riptide/stream';
import { createHash } from 'node:crypto';
import type { Platform } from './sources/live-source';

type Env = Record<string, string | undefined>;

export type MastodonStream =
  | { readonly kind: 'public' }
  | { readonly kind: 'public:local' }
  | { readonly kind: 'hashtag'; readonly tag: string };

export interface ConnectorFilters {
  /** Lower-case language codes; a post passes when its `lang` is one of them (empty: any). */
  readonly languages: readonly string[];
  /** Lower-case words; a post passes when its text contains one of them (empty: any). */
  readonly keywords: readonly string[];
  /** Lower-case tags without '#'; a post passes when it carries one of them (empty: any). */
  readonly hashtags: readonly string[];
}

export interface ConnectorConfig {
  readonly source: Platform;
  /** The cursor's key on connector.cursors: two connectors with the same name share (and fight over) it. */
  readonly name: string;
  readonly httpPort: number;
  /** Seconds re-read before the committed cursor at start (Jetstream instances' clocks differ a little). */
  readonly rewindS: number;
  readonly maxEventBytes: number;
  readonly maxPendingBytes: number;
  readonly batchMax: number;
  readonly lingerMs: number;
  readonly cursorCommitMs: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly stallTimeoutMs: number;
  readonly filters: ConnectorFilters;
  readonly bluesky: {
    readonly endpoints: readonly string[];
    readonly collections: readonly string[];
    readonly dids: readonly string[];
  };
  readonly mastodon: {
    /** The instance's origin (`https://mastodon.social`); empty unless CONNECTOR_SOURCE is mastodon. */
    readonly instance: string;
    readonly streams: readonly MastodonStream[];
    /** The streaming API's origin when set; else discovered from /api/v2/instance. */
    readonly streamingUrl: string | null;
    readonly accessToken: Secret | null;
  };
  readonly kafka: KafkaConnection;
}

const PLATFORMS: readonly Platform[] = ['bluesky', 'mastodon'];
const PUBLIC_JETSTREAMS = ['us-east', 'us-west'].flatMap((region) =>
  [1, 2].map((n) => `wss://jetstream${n}.${region}.bsky.network/subscribe`),
);
const DEFAULT_COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];
const NSID = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+(\.\*)?$/;
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]+$/;
const HASHTAG = /^[\p{L}\p{N}_]+$/u;

/** Every CONNECTOR_*, BLUESKY_* and MASTODON_* setting (docs/connectors.md), checked before anything starts. */
export function connectorConfigFromEnv(env: Env = process.env): ConnectorConfig {
  const source = readSource(env);
  const bluesky = {
    endpoints: envUrls('BLUESKY_JETSTREAM_URLS', PUBLIC_JETSTREAMS, ['ws:', 'wss:'], env),
    collections: envCheckedList('BLUESKY_COLLECTIONS', DEFAULT_COLLECTIONS, NSID, 'a collection NSID', env),
    dids: envCheckedList('BLUESKY_DIDS', [], DID, 'a DID', env),
  };
  const mastodon = readMastodon(source, env);
  const reconnectInitialMs = envInt('CONNECTOR_RECONNECT_INITIAL_MS', 500, { min: 1, max: 600_000 }, env);
  const reconnectMaxMs = envInt('CONNECTOR_RECONNECT_MAX_MS', 30_000, { min: 1, max: 3_600_000 }, env);
  if (reconnectMaxMs < reconnectInitialMs)
    throw new ConfigError(
      `CONNECTOR_RECONNECT_MAX_MS (${reconnectMaxMs}) must not be below CONNECTOR_RECONNECT_INITIAL_MS (${reconnectInitialMs})`,
    );
  const maxEventBytes = envInt('CONNECTOR_MAX_EVENT_BYTES', 262_144, { min: 1024, max: 64 << 20 }, env);
  const maxPendingBytes = envInt('CONNECTOR_MAX_PENDING_BYTES', 32 << 20, { min: 1024 }, env);
  return {
    source,
    name: readName(source, bluesky, mastodon, env),
    httpPort: envInt('CONNECTOR_HTTP_PORT', 8086, { min: 0, max: 65_535 }, env),
    rewindS: envInt('CONNECTOR_REWIND_S', 5, { min: 0, max: 86_400 }, env),
    maxEventBytes,
    maxPendingBytes,
    batchMax: envInt('CONNECTOR_BATCH_MAX', 1000, { min: 1, max: 100_000 }, env),
    lingerMs: envInt('CONNECTOR_LINGER_MS', 20, { min: 0, max: 60_000 }, env),
    cursorCommitMs: envInt('CONNECTOR_CURSOR_COMMIT_MS', 1000, { min: 10, max: 3_600_000 }, env),
    reconnectInitialMs,
    reconnectMaxMs,
    stallTimeoutMs: envInt('CONNECTOR_STALL_TIMEOUT_MS', 30_000, { min: 100, max: 3_600_000 }, env),
    filters: {
      languages: envList('CONNECTOR_LANGUAGES', [], env).map((code) => code.toLowerCase()),
      keywords: envList('CONNECTOR_KEYWORDS', [], env).map((word) => word.toLowerCase()),
      hashtags: envCheckedList('CONNECTOR_HASHTAGS', [], HASHTAG, 'a hashtag', env, (tag) =>
        tag.replace(/^#/, '').toLowerCase(),
      ),
    },
    bluesky,
    mastodon,
    kafka: kafkaConnectionFromEnv('riptide-connector', env),
  };
}

function readSource(env: Env): Platform {
  const source = envString('CONNECTOR_SOURCE', '', env);
  if (!(PLATFORMS as readonly string[]).includes(source))
    throw new ConfigError(
      source === ''
        ? `CONNECTOR_SOURCE is required: one of ${PLATFORMS.join(', ')}`
        : `CONNECTOR_SOURCE must be one of ${PLATFORMS.join(', ')}, got "${source}"`,
    );
  return source as Platform;
}

function readMastodon(source: Platform, env: Env): ConnectorConfig['mastodon'] {
  const instanceUrl = envString('MASTODON_INSTANCE_URL', '', env);
  if (source === 'mastodon' && instanceUrl === '')
    throw new ConfigError('MASTODON_INSTANCE_URL is required with CONNECTOR_SOURCE=mastodon');
  const streamingUrl = envString('MASTODON_STREAMING_URL', '', env);
  return {
    instance: instanceUrl === '' ? '' : origin('MASTODON_INSTANCE_URL', instanceUrl, ['http:', 'https:']),
    streams: envList('MASTODON_STREAMS', ['public'], env).map(mastodonStream),
    streamingUrl:
      streamingUrl === '' ? null : origin('MASTODON_STREAMING_URL', streamingUrl, ['http:', 'https:']),
    accessToken: readAccessToken(env),
  };
}

function mastodonStream(text: string): MastodonStream {
  if (text === 'public' || text === 'public:local') return { kind: text };
  const tag = text.startsWith('hashtag:') ? text.slice('hashtag:'.length).replace(/^#/, '') : '';
  if (HASHTAG.test(tag)) return { kind: 'hashtag', tag };
  throw new ConfigError(
    `MASTODON_STREAMS: "${text}" is not public, public:local or hashtag:<tag> (letters, digits, _)`,
  );
}

/** The token is a Secret from here on: logs and error messages print `[redacted]`. */
function readAccessToken(env: Env): Secret | null {
  const inline = env.MASTODON_ACCESS_TOKEN;
  const file = env.MASTODON_ACCESS_TOKEN_FILE;
  if (inline && file)
    throw new ConfigError('set MASTODON_ACCESS_TOKEN or MASTODON_ACCESS_TOKEN_FILE, not both');
  if (inline) return new Secret(inline, { env: 'MASTODON_ACCESS_TOKEN' });
  if (!file) return null;
  let token: string;
  try {
    token = readSecretFile(file);
  } catch (error) {
    throw new ConfigError(`MASTODON_ACCESS_TOKEN_FILE: cannot read ${file} (${(error as Error).message})`);
  }
  if (token === '') throw new ConfigError(`MASTODON_ACCESS_TOKEN_FILE: ${file} is empty`);
  return new Secret(token, { file });
}

/**
 * Without CONNECTOR_NAME, the name says what is read: a Jetstream cursor is valid on every instance
 * (so the endpoints are not part of it), a Mastodon status id only on its instance.
 */
function readName(
  source: Platform,
  bluesky: ConnectorConfig['bluesky'],
  mastodon: ConnectorConfig['mastodon'],
  env: Env,
): string {
  const configured = envString('CONNECTOR_NAME', '', env);
  if (configured !== '') {
    if (!/^[A-Za-z0-9._:+-]{1,200}$/.test(configured))
      throw new ConfigError(
        `CONNECTOR_NAME: "${configured}" may only hold letters, digits and . _ : + - (at most 200)`,
      );
    return configured;
  }
  if (source === 'mastodon') {
    const streams = mastodon.streams.map((s) => (s.kind === 'hashtag' ? `hashtag-${s.tag}` : s.kind));
    return `mastodon:${new URL(mastodon.instance).host}:${[...streams].sort().join('+')}`;
  }
  const collections = [...bluesky.collections].sort().join('+');
  if (bluesky.dids.length === 0) return `bluesky:${collections}`;
  const dids = createHash('sha256')
    .update([...bluesky.dids].sort().join(','))
    .digest('hex');
  return `bluesky:${collections}:dids-${dids.slice(0, 12)}`;
}

function envUrls(name: string, fallback: string[], protocols: string[], env: Env): string[] {
  const urls = envList(name, fallback, env);
  for (const url of urls) parsedUrl(name, url, protocols);
  return urls;
}

function origin(name: string, text: string, protocols: string[]): string {
  return parsedUrl(name, text, protocols).origin;
}

function parsedUrl(name: string, text: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name}: "${text}" is not a URL`);
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(
      `${name}: "${text}" must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
  return url;
}

function envCheckedList(
  name: string,
  fallback: string[],
  pattern: RegExp,
  what: string,
  env: Env,
  normalise: (item: string) => string = (item) => item,
): string[] {
  return envList(name, fallback, env).map((item) => {
    const value = normalise(item);
    if (!pattern.test(value)) throw new ConfigError(`${name}: "${item}" is not ${what}`);
    return value;
  });
}
