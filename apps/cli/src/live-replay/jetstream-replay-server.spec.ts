import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startJetstreamReplayServer, type JetstreamReplayServer } from './jetstream-replay-server';

const did = 'did:plc:replayspecauthor00000000';
const commit = (timeUs: number, collection: string) =>
  JSON.stringify({
    did,
    time_us: timeUs,
    kind: 'commit',
    commit: { rev: 'r', operation: 'create', collection, rkey: `k${timeUs}`, record: {}, cid: 'c' },
  });
const identity = (timeUs: number) =>
  JSON.stringify({ did, time_us: timeUs, kind: 'identity', identity: { did, handle: 'a.test' } });

/** A post, a like, a truncated frame, an identity event, a repost. */
const FRAMES = [
  commit(1_000, 'app.bsky.feed.post'),
  commit(2_000, 'app.bsky.feed.like'),
  '{"did":"did:plc:x","time_us":25',
  identity(3_000),
  commit(4_000, 'app.bsky.feed.repost'),
];

let server: JetstreamReplayServer | undefined;
const clients: WebSocket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await server?.close();
  server = undefined;
});

/** Connects with `query` and collects what arrives until `quietMs` pass without a frame. */
async function receive(query: string, quietMs = 300): Promise<string[]> {
  const client = new WebSocket(`${server!.url}${query}`);
  clients.push(client);
  const frames: string[] = [];
  let last = Date.now();
  client.on('message', (data) => {
    frames.push(data.toString());
    last = Date.now();
  });
  await new Promise((open, fail) => client.once('open', open).once('error', fail));
  while (Date.now() - last < quietMs) await sleep(50);
  return frames;
}

describe('startJetstreamReplayServer', () => {
  it('sends the whole recording to a first client without a cursor, then nothing to a later one', async () => {
    server = await startJetstreamReplayServer({ frames: FRAMES });
    expect(await receive('')).toEqual(FRAMES);
    // The recording has been "live": a new client without a cursor joins at its end.
    expect(await receive('')).toEqual([]);
    expect(server.connections).toBe(2);
    expect(server.framesSent).toBe(FRAMES.length);
  });

  it('replays from the first frame at or after the cursor; a frame without a time keeps its place', async () => {
    server = await startJetstreamReplayServer({ frames: FRAMES });
    expect(await receive('?cursor=2000')).toEqual(FRAMES.slice(1));
    expect(await receive('?cursor=2001')).toEqual(FRAMES.slice(3));
    expect(await receive('?cursor=1')).toEqual(FRAMES);
    expect(server.subscriptions.map((subscription) => subscription.cursor)).toEqual(['2000', '2001', '1']);
  });

  it('sends the wanted collections, identity events and unreadable frames; refuses an invalid NSID', async () => {
    server = await startJetstreamReplayServer({ frames: FRAMES });
    const wanted = '?wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.feed.repost';
    expect(await receive(`${wanted}&cursor=0`)).toEqual([FRAMES[0], FRAMES[2], FRAMES[3], FRAMES[4]]);
    expect(await receive('?wantedCollections=app.bsky.graph.*&cursor=0')).toEqual([FRAMES[2], FRAMES[3]]);
    await expect(receive('?wantedCollections=app.bsky.feed.post,app.bsky.feed.repost')).rejects.toThrow(
      /400/,
    );
    expect(server.subscriptions[0].wantedCollections).toEqual(['app.bsky.feed.post', 'app.bsky.feed.repost']);
  });

  it('leaves out frames over maxMessageSizeBytes', async () => {
    const big = commit(5_000, 'app.bsky.feed.post').replace(
      '"record":{}',
      `"record":{"text":"${'x'.repeat(500)}"}`,
    );
    server = await startJetstreamReplayServer({ frames: [...FRAMES, big] });
    expect(await receive('?maxMessageSizeBytes=400')).toEqual(FRAMES);
    await server.close();
    server = await startJetstreamReplayServer({ frames: [...FRAMES, big], honourMaxMessageSize: false });
    expect(await receive('?maxMessageSizeBytes=400')).toEqual([...FRAMES, big]);
  });

  it('drops the first connection after N frames, once', async () => {
    server = await startJetstreamReplayServer({ frames: FRAMES, faults: { dropAfterFrames: 2 } });
    const client = new WebSocket(server.url);
    clients.push(client);
    const received: string[] = [];
    client.on('message', (data) => received.push(data.toString()));
    const closed = new Promise<number>((done) => client.once('close', (code) => done(code)));
    // 1006: closed without a close frame, as a dropped connection is.
    expect(await closed).toBe(1006);
    expect(received).toEqual(FRAMES.slice(0, 2));
    expect(await receive('?cursor=2000')).toEqual(FRAMES.slice(1));
  });

  it('stalls the first connection after N frames: nothing sent, pings unanswered, socket open', async () => {
    server = await startJetstreamReplayServer({ frames: FRAMES, faults: { stallAfterFrames: 1 } });
    const client = new WebSocket(server.url);
    clients.push(client);
    const received: string[] = [];
    let pongs = 0;
    client.on('message', (data) => received.push(data.toString()));
    client.on('pong', () => pongs++);
    await new Promise((open) => client.once('open', open));
    await sleep(300);
    client.ping();
    await sleep(300);
    expect(received).toEqual(FRAMES.slice(0, 1));
    expect(pongs).toBe(0);
    expect(client.readyState).toBe(WebSocket.OPEN);
    // The next connection is served.
    expect(await receive('?cursor=0')).toEqual(FRAMES);
  });

  it('sends no faster than a client reads: a client that stops reading holds the server back', async () => {
    const frame = commit(1, 'app.bsky.feed.post').replace(
      '"record":{}',
      `"record":{"text":"${'y'.repeat(10_000)}"}`,
    );
    server = await startJetstreamReplayServer({ frames: Array.from({ length: 5_000 }, () => frame) });
    const client = new WebSocket(server.url);
    clients.push(client);
    await new Promise((open) => client.once('open', open));
    client.pause();
    await sleep(1_000);
    const sentBytes = server.framesSent * frame.length;
    // Socket buffers on both sides of the loopback hold a few MB; the recording is 50 MB.
    expect(sentBytes).toBeLessThan(16 * 1024 * 1024);
    expect(server.framesSent).toBeGreaterThan(0);
  });

  it('paced: a client joining later without a cursor hears only what happens from then on', async () => {
    server = await startJetstreamReplayServer({
      frames: Array.from({ length: 40 }, (_, index) => identity(index + 1)),
      framesPerSecond: 20,
    });
    const first = receive('', 600);
    await sleep(500);
    const second = await receive('', 600);
    const firstFrames = await first;
    expect(firstFrames.length).toBeGreaterThan(second.length);
    expect(JSON.parse(second[0]).time_us).toBeGreaterThan(5);
    expect(firstFrames[0]).toBe(identity(1));
  });
});
