import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { connectorConfigFromEnv } from '../../connector-config';
import { connectorMetrics } from '../../connector-metrics';
import type { EventSink, ReceivedEvent } from '../live-source';
import { JetstreamSource } from './jetstream-source';

const BASE_US = 1_760_000_000_000_000;
const frame = (i: number) =>
  JSON.stringify({
    did: 'did:plc:a',
    time_us: BASE_US + i * 1_000_000,
    kind: 'commit',
    commit: { operation: 'create', collection: 'app.bsky.feed.like', rkey: `r${i}`, record: {} },
  });

interface Server {
  readonly url: string;
  /** The `cursor` parameter of each connection, '' when absent. */
  readonly cursors: string[];
  close(): Promise<void>;
}

const servers: Server[] = [];
let source: JetstreamSource | undefined;

afterEach(async () => {
  await source?.stop();
  source = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A local server: `onConnection` gets each socket and its 0-based connection number. */
async function startServer(onConnection: (socket: WebSocket, index: number) => void): Promise<Server> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const cursors: string[] = [];
  wss.on('connection', (socket, request) => {
    cursors.push(new URL(request.url ?? '/', 'http://x').searchParams.get('cursor') ?? '');
    onConnection(socket, cursors.length - 1);
  });
  const server = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/subscribe`,
    cursors,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
  servers.push(server);
  return server;
}

function collectingSink(accept: (count: number) => boolean = () => true) {
  const events: ReceivedEvent[] = [];
  let drain: (() => void) | undefined;
  const sink: EventSink & { release(): void } = {
    push: (event) => {
      events.push(event);
      return accept(events.length);
    },
    drained: () => new Promise((resolve) => (drain = resolve)),
    release: () => drain?.(),
  };
  return { events, sink };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5_000; !condition();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startSource(endpoints: string[], extra: Record<string, string> = {}) {
  source = new JetstreamSource(
    connectorConfigFromEnv({
      CONNECTOR_SOURCE: 'bluesky',
      BLUESKY_JETSTREAM_URLS: endpoints.join(','),
      CONNECTOR_RECONNECT_INITIAL_MS: '5',
      CONNECTOR_RECONNECT_MAX_MS: '20',
      CONNECTOR_REWIND_S: '5',
      ...extra,
    }),
  );
  return source;
}

describe('JetstreamSource', () => {
  it('fails over past a refused endpoint and resumes exactly where it was on the same endpoint', async () => {
    const refused = await startServer(() => undefined);
    const refusedUrl = refused.url;
    await refused.close();
    servers.length = 0;
    const live = await startServer((socket, index) => {
      // The first connection sends three frames and drops; the second sends the rest.
      const frames = index === 0 ? [0, 1, 2] : [2, 3];
      for (const i of frames) socket.send(frame(i));
      if (index === 0) setTimeout(() => socket.terminate(), 20);
    });
    const { events, sink } = collectingSink();
    void startSource([refusedUrl, live.url]).run(sink, null);
    await until(() => events.length === 5, 'five frames');
    expect(live.cursors).toEqual(['', String(BASE_US + 2_000_000)]);
    expect(source?.status()).toMatchObject({ connected: true, endpoint: live.url, problem: null });
  });

  it('rewinds a committed cursor at start, and again when it fails over to another endpoint', async () => {
    const first = await startServer((socket, index) => {
      // Delivers once, then closes every later connection at once: a failing endpoint.
      if (index === 0) socket.send(frame(10));
      setTimeout(() => socket.terminate(), index === 0 ? 20 : 0);
    });
    const second = await startServer((socket) => socket.send(frame(11)));
    const { events, sink } = collectingSink();
    void startSource([first.url, second.url]).run(sink, String(BASE_US));
    await until(() => events.length === 2, 'the frame of the second endpoint');
    expect(first.cursors).toEqual([String(BASE_US - 5_000_000), String(BASE_US + 10_000_000)]);
    expect(second.cursors).toEqual([String(BASE_US + 10_000_000 - 5_000_000)]);
  });

  it('terminates a connection that sends nothing and answers no ping, and connects again', async () => {
    let connections = 0;
    const silent = await startServer((socket) => {
      connections++;
      // Socket open, nothing sent and pings unanswered: the pong is sent by ws itself, so stop reading.
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    });
    const { sink } = collectingSink();
    const stalled = async () =>
      (await connectorMetrics.reconnects.get()).values.find((value) => value.labels.cause === 'stalled')
        ?.value ?? 0;
    const before = await stalled();
    void startSource([silent.url], { CONNECTOR_STALL_TIMEOUT_MS: '150' }).run(sink, null);
    await until(() => connections >= 2, 'a second connection');
    expect(await stalled()).toBe(before + 1);
  });

  it('pauses reading while the sink is full and resumes once it drained', async () => {
    const server = await startServer((socket) => {
      for (let i = 0; i < 2000; i++) socket.send(frame(i));
    });
    const { events, sink } = collectingSink((count) => count !== 10);
    void startSource([server.url]).run(sink, null);
    await until(() => events.length >= 10, 'ten frames');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const whilePaused = events.length;
    expect(whilePaused).toBeLessThan(2000);
    sink.release();
    await until(() => events.length === 2000, 'every frame after the drain');
  });

  it('stops promptly while paused on a sink that never drains', async () => {
    const server = await startServer((socket) => {
      for (let i = 0; i < 100; i++) socket.send(frame(i));
    });
    const { events, sink } = collectingSink(() => false);
    const running = startSource([server.url]).run(sink, null);
    await until(() => events.length > 0, 'a frame');
    await source?.stop();
    await running;
    expect(source?.status()).toMatchObject({ connected: false, problem: 'stopped' });
  });
});
