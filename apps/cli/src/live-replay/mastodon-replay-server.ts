import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MastodonDelete, MastodonStatusJson } from './mastodon-sample';
import { ReplayClock } from './replay-clock';

/** Faults a test plays on the first stream connection that reaches them; each happens once per server. */
export interface MastodonReplayFaults {
  /** End the connection (the SSE response cut short) once it has been sent this many events. */
  readonly dropAfterEvents?: number;
  /** Once a connection has been sent this many events, it hears nothing more, heartbeats included. */
  readonly stallAfterEvents?: number;
}

export interface MastodonReplayOptions {
  /** In publication order, ids increasing. */
  readonly statuses: readonly MastodonStatusJson[];
  readonly deletes?: readonly MastodonDelete[];
  readonly faults?: MastodonReplayFaults;
  /** When set, streams and timelines answer 401 without `Authorization: Bearer <token>`. */
  readonly requireToken?: string;
  /** Events (publications and deletions) per second; unset, as fast as streams take them. */
  readonly eventsPerSecond?: number;
  /** The `:thump` comment interval on streams (Mastodon's is 15 s). */
  readonly heartbeatMs?: number;
  readonly port?: number;
}

export interface MastodonRequest {
  /** Path and query, e.g. `/api/v1/timelines/public?local=true&min_id=…&limit=40`. */
  readonly path: string;
  readonly status: number;
}

export interface MastodonReplayServer {
  /** The instance's origin (REST and, by /api/v2/instance, streaming): `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stream connections accepted so far. */
  readonly connections: number;
  /** Every request, in order, with the status it was answered. */
  readonly requests: readonly MastodonRequest[];
  /**
   * Ids of the statuses some client was sent (on a stream or in a timeline page), of those among them
   * sent in a timeline page, and of the deletions sent on a stream.
   */
  readonly delivered: {
    readonly statuses: ReadonlySet<string>;
    readonly fromTimelines: ReadonlySet<string>;
    readonly deletes: ReadonlySet<string>;
  };
  /** Whether every publication and deletion of the recording has happened. */
  readonly finished: boolean;
  close(): Promise<void>;
}

type TimelineEvent =
  | { readonly kind: 'update'; readonly status: MastodonStatusJson }
  | { readonly kind: 'delete'; readonly status: MastodonStatusJson };

/** Which statuses a stream or timeline carries. */
type StatusFilter = (status: MastodonStatusJson) => boolean;

const MAX_LIMIT = 40;
const DEFAULT_LIMIT = 20;
const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * A local stand-in for a Mastodon instance that replays a recorded timeline as if it were happening:
 * server-sent event streams (`/api/v1/streaming/public`, `/public/local`, `/hashtag?tag=`,
 * `/hashtag/local?tag=`) send `update` and `delete` events from the moment a client connects (a stream
 * never replays: what happens while a client is away is in the timelines only), `:thump` heartbeats;
 * REST timelines (`/api/v1/timelines/public` with `local=true`, `/api/v1/timelines/tag/:tag`) with
 * `max_id`, `since_id`, `min_id`, `limit` (≤ 40), newest first within a page and a Link header, as
 * Mastodon pages them; deleted statuses leave the timelines; `/api/v2/instance` names the streaming
 * origin. It serves the statuses it is given as they are: Mastodon's own public streams carry neither
 * reblogs nor non-public statuses, but a source must not rely on it, so the samples hold some.
 */
