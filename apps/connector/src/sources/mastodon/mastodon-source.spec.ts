import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectorConfigFromEnv } from '../../connector-config';
import { connectorMetrics } from '../../connector-metrics';
import type { EventSink, LiveSource, ReceivedEvent } from '../live-source';
import { mastodonMetrics } from './mastodon-metrics';
import { createMastodonSource } from './mastodon-source';

const TOKEN = 's3cret-token';

/** A status of the local instance's public timeline. */
function status(id: number, visibility = 'public'): Record<string, unknown> {
  return {
    id: String(id),
    created_at: new Date(Date.UTC(2025, 0, 1) + id * 1000).toISOString(),
    visibility,
    language: 'en',
    content: `<p>status ${id}</p>`,
    account: { id: '1', acct: 'alice', uri: 'https://local.test/users/alice' },
    reblog: null,
    in_reply_to_id: null,
    tags: [],
    mentions: [],
    media_attachments: [],
  };
}

/**
 * A tiny Mastodon instance: /api/v2/instance naming itself as the streaming server (as a ws:// URL, as
 * Mastodon does), the public and #rust streams as server-sent events the test writes to, and their REST
 * timelines (min_id, limit, newest first) over `timeline` and `rustTimeline`.
 */
async function startInstance() {
  const instance = {
    url: '',
    timeline: [] as Record<string, unknown>[],
    streams: [] as ServerResponse[],
    rustTimeline: [] as Record<string, unknown>[],
    rustStreams: [] as ServerResponse[],
    authorizations: [] as (string | undefined)[],
    refuseWith: null as number | null,
    /** Delays each timeline answer, so that stream events arrive while the source catches up. */
    timelineDelayMs: 0,
    /** Writes to the newest of `streams` (the public stream's by default). */
    send(frame: string, streams?: ServerResponse[]): void {
      const stream = (streams ?? instance.streams).at(-1);
      if (!stream) throw new Error('no stream is open');
      stream.write(frame);
    },
    update: (body: Record<string, unknown>): void =>
      instance.send(`event: update\ndata: ${JSON.stringify(body)}\n\n`),
    close: async (): Promise<void> => {
      for (const stream of [...instance.streams, ...instance.rustStreams]) stream.destroy();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', instance.url);
    instance.authorizations.push(request.headers.authorization);
    if (instance.refuseWith !== null) {
      response.writeHead(instance.refuseWith, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'The access token is invalid' }));
      return;
    }
    if (url.pathname === '/api/v2/instance') {
      const streaming = instance.url.replace('http:', 'ws:');
      response.end(JSON.stringify({ configuration: { urls: { streaming } } }));
    } else if (url.pathname === '/api/v1/streaming/public') {
      openStream(response, instance.streams);
    } else if (url.pathname === '/api/v1/streaming/hashtag' && url.searchParams.get('tag') === 'rust') {
      openStream(response, instance.rustStreams);
    } else if (url.pathname === '/api/v1/timelines/public') {
      answerTimeline(url, response, instance.timeline);
    } else if (url.pathname === '/api/v1/timelines/tag/rust') {
      answerTimeline(url, response, instance.rustTimeline);
    } else {
      response.writeHead(404).end();
    }
  });
  const openStream = (response: ServerResponse, streams: ServerResponse[]) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.flushHeaders();
    streams.push(response);
  };
  const answerTimeline = (url: URL, response: ServerResponse, timeline: Record<string, unknown>[]) => {
    const minId = url.searchParams.get('min_id');
    const limit = Number(url.searchParams.get('limit'));
    const ascending = [...timeline].sort((a, b) => Number(a.id) - Number(b.id));
    const page =
      minId === null
        ? ascending.slice(-limit)
        : ascending.filter((s) => BigInt(s.id as string) > BigInt(minId)).slice(0, limit);
    setTimeout(() => response.end(JSON.stringify(page.reverse())), instance.timelineDelayMs);
  };
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  instance.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return instance;
}

type Instance = Awaited<ReturnType<typeof startInstance>>;

function collectingSink() {
  const events: ReceivedEvent[] = [];
  const sink: EventSink = { push: (event) => (events.push(event), true), drained: async () => undefined };
  return { events, sink };
}

function sourceFor(instance: Instance, env: Record<string, string> = {}): LiveSource {
  return createMastodonSource(
    connectorConfigFromEnv({
      CONNECTOR_SOURCE: 'mastodon',
      MASTODON_INSTANCE_URL: instance.url,
      MASTODON_ACCESS_TOKEN: TOKEN,
      CONNECTOR_RECONNECT_INITIAL_MS: '20',
      CONNECTOR_RECONNECT_MAX_MS: '50',
      CONNECTOR_STALL_TIMEOUT_MS: '2000',
      ...env,
    }),
  );
}

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 10));
  }
}

