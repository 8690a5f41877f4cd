import { connectorCursorCodec, postCodec, postDeletionCodec, type Post } from '@riptide/contracts';
import { readLatestByKey, type KafkaConnection } from '@riptide/stream';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorService } from '../apps/connector/src/main';
import {
  expectJetstreamOutcome,
  type JetstreamExpectation,
} from '../apps/cli/src/live-replay/jetstream-expectation';
import { readJetstreamFrame, wantsFrame } from '../apps/cli/src/live-replay/jetstream-frame';
import {
  startJetstreamReplayServer,
  type JetstreamReplayOptions,
  type JetstreamReplayServer,
} from '../apps/cli/src/live-replay/jetstream-replay-server';
import { recordedJetstreamFrames } from '../apps/cli/src/live-replay/live-samples';
import { isolatedKafka } from './support/kafka-test-env';
import {
  MetricsDelta,
  missing,
  readKeyedTopic,
  startTestConnector,
  waitFor,
  type KeyedTopic,
} from './support/live-connector';

const FRAMES = recordedJetstreamFrames();
const DEFAULT_COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];
const MAX_EVENT_BYTES = 262_144;
const PLATFORM = { platform: 'bluesky' };
/** What the server sends a connector with the default settings: oversized frames are left out by the server. */
const DEFAULT_EXPECTATION = expectJetstreamOutcome(FRAMES, {
  wantedCollections: DEFAULT_COLLECTIONS,
  maxEventBytes: MAX_EVENT_BYTES,
  maxMessageSizeBytes: MAX_EVENT_BYTES,
});

interface Run {
  readonly connection: KafkaConnection;
  readonly connector: ConnectorService;
  readonly url: string;
  readonly metrics: MetricsDelta;
  readonly name: string;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function replay(options: JetstreamReplayOptions): Promise<JetstreamReplayServer> {
  const server = await startJetstreamReplayServer(options);
  cleanups.push(() => server.close());
  return server;
}

/** A connector on a private prefix of its own, reading `endpoints`. */
async function connect(test: string, endpoints: string[], env: Record<string, string> = {}): Promise<Run> {
  const { connection, cleanup } = await isolatedKafka(`connector-bluesky-${test}`);
  cleanups.push(cleanup);
  const metrics = await MetricsDelta.now();
  const name = `bluesky-${test}`;
  const connector = await startTestConnector(connection, {
    CONNECTOR_SOURCE: 'bluesky',
    CONNECTOR_NAME: name,
    BLUESKY_JETSTREAM_URLS: endpoints.join(','),
    ...env,
  });
  cleanups.push(() => connector.close());
  return { connection, connector, url: `http://127.0.0.1:${connector.httpPort}`, metrics, name };
}

/**
 * Waits until the connector has produced at least every expected post and deletion and holds nothing
 * unacknowledged; returns quietly after `timeoutMs` otherwise (the assertions then show what is missing).
 */
async function settle(run: Run, expected: JetstreamExpectation, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    'the connector to produce the sample',
    () => {
      const stats = run.connector.stats();
      return (
        stats.posts >= expected.posts.size &&
        stats.deletions >= expected.deletions.size &&
        stats.pendingBytes === 0
      );
    },
    timeoutMs,
  ).catch(() => undefined);
  // Re-sends after a resume may still be on their way.
  await sleep(500);
}

/** posts.raw and posts.deleted hold exactly the expected ids; repeats only as byte-identical re-sends. */
async function expectDelivered(run: Run, expected: JetstreamExpectation): Promise<{ posts: KeyedTopic }> {
  const posts = await readKeyedTopic(run.connection, 'posts.raw');
  const deletions = await readKeyedTopic(run.connection, 'posts.deleted');
  expect(missing(expected.posts, posts.keys), 'ids lost').toEqual([]);
  expect(missing(posts.keys, expected.posts), 'ids that are not posts of the sample').toEqual([]);
  expect(posts.differingRepeats, 'repeated ids with another value').toEqual([]);
  expect(missing(expected.deletions, deletions.keys), 'deletions lost').toEqual([]);
  expect(deletions.keys.size).toBe(expected.deletions.size);
  expect(deletions.differingRepeats).toEqual([]);
  for (const [key, value] of posts.values) {
    const decoded = postCodec.decode(value);
    expect(decoded.ok && decoded.value.id === key && decoded.value.platform === 'bluesky', key).toBe(true);
  }
  for (const [key, value] of deletions.values) {
    const decoded = postDeletionCodec.decode(value);
    expect(decoded.ok && decoded.value.id === key && decoded.value.author_id === key.split('/')[2], key).toBe(
      true,
    );
  }
  process.stderr.write(
    `[connector-bluesky] posts ${posts.keys.size}, repeated ${posts.duplicates}; deletions ${deletions.keys.size}, repeated ${deletions.duplicates}\n`,
  );
  return { posts };
}

