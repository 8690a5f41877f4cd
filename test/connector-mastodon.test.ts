import { mastodonPostId, postCodec, postDeletionCodec, type Post } from '@riptide/contracts';
import type { KafkaConnection } from '@riptide/stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorService } from '../apps/connector/src/main';
import { recordedMastodonTimeline } from '../apps/cli/src/live-replay/live-samples';
import {
  startMastodonReplayServer,
  type MastodonReplayOptions,
  type MastodonReplayServer,
} from '../apps/cli/src/live-replay/mastodon-replay-server';
import type { MastodonStatusJson } from '../apps/cli/src/live-replay/mastodon-sample';
import { isolatedKafka } from './support/kafka-test-env';
import { MetricsDelta, missing, readKeyedTopic, startTestConnector, waitFor } from './support/live-connector';

const { statuses, deletes } = recordedMastodonTimeline();
const deleted = new Set(deletes.map((deletion) => deletion.id));
const PLATFORM = { platform: 'mastodon' };
/** About 3 s for the sample: long enough for a fault and a reconnect to fall in its middle. */
const EVENTS_PER_SECOND = 100;
/** Under the stall timeout the tests set, so that a healthy quiet stream is not taken for a stalled one. */
const HEARTBEAT_MS = 200;

interface Run {
  readonly connection: KafkaConnection;
  readonly connector: ConnectorService;
  readonly url: string;
  readonly metrics: MetricsDelta;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function replay(options: Partial<MastodonReplayOptions> = {}): Promise<MastodonReplayServer> {
  const server = await startMastodonReplayServer({
    statuses,
    deletes,
    eventsPerSecond: EVENTS_PER_SECOND,
    heartbeatMs: HEARTBEAT_MS,
    ...options,
  });
  cleanups.push(() => server.close());
  return server;
}

async function connect(
  test: string,
  server: MastodonReplayServer,
  env: Record<string, string> = {},
): Promise<Run> {
  const { connection, cleanup } = await isolatedKafka(`connector-mastodon-${test}`);
  cleanups.push(cleanup);
  const metrics = await MetricsDelta.now();
  const connector = await startTestConnector(connection, {
    CONNECTOR_SOURCE: 'mastodon',
    CONNECTOR_NAME: `mastodon-${test}`,
    MASTODON_INSTANCE_URL: server.url,
    CONNECTOR_STALL_TIMEOUT_MS: '1000',
    ...env,
  });
  cleanups.push(() => connector.close());
  return { connection, connector, url: `http://127.0.0.1:${connector.httpPort}`, metrics };
}

const isPost = (status: MastodonStatusJson) =>
  status.visibility === 'public' || status.visibility === 'unlisted';

/**
 * Waits until the recording has played and the connector has produced every status a client could
 * see (`wanted` of them): those never deleted, and those the server delivered before their deletion.
 * A status published and deleted while the connector was away is visible nowhere, so it is not
 * expected; nor are deletions that happened then (a stream does not replay, the timelines do not list
 * deletions): every Mastodon client has that gap.
 */
async function expectEveryVisiblePost(
  run: Run,
  server: MastodonReplayServer,
  wanted: (status: MastodonStatusJson) => boolean = () => true,
): Promise<void> {
  const expectedPosts = () =>
    new Set(
      statuses
        .filter((status) => wanted(status) && isPost(status))
        .filter((status) => !deleted.has(status.id) || server.delivered.statuses.has(status.id))
        .map((status) => mastodonPostId(server.url, status.id)),
    );
  const expectedDeletions = () =>
    new Set([...server.delivered.deletes].map((id) => mastodonPostId(server.url, id)));
  await waitFor('the recording to play', () => server.finished, 60_000);
  await waitFor(
    'every visible post produced',
    () => {
      const stats = run.connector.stats();
      return (
        stats.posts >= expectedPosts().size &&
        stats.deletions >= expectedDeletions().size &&
        stats.pendingBytes === 0
      );
    },
    30_000,
  ).catch(() => undefined);

  const posts = await readKeyedTopic(run.connection, 'posts.raw');
  const deletions = await readKeyedTopic(run.connection, 'posts.deleted');
  expect(missing(expectedPosts(), posts.keys), 'ids lost').toEqual([]);
  expect(missing(posts.keys, expectedPosts()), 'ids that are not visible posts of the stream').toEqual([]);
  expect(posts.differingRepeats).toEqual([]);
  expect(expectedDeletions().size).toBeGreaterThan(0);
  expect([...deletions.keys].sort()).toEqual([...expectedDeletions()].sort());
  for (const [key, value] of posts.values) {
    const decoded = postCodec.decode(value);
    expect(decoded.ok && decoded.value.id === key && decoded.value.platform === 'mastodon', key).toBe(true);
  }
  for (const [key, value] of deletions.values) {
    const decoded = postDeletionCodec.decode(value);
    expect(decoded.ok && decoded.value.id === key, key).toBe(true);
  }
  process.stderr.write(
    `[connector-mastodon] posts ${posts.keys.size} (repeated ${posts.duplicates}), deletions ${deletions.keys.size}, ` +
      `statuses from timelines ${server.delivered.fromTimelines.size}\n`,
  );
}

const reconnects = (run: Run, cause: string) =>
  run.metrics.since(run.url, 'riptide_connector_reconnects_total', { ...PLATFORM, cause });

describe('the Mastodon connector against a Mastodon replay server', () => {
  it('a stream that drops: the gap caught up through the REST timeline, ids lost 0, deletions keyed by id', async () => {
    const server = await replay({ faults: { dropAfterEvents: 80 } });
    const run = await connect('drop', server);
    await expectEveryVisiblePost(run, server);
    expect(server.connections).toBeGreaterThanOrEqual(2);
    // The response cut short mid-stream: counted as an error (a clean end of the stream would be `closed`).
    expect(
      await run.metrics.since(run.url, 'riptide_connector_reconnects_total', PLATFORM),
    ).toBeGreaterThanOrEqual(1);
    // After the reconnect the timeline was read forward from the last status handed on.
    const resumed = server.requests.filter((request) =>
      /timelines\/public\?min_id=[1-9]\d*&limit=40/.test(request.path),
    );
    expect(resumed.length).toBeGreaterThan(0);
    expect(server.delivered.fromTimelines.size).toBeGreaterThan(0);
    // Private statuses are skipped, counted as not posts.
    expect(
      await run.metrics.since(run.url, 'riptide_connector_events_skipped_total', {
        ...PLATFORM,
        reason: 'not_a_post',
      }),
    ).toBeGreaterThan(0);
    expect((await fetch(`${run.url}/ready`)).status).toBe(200);
  });

  it('a stream that stalls (open, silent, no heartbeats): detected, caught up, ids lost 0', async () => {
    const server = await replay({ faults: { stallAfterEvents: 80 } });
    const run = await connect('stall', server);
    await expectEveryVisiblePost(run, server);
    expect(await reconnects(run, 'stalled')).toBeGreaterThanOrEqual(1);
  });

  it('several streams (public:local and a hashtag): each one’s statuses, once each', async () => {
    const server = await replay();
    const run = await connect('streams', server, { MASTODON_STREAMS: 'public:local,hashtag:climate' });
    const isLocal = (status: MastodonStatusJson) => !(status.account as { acct: string }).acct.includes('@');
    const tagged = (status: MastodonStatusJson) =>
      (status.tags as { name: string }[]).some((tag) => tag.name === 'climate');
    await expectEveryVisiblePost(run, server, (status) => isLocal(status) || tagged(status));
    expect(server.requests.some((request) => request.path === '/api/v1/streaming/hashtag?tag=climate')).toBe(
      true,
    );
    expect(server.requests.some((request) => request.path === '/api/v1/streaming/public/local')).toBe(true);
  });

  it('an instance that requires a token: /ready names MASTODON_ACCESS_TOKEN; with it, the posts flow', async () => {
    const token = 'replay-token-9f2c';
    const server = await replay({ requireToken: token });
    const refused = await connect('token-missing', server);
    await waitFor('a refusal counted', async () => (await reconnects(refused, 'refused')) > 0);
    const response = await fetch(`${refused.url}/ready`);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect((JSON.parse(body) as { failing: Record<string, string> }).failing['connector-source']).toMatch(
      /MASTODON_ACCESS_TOKEN/,
    );
    await refused.connector.close();

    const run = await connect('token', server, { MASTODON_ACCESS_TOKEN: token });
    await expectEveryVisiblePost(run, server);
    const exposed = [
      await (await fetch(`${run.url}/ready`)).text(),
      await (await fetch(`${run.url}/metrics`)).text(),
    ];
    for (const text of exposed) expect(text).not.toContain(token);
    const decoded = (await readKeyedTopic(run.connection, 'posts.raw')).values;
    const kinds = new Set(
      [...decoded.values()].map((value) => (postCodec.decode(value) as { value: Post }).value.kind),
    );
    expect([...kinds].sort()).toEqual(['original', 'quote', 'reply', 'repost']);
  });
});
