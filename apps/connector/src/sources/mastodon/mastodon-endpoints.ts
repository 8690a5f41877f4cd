import type { MastodonStream } from '../../connector-config';
import { MastodonRefusal, type MastodonHttp } from './mastodon-http';

/** Mastodon's largest page of a timeline. */
export const TIMELINE_PAGE_LIMIT = 40;

/** How a stream is named in logs and problems: as MASTODON_STREAMS spells it. */
export function streamLabel(stream: MastodonStream): string {
  return stream.kind === 'hashtag' ? `hashtag:${stream.tag}` : stream.kind;
}

/** The server-sent events URL of a stream on the streaming API at `streamingBase`. */
export function streamUrl(streamingBase: string, stream: MastodonStream): string {
  const base = `${streamingBase}/api/v1/streaming`;
  switch (stream.kind) {
    case 'public':
      return `${base}/public`;
    case 'public:local':
      return `${base}/public/local`;
    case 'hashtag':
      return `${base}/hashtag?tag=${encodeURIComponent(stream.tag)}`;
  }
}

/**
 * The REST timeline holding the same statuses as the stream, from the one just after `minId` (Mastodon
 * answers the `limit` statuses immediately after min_id, newest first), or the newest when minId is null.
 */
export function timelineUrl(
  instance: string,
  stream: MastodonStream,
  minId: string | null,
  limit: number,
): string {
  const path =
    stream.kind === 'hashtag'
      ? `/api/v1/timelines/tag/${encodeURIComponent(stream.tag)}`
      : '/api/v1/timelines/public';
  const query = new URLSearchParams();
  if (stream.kind === 'public:local') query.set('local', 'true');
  if (minId !== null) query.set('min_id', minId);
  query.set('limit', String(limit));
  return `${instance}${path}?${query}`;
}

/**
 * Where the instance serves its streaming API: `configuration.urls.streaming` of /api/v2/instance
 * (a ws:// or wss:// URL, whose host serves server-sent events over http(s) too), or the instance
 * itself when the instance does not say (older versions proxy /api/v1/streaming on their own host).
 * Network errors and refusals throw: the caller retries, rather than settle on a guess.
 */
export async function discoverStreamingBase(
  instance: string,
  http: MastodonHttp,
  signal: AbortSignal,
): Promise<string> {
  let answer: unknown;
  try {
    answer = (await http.getJson(`${instance}/api/v2/instance`, signal)).value;
  } catch (error) {
    if (error instanceof MastodonRefusal && error.status === 404) return instance;
    throw error;
  }
  const streaming = (answer as { configuration?: { urls?: { streaming?: unknown } } } | null)?.configuration
    ?.urls?.streaming;
  if (typeof streaming !== 'string') return instance;
  let url: URL;
  try {
    url = new URL(streaming);
  } catch {
    return instance;
  }
  if (url.protocol === 'wss:') url.protocol = 'https:';
  else if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol !== 'https:' && url.protocol !== 'http:') return instance;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