async function reconnects(cause: string): Promise<number> {
  const { values } = await connectorMetrics.reconnects.get();
  return values.find((v) => v.labels.platform === 'mastodon' && v.labels.cause === cause)?.value ?? 0;
}

async function overflows(): Promise<number> {
  return (await mastodonMetrics.catchUpOverflows.get()).values[0]?.value ?? 0;
}

const postIds = (events: ReceivedEvent[]) =>
  events.flatMap((event) => (event.result.ok === true ? [event.result.post.id.split('/').at(-1)] : []));

let instance: Instance;
let source: LiveSource | null = null;

afterEach(async () => {
  await source?.stop();
  source = null;
  await instance.close();
});

describe('createMastodonSource', () => {
  it('starts after the newest status and maps the stream events, placing each by status id', async () => {
    instance = await startInstance();
    instance.timeline.push(status(100), status(101));
    const { events, sink } = collectingSink();
    source = sourceFor(instance);
    void source.run(sink, null);
    await until('the stream', () => instance.streams.length === 1);
    await until('connected', () => source?.status().connected === true);

    instance.update(status(102));
    instance.send('event: delete\ndata: 90\n\n');
    instance.send(`event: status.update\ndata: ${JSON.stringify(status(101))}\n\n`);
    instance.send('event: notification\ndata: {}\n\n');
    instance.send('event: update\ndata: {"id": "103",\n\n');
    instance.update(status(104, 'private'));
    await until('six events', () => events.length === 6);

    const [post, deletion, edit, notification, malformed, privateStatus] = events;
    expect(post.result).toMatchObject({
      ok: true,
      post: { id: `${instance.url}/api/v1/statuses/102`, text: 'status 102' },
    });
    expect(post.position).toEqual({
      cursor: '102',
      eventTimeMs: Date.parse(status(102).created_at as string),
    });
    expect(deletion.result).toMatchObject({
      ok: 'delete',
      deletion: { id: `${instance.url}/api/v1/statuses/90` },
    });
    expect(deletion.position).toEqual({ cursor: '102', eventTimeMs: null });
    expect(edit.result).toMatchObject({ ok: 'skip', code: 'edit' });
    expect(notification.result).toMatchObject({ ok: 'skip', code: 'not_a_post' });
    expect(malformed.result).toMatchObject({ ok: false, error: { code: 'malformed_json', field: null } });
    expect(malformed.position).toBeNull();
    expect(privateStatus.result).toMatchObject({ ok: 'skip', code: 'not_a_post' });
    expect(privateStatus.position?.cursor).toBe('104');
    // The statuses before the start are not read, and every request carried the token.
    expect(postIds(events)).toEqual(['102']);
    expect(new Set(instance.authorizations)).toEqual(new Set([`Bearer ${TOKEN}`]));
    expect(source.status()).toEqual({ connected: true, endpoint: instance.url, problem: null });
  });

  it('after the server drops the stream, catches up through the timeline with no gap and no repeat', async () => {
    instance = await startInstance();
    const closedBefore = await reconnects('closed');
    const { events, sink } = collectingSink();
    source = sourceFor(instance);
    void source.run(sink, '100');
    await until('the stream', () => instance.streams.length === 1);
    await until('connected', () => source?.status().connected === true);
    instance.timeline.push(status(101));
    instance.update(status(101));
    await until('101', () => events.length === 1);

    // Gone for a while: 90 statuses posted meanwhile (three timeline pages), and the stream's first
    // events after the reconnect arrive while the source is still paging.
    instance.timelineDelayMs = 30;
    instance.streams[0].end();
    for (let id = 102; id <= 191; id++) instance.timeline.push(status(id));
    await until('the second stream', () => instance.streams.length === 2);
    instance.timeline.push(status(192));
    instance.update(status(190));
    instance.update(status(192));
    instance.update(status(193));
    instance.timeline.push(status(193));

    await until('193', () => postIds(events).includes('193'));
    const ids = postIds(events);
    expect(ids).toEqual(Array.from({ length: 93 }, (_, i) => String(101 + i)));
    const cursors = events.map((event) => BigInt(event.position?.cursor ?? 0));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(events.at(-1)?.position?.cursor).toBe('193');
    expect(await reconnects('closed')).toBe(closedBefore + 1);
  });

  it('drops the held events when they overflow during a catch-up and pages again: nothing lost', async () => {
    instance = await startInstance();
    const overflowsBefore = await overflows();
    const { events, sink } = collectingSink();
    // The smallest bound the configuration allows: a few events.
    source = sourceFor(instance, { CONNECTOR_MAX_PENDING_BYTES: '1024', CONNECTOR_MAX_EVENT_BYTES: '1024' });
    instance.timelineDelayMs = 200;
    void source.run(sink, '100');
    await until('the stream', () => instance.streams.length === 1);
    for (let id = 101; id <= 120; id++) {
      instance.timeline.push(status(id));
      instance.update(status(id));
    }
    await until('120', () => postIds(events).includes('120'));
    expect(postIds(events)).toEqual(Array.from({ length: 20 }, (_, i) => String(101 + i)));
    expect(await overflows()).toBeGreaterThan(overflowsBefore);
  });

  it('reads several streams, each caught up on its own, under one cursor: the lowest of their highest ids', async () => {
    instance = await startInstance();
    instance.timeline.push(status(200));
    instance.rustTimeline.push(status(150));
    const { events, sink } = collectingSink();
    source = sourceFor(instance, { MASTODON_STREAMS: 'public,hashtag:rust' });
    void source.run(sink, null);
    await until('both streams', () => source?.status().connected === true);
    await new Promise((tick) => setTimeout(tick, 50)); // both empty catch-ups done: live
    const rust = (id: number) =>
      instance.send(`event: update\ndata: ${JSON.stringify(status(id))}\n\n`, instance.rustStreams);
    instance.update(status(201));
    await until('201', () => events.length === 1);
    rust(160);
    await until('160', () => events.length === 2);
    instance.update(status(202));
    await until('202', () => events.length === 3);
    rust(210);
    await until('210', () => events.length === 4);
    expect(postIds(events)).toEqual(['201', '160', '202', '210']);
    expect(events.map((event) => event.position?.cursor)).toEqual(['150', '160', '160', '202']);
  });

  it('stays connected on heartbeats alone', async () => {
    instance = await startInstance();
    const stalledBefore = await reconnects('stalled');
    source = sourceFor(instance, { CONNECTOR_STALL_TIMEOUT_MS: '300' });
    void source.run(collectingSink().sink, '100');
    await until('the stream', () => instance.streams.length === 1);
    for (let beat = 0; beat < 10; beat++) {
      instance.send(':thump\n');
      await new Promise((tick) => setTimeout(tick, 100));
    }
    expect(instance.streams).toHaveLength(1);
    expect(source.status().connected).toBe(true);
    expect(await reconnects('stalled')).toBe(stalledBefore);
  });

  it('reconnects a stream that stalls, counting the cause', async () => {
    instance = await startInstance();
    const stalledBefore = await reconnects('stalled');
    source = sourceFor(instance, { CONNECTOR_STALL_TIMEOUT_MS: '200' });
    void source.run(collectingSink().sink, '100');
    await until('a second stream after a stall', () => instance.streams.length === 2);
    expect(await reconnects('stalled')).toBeGreaterThan(stalledBefore);
  });

  it('stops reading while the sink is full and resumes when it drains', async () => {
    instance = await startInstance();
    const pushed: ReceivedEvent[] = [];
    let drain = () => undefined as void;
    const sink: EventSink = {
      push: (event) => (pushed.push(event), false),
      drained: () => new Promise<void>((done) => (drain = done)),
    };
    source = sourceFor(instance);
    void source.run(sink, '100');
    await until('connected', () => source?.status().connected === true);
    await new Promise((tick) => setTimeout(tick, 50)); // the empty catch-up done: live
    instance.update(status(101));
    instance.update(status(102));
    await until('101', () => pushed.length === 1);
    await new Promise((tick) => setTimeout(tick, 100));
    expect(pushed).toHaveLength(1);
    drain();
    await until('102', () => pushed.length === 2);
  });

  it('reports a refused token as a problem naming MASTODON_ACCESS_TOKEN, without the token', async () => {
    instance = await startInstance();
    instance.refuseWith = 401;
    const refusedBefore = await reconnects('refused');
    source = sourceFor(instance);
    void source.run(collectingSink().sink, null);
    await until('a problem', () => source?.status().problem !== null);
    const { connected, problem } = source.status();
    expect(connected).toBe(false);
    expect(problem).toContain('HTTP 401');
    expect(problem).toContain('MASTODON_ACCESS_TOKEN');
    expect(problem).not.toContain(TOKEN);
    expect(await reconnects('refused')).toBeGreaterThan(refusedBefore);
  });
});