export async function startMastodonReplayServer(
  options: MastodonReplayOptions,
): Promise<MastodonReplayServer> {
  const events = timelineEvents(options.statuses, options.deletes ?? []);
  const clock = new ReplayClock(events.length, options.eventsPerSecond);
  const faults = { ...options.faults };
  const requests: MastodonRequest[] = [];
  const delivered = {
    statuses: new Set<string>(),
    fromTimelines: new Set<string>(),
    deletes: new Set<string>(),
  };
  const sockets = new Set<Socket>();
  let connections = 0;
  let origin = '';

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const answer = (status: number, body: unknown) => {
      requests.push({ path: request.url ?? '/', status });
      response
        .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
        .end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v2/instance') return answer(200, instance(url.host, origin));
    if (url.pathname.startsWith('/api/v1/') && !authorised(request, url, options.requireToken))
      return answer(401, { error: 'The access token is invalid' });
    const streamFilter = streamFilterOf(url);
    if (streamFilter) {
      requests.push({ path: request.url ?? '/', status: 200 });
      return void stream(request, response, streamFilter);
    }
    const timelineFilter = timelineFilterOf(url);
    if (timelineFilter) return answer(200, timeline(response, url, timelineFilter));
    answer(404, { error: 'Record not found' });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function stream(
    request: IncomingMessage,
    response: ServerResponse,
    filter: StatusFilter,
  ): Promise<void> {
    connections++;
    clock.connected();
    const closed = new AbortController();
    response.once('close', () => closed.abort());
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'private, no-store' });
    response.write(':)\n');
    let stalled = false;
    const heartbeat = setInterval(
      () => stalled || response.write(':thump\n'),
      options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    );
    response.once('close', () => clearInterval(heartbeat));
    let sentHere = 0;
    try {
      for (let index = clock.liveIndex(); index < events.length; index++) {
        const wait = clock.msUntil(index);
        if (wait > 0) await sleep(wait, undefined, { signal: closed.signal });
        if (closed.signal.aborted) return;
        if (faults.dropAfterEvents !== undefined && sentHere >= faults.dropAfterEvents) {
          delete faults.dropAfterEvents;
          // Whatever was written reaches the client; the response then stops without its last chunk.
          request.socket.end();
          return;
        }
        if (faults.stallAfterEvents !== undefined && sentHere >= faults.stallAfterEvents) {
          delete faults.stallAfterEvents;
          stalled = true;
          return;
        }
        const event = events[index];
        clock.sent(index);
        if (!filter(event.status)) continue;
        sentHere++;
        const data = event.kind === 'update' ? JSON.stringify(event.status) : event.status.id;
        (event.kind === 'update' ? delivered.statuses : delivered.deletes).add(event.status.id);
        if (!response.write(`event: ${event.kind}\ndata: ${data}\n\n`))
          await once(response, 'drain', { signal: closed.signal });
      }
    } catch (error) {
      if (!closed.signal.aborted) throw error;
    }
  }

  /** Published, not deleted, matching `filter`: a timeline's statuses, oldest first. */
  function visibleStatuses(filter: StatusFilter): MastodonStatusJson[] {
    const visible = new Map<string, MastodonStatusJson>();
    const happened = clock.liveIndex();
    for (let index = 0; index < happened; index++) {
      const event = events[index];
      if (event.kind === 'delete') visible.delete(event.status.id);
      else if (filter(event.status)) visible.set(event.status.id, event.status);
    }
    return [...visible.values()];
  }

  /** One page of a timeline (its Link header set on `response`). */
  function timeline(response: ServerResponse, url: URL, filter: StatusFilter): MastodonStatusJson[] {
    const limit = Math.min(MAX_LIMIT, Number(url.searchParams.get('limit')) || DEFAULT_LIMIT);
    const bound = (name: string) => {
      const value = url.searchParams.get(name);
      return value && /^\d+$/.test(value) ? BigInt(value) : undefined;
    };
    const [maxId, sinceId, minId] = [bound('max_id'), bound('since_id'), bound('min_id')];
    const matching = visibleStatuses(filter).filter((status) => {
      const id = BigInt(status.id);
      return (
        (maxId === undefined || id < maxId) &&
        (sinceId === undefined || id > sinceId) &&
        (minId === undefined || id > minId)
      );
    });
    // min_id pages forward from it (the oldest above it); otherwise a page holds the newest.
    const page = (minId !== undefined ? matching.slice(0, limit) : matching.slice(-limit)).reverse();
    for (const status of page) {
      delivered.statuses.add(status.id);
      delivered.fromTimelines.add(status.id);
    }
    if (page.length > 0) {
      const link = (name: string, id: string) => {
        const next = new URL(url);
        for (const bound of ['max_id', 'since_id', 'min_id']) next.searchParams.delete(bound);
        next.searchParams.set(name, id);
        return `<${next.href}>; rel="${name === 'max_id' ? 'next' : 'prev'}"`;
      };
      response.setHeader(
        'Link',
        `${link('max_id', page[page.length - 1].id)}, ${link('min_id', page[0].id)}`,
      );
    }
    return page;
  }

  await new Promise<void>((listening) => http.listen(options.port ?? 0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: origin,
    get connections() {
      return connections;
    },
    requests,
    delivered,
    get finished() {
      return clock.liveIndex() >= events.length;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closedDown) => http.close(() => closedDown()));
    },
  };
}

/** Publications and deletions merged in the order they happen. */
function timelineEvents(
  statuses: readonly MastodonStatusJson[],
  deletes: readonly MastodonDelete[],
): TimelineEvent[] {
  const byId = new Map(statuses.map((status) => [status.id, status]));
  const events: TimelineEvent[] = [];
  let next = 0;
  statuses.forEach((status, index) => {
    events.push({ kind: 'update', status });
    for (; next < deletes.length && deletes[next].after <= index + 1; next++) {
      const deleted = byId.get(deletes[next].id);
      if (deleted) events.push({ kind: 'delete', status: deleted });
    }
  });
  return events;
}

const isLocal: StatusFilter = (status) => !String((status.account as { acct?: unknown })?.acct).includes('@');

function hasTag(tag: string): StatusFilter {
  const wanted = tag.toLowerCase();
  return (status) =>
    Array.isArray(status.tags) &&
    status.tags.some((t: { name?: unknown }) => String(t.name).toLowerCase() === wanted);
}

function streamFilterOf(url: URL): StatusFilter | undefined {
  const tag = url.searchParams.get('tag');
  switch (url.pathname) {
    case '/api/v1/streaming/public':
      return () => true;
    case '/api/v1/streaming/public/local':
      return isLocal;
    case '/api/v1/streaming/hashtag':
      return tag ? hasTag(tag) : undefined;
    case '/api/v1/streaming/hashtag/local':
      return tag ? (status) => isLocal(status) && hasTag(tag)(status) : undefined;
    default:
      return undefined;
  }
}

function timelineFilterOf(url: URL): StatusFilter | undefined {
  const local = url.searchParams.get('local') === 'true';
  const scope: StatusFilter = local ? isLocal : () => true;
  if (url.pathname === '/api/v1/timelines/public') return scope;
  const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname)?.[1];
  if (!tag) return undefined;
  const tagged = hasTag(decodeURIComponent(tag));
  return (status) => scope(status) && tagged(status);
}

/** The streaming API takes the token as a bearer header or an `access_token` parameter. */
function authorised(request: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (token === undefined) return true;
  return (
    request.headers.authorization === `Bearer ${token}` || url.searchParams.get('access_token') === token
  );
}

/** The parts of Mastodon's /api/v2/instance a client reads. */
function instance(host: string, origin: string): object {
  return {
    domain: host,
    title: 'Riptide replay instance',
    version: '4.4.0',
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'Replays a recorded timeline for tests and benchmarks.',
    languages: ['en'],
    configuration: {
      urls: { streaming: origin.replace(/^http/, 'ws') },
      statuses: { max_characters: 500, max_media_attachments: 4 },
    },
    registrations: { enabled: false, approval_required: false },
  };
}