/** time_us of the frames the server sends for `wantedCollections` (and a size limit), in order; null for unreadable ones. */
function sentTimes(wantedCollections: readonly string[], maxMessageSizeBytes = Infinity): (number | null)[] {
  return FRAMES.map(readJetstreamFrame)
    .filter((facts) => wantsFrame(wantedCollections, facts) && facts.bytes <= maxMessageSizeBytes)
    .map((facts) => facts.timeUs);
}

/** The last time among `times`: the position of the last readable frame. */
function lastOf(times: readonly (number | null)[]): number {
  return times.filter((time) => time !== null).at(-1)!;
}

/** A local URL nothing listens on. */
async function refusedEndpoint(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
  const { port } = probe.address() as { port: number };
  await new Promise((closed) => probe.close(closed));
  return `ws://127.0.0.1:${port}/subscribe`;
}

async function ready(run: Run): Promise<{ status: number; failing: Record<string, string> }> {
  const response = await fetch(`${run.url}/ready`);
  return {
    status: response.status,
    failing: ((await response.json()) as { failing: Record<string, string> }).failing,
  };
}

describe('the Bluesky connector against a Jetstream replay server', () => {
  it('every post once keyed by id, deletions keyed by id, everything else skipped and counted by reason', async () => {
    // Every feed and graph collection, from a server that does not enforce maxMessageSizeBytes: the
    // connector itself meets likes, follows, blocks, edits, identity events, broken and oversized frames.
    const collections = ['app.bsky.feed.*', 'app.bsky.graph.*'];
    const expected = expectJetstreamOutcome(FRAMES, {
      wantedCollections: collections,
      maxEventBytes: MAX_EVENT_BYTES,
    });
    const server = await replay({ frames: FRAMES, honourMaxMessageSize: false });
    const run = await connect('sample', [server.url], { BLUESKY_COLLECTIONS: collections.join(',') });
    await settle(run, expected);
    const { posts } = await expectDelivered(run, expected);
    expect(posts.duplicates).toBe(0);

    expect(server.subscriptions).toEqual([
      { cursor: null, wantedCollections: collections, wantedDids: [], maxMessageSizeBytes: MAX_EVENT_BYTES },
    ]);
    const counted = (name: string, labels: Record<string, string> = {}) =>
      run.metrics.since(run.url, name, { ...PLATFORM, ...labels });
    expect(await counted('riptide_connector_events_received_total')).toBe(expected.sent);
    expect(await counted('riptide_connector_posts_produced_total')).toBe(expected.posts.size);
    expect(await counted('riptide_connector_deletions_produced_total')).toBe(expected.deletions.size);
    for (const [reason, count] of expected.skipped)
      expect(await counted('riptide_connector_events_skipped_total', { reason }), reason).toBe(count);
    expect([...expected.skipped.keys()].sort()).toEqual(
      [
        'edit',
        'malformed_json',
        'not_a_commit',
        'not_a_post',
        'not_an_object',
        'oversized',
        'schema_violation',
      ].sort(),
    );
    expect(await counted('riptide_connector_events_skipped_total')).toBe(
      [...expected.skipped.values()].reduce((sum, count) => sum + count, 0),
    );
    expect(await counted('riptide_connector_reconnects_total')).toBe(0);

    // What the adapter made of them: every kind, links, tags and languages.
    const decoded = [...posts.values.values()].map(
      (value) => (postCodec.decode(value) as { value: Post }).value,
    );
    const kinds = new Set(decoded.map((post) => post.kind));
    expect([...kinds].sort()).toEqual(['original', 'quote', 'reply', 'repost']);
    expect(
      decoded
        .filter((post) => post.kind !== 'original')
        .every((post) => post.referenced_post_id?.startsWith('at://')),
    ).toBe(true);
    expect(decoded.some((post) => post.urls.length > 0)).toBe(true);
    expect(decoded.some((post) => post.hashtags.length > 0)).toBe(true);
    expect(decoded.some((post) => post.lang === 'ja')).toBe(true);

    // The cursor committed after the last frame: nothing before it is unacknowledged.
    await waitFor('the last cursor committed', async () => {
      const { latest } = await readLatestByKey(run.connection, 'connector.cursors', connectorCursorCodec);
      return latest.get(run.name)?.cursor === String(lastOf(sentTimes(collections)));
    });
    const { latest } = await readLatestByKey(run.connection, 'connector.cursors', connectorCursorCodec);
    expect(latest.get(run.name)).toMatchObject({ connector: run.name, platform: 'bluesky' });
    expect(await ready(run)).toEqual({ status: 200, failing: {} });
  });

  it('a server that drops the connection mid-stream: ids lost 0, resumed from the last position', async () => {
    const server = await replay({ frames: FRAMES, faults: { dropAfterFrames: 150 } });
    const run = await connect('drop', [server.url]);
    await settle(run, DEFAULT_EXPECTATION);
    await expectDelivered(run, DEFAULT_EXPECTATION);
    expect(server.connections).toBe(2);
    const [first, second] = server.subscriptions;
    expect(first.cursor).toBeNull();
    // The same endpoint again: the exact position of the last frame read, no rewind.
    const beforeDrop = sentTimes(DEFAULT_COLLECTIONS, MAX_EVENT_BYTES).slice(0, 150);
    expect(second.cursor).not.toBeNull();
    expect(Number(second.cursor)).toBeLessThanOrEqual(lastOf(beforeDrop));
    expect(Number(second.cursor)).toBeGreaterThan(beforeDrop.find((time) => time !== null)!);
    expect(await run.metrics.since(run.url, 'riptide_connector_reconnects_total', PLATFORM)).toBe(1);
  });

  it('a server that stalls mid-stream (socket open, silent, pings unanswered): detected, ids lost 0', async () => {
    const server = await replay({ frames: FRAMES, faults: { stallAfterFrames: 150 } });
    const run = await connect('stall', [server.url], { CONNECTOR_STALL_TIMEOUT_MS: '1000' });
    await settle(run, DEFAULT_EXPECTATION);
    await expectDelivered(run, DEFAULT_EXPECTATION);
    expect(server.connections).toBe(2);
    expect(server.subscriptions[1].cursor).not.toBeNull();
    expect(
      await run.metrics.since(run.url, 'riptide_connector_reconnects_total', {
        ...PLATFORM,
        cause: 'stalled',
      }),
    ).toBe(1);
  });

  it('failover: an endpoint that refuses, then one that dies mid-stream; the next one serves, ids lost 0', async () => {
    const refused = await refusedEndpoint();
    // Paced, so that it dies with the stream half read.
    const dying = await replay({ frames: FRAMES, framesPerSecond: 400 });
    const spare = await replay({ frames: FRAMES });
    const run = await connect('failover', [refused, dying.url, spare.url]);
    await waitFor('half the sample read from the second endpoint', () => run.connector.stats().posts > 100);
    await dying.close();
    await settle(run, DEFAULT_EXPECTATION);
    await expectDelivered(run, DEFAULT_EXPECTATION);
    const reconnects = (cause: string) =>
      run.metrics.since(run.url, 'riptide_connector_reconnects_total', { ...PLATFORM, cause });
    expect(await reconnects('refused')).toBeGreaterThanOrEqual(1);
    expect(dying.connections).toBe(1);
    // Another instance's clock: the cursor rewound by CONNECTOR_REWIND_S (5 s) from the last one read.
    expect(spare.subscriptions[0].cursor).not.toBeNull();
    expect(Number(spare.subscriptions[0].cursor)).toBeLessThanOrEqual(
      lastOf(sentTimes(DEFAULT_COLLECTIONS)) - 5e6,
    );
    expect(await ready(run)).toEqual({ status: 200, failing: {} });
  });

  it('/ready is 503 naming the source while every endpoint is down, 200 once one serves', async () => {
    const endpoints = [await refusedEndpoint(), await refusedEndpoint()];
    const run = await connect('down', endpoints);
    await waitFor('a failed attempt on each endpoint', async () => {
      return (
        (await run.metrics.since(run.url, 'riptide_connector_reconnects_total', {
          ...PLATFORM,
          cause: 'refused',
        })) >= 2
      );
    });
    const answer = await ready(run);
    expect(answer.status).toBe(503);
    expect(answer.failing['connector-source']).toMatch(
      /bluesky source not connected: ws:\/\/127\.0\.0\.1:\d+\/subscribe/,
    );
    // One endpoint comes up: the connector finds it on its own.
    await replay({ frames: FRAMES, port: Number(new URL(endpoints[1]).port) });
    await waitFor('/ready 200', async () => (await ready(run)).status === 200, 30_000);
    await settle(run, DEFAULT_EXPECTATION);
    await expectDelivered(run, DEFAULT_EXPECTATION);
  });
});
