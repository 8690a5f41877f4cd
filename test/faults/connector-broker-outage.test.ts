import { connectorCursorCodec } from '@riptide/contracts';
import {
  applyTopicCatalog,
  kafkaConnectionFromEnv,
  readLatestByKey,
  type KafkaConnection,
} from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJetstreamOutcome } from '../../apps/cli/src/live-replay/jetstream-expectation';
import { readJetstreamFrame, wantsFrame } from '../../apps/cli/src/live-replay/jetstream-frame';
import {
  startJetstreamReplayServer,
  type JetstreamReplayServer,
} from '../../apps/cli/src/live-replay/jetstream-replay-server';
import { generateJetstreamFrames } from '../../apps/cli/src/live-replay/jetstream-sample';
import { startDedicatedBroker, type DedicatedBroker } from '../support/faults/dedicated-broker';
import type { ServiceProcess } from '../support/faults/service-process';
import { connectorProcess, metricValue, missing, readKeyedTopic, waitFor } from '../support/live-connector';

const CONNECTOR = 'bluesky-broker-outage';
const COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];
const MAX_EVENT_BYTES = 262_144;
/** Small, so that the outage fills it within seconds and back-pressure has to stop the reading. */
const MAX_PENDING_BYTES = 1024 * 1024;
/**
 * One read of the socket (Node reads 64 KiB at a time). The connector pauses the WebSocket at the frame
 * that reaches the limit, but ws still hands over the frames of the chunk it is parsing: pending goes
 * past the limit by up to that much (measured: 1,111,217 bytes against 1,048,576), then no further.
 */
const SOCKET_READ_BYTES = 64 * 1024;
const OUTAGE_MS = 20_000;
/**
 * About 40 s of firehose at the pace below (of which the server sends the posts, reposts and identity
 * events the connector asks for, some 300 a second): the outage falls in its middle.
 */
const FRAMES = generateJetstreamFrames({ seed: 1607, events: 32_000 });
const FRAMES_PER_SECOND = 800;

interface Sample {
  readonly at: number;
  readonly running: boolean;
  readonly ready: number;
  readonly body: string;
  /** riptide_connector_pending_bytes; NaN when /metrics did not answer. */
  readonly pendingBytes: number;
  /** riptide_connector_events_received_total: frames the connector has read. */
  readonly received: number;
  /** Frames the replay server has sent. */
  readonly framesSent: number;
}

/** What the connector and the replay server say, four times a second, for the record of what happened when. */
class Watch {
  readonly samples: Sample[] = [];
  private polling = false;
  private loop?: Promise<void>;

  constructor(
    private readonly connector: ServiceProcess,
    private readonly server: JetstreamReplayServer,
  ) {}

  start(): void {
    this.polling = true;
    this.loop = (async () => {
      while (this.polling) {
        const at = Date.now();
        const [ready, metrics] = await Promise.all([
          this.connector.ready(),
          this.connector.metrics().catch(() => ''),
        ]);
        this.samples.push({
          at,
          running: this.connector.running,
          ready: ready.status,
          body: ready.body,
          pendingBytes: metrics ? metricValue(metrics, 'riptide_connector_pending_bytes') : NaN,
          received: metrics ? metricValue(metrics, 'riptide_connector_events_received_total') : NaN,
          framesSent: this.server.framesSent,
        });
        await sleep(250);
      }
    })();
  }

  async stop(): Promise<void> {
    this.polling = false;
    await this.loop;
  }

  between(fromMs: number, toMs: number): Sample[] {
    return this.samples.filter((sample) => sample.at >= fromMs && sample.at <= toMs);
  }
}

async function committedCursor(connection: KafkaConnection): Promise<bigint | undefined> {
  const { latest } = await readLatestByKey(connection, 'connector.cursors', connectorCursorCodec);
  const cursor = latest.get(CONNECTOR)?.cursor;
  return cursor === undefined ? undefined : BigInt(cursor);
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * The broker goes away under a connector reading a live source: the source keeps sending, Kafka takes
 * nothing for 20 s. The connector must neither die nor drop what it read: it holds at most
 * CONNECTOR_MAX_PENDING_BYTES, stops reading the source once that is reached (so the source's sending
 * stalls), says so on /ready, and once the broker is back produces everything and moves its cursor on,
 * with nobody touching it.
 */
describe('fault: the broker stops for 20 s under the connector and comes back', () => {
  let broker: DedicatedBroker;
  let connection: KafkaConnection;
  let server: JetstreamReplayServer;
  let connector: ServiceProcess;
  let watch: Watch;

  beforeAll(async () => {
    broker = await startDedicatedBroker();
    connection = kafkaConnectionFromEnv('fault-connector-broker-outage', {
      KAFKA_BROKERS: broker.bootstrap,
      RIPTIDE_TOPIC_PREFIX: `fault.connector-outage.${Date.now()}.`,
    });
    await applyTopicCatalog(connection);
    server = await startJetstreamReplayServer({ frames: FRAMES, framesPerSecond: FRAMES_PER_SECOND });
    connector = await connectorProcess(connection, {
      CONNECTOR_SOURCE: 'bluesky',
      CONNECTOR_NAME: CONNECTOR,
      CONNECTOR_MAX_PENDING_BYTES: String(MAX_PENDING_BYTES),
      BLUESKY_JETSTREAM_URLS: server.url,
    });
    watch = new Watch(connector, server);
  }, 180_000);

  afterAll(async () => {
    await watch?.stop();
    await connector?.kill('SIGTERM');
    await server?.close();
    await broker?.destroy();
  });

  it('holds what it read within the pending limit, stops reading, recovers unattended: ids lost 0', async () => {
    const expected = expectJetstreamOutcome(FRAMES, {
      wantedCollections: COLLECTIONS,
      maxEventBytes: MAX_EVENT_BYTES,
      maxMessageSizeBytes: MAX_EVENT_BYTES,
    });
    const lastTimeUs = FRAMES.map(readJetstreamFrame)
      .filter((facts) => wantsFrame(COLLECTIONS, facts) && facts.bytes <= MAX_EVENT_BYTES)
      .reduce((last, facts) => Math.max(last, facts.timeUs ?? 0), 0);

    await connector.start();
    watch.start();
    // Mid-stream: a cursor committed, the stream going on.
    await waitFor('a first cursor committed', async () => (await committedCursor(connection)) !== undefined);
    await sleep(2_000);
    const cursorBefore = (await committedCursor(connection))!;

    const stopAt = Date.now();
    await broker.stop();
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    const restartAt = Date.now();
    await broker.start();
    const backAt = Date.now();

    await connector.waitUntilReady(120_000);
    const readyAt = Date.now();

    let posts = await readKeyedTopic(connection, 'posts.raw');
    const deadline = Date.now() + 60_000;
    while (missing(expected.posts, posts.keys).length > 0 && Date.now() < deadline) {
      await sleep(2_000);
      posts = await readKeyedTopic(connection, 'posts.raw');
    }
    const deletions = await readKeyedTopic(connection, 'posts.deleted');
    let cursorAfter = await committedCursor(connection);
    await waitFor(
      'the cursor committed at the end of the recording',
      async () => (cursorAfter = await committedCursor(connection)) === BigInt(lastTimeUs),
      30_000,
    ).catch(() => undefined);
    await watch.stop();

    const lost = missing(expected.posts, posts.keys);
    const outage = watch.between(downAt, restartAt);
    const peak = watch.samples.reduce((a, b) => (b.pendingBytes > a.pendingBytes ? b : a));
    // The last 8 s of the outage: by then the pending limit is long reached (1 MiB is some 4 s of this stream).
    const late = watch.between(restartAt - 8_000, restartAt);
    const receivedLate = late.at(-1)!.received - late[0].received;
    const unread = (sample: Sample) => sample.framesSent - sample.received;
    const notReady = outage.find((sample) => sample.ready === 503);
    const firstReady =
      watch.samples.find((sample) => sample.at >= backAt && sample.ready === 200)?.at ?? readyAt;
    process.stderr.write(
      `[fault-report] ${JSON.stringify({
        fault: `broker stopped ${OUTAGE_MS / 1000} s under the connector (Jetstream replay ${FRAMES_PER_SECOND} frames/s, CONNECTOR_MAX_PENDING_BYTES ${MAX_PENDING_BYTES})`,
        checked:
          'connector alive; /ready 503 during, 200 after; pending bounded, reading stopped; every post on posts.raw, deletions on posts.deleted; cursor past the outage',
        outage_s: seconds(restartAt - downAt),
        broker_stop_s: seconds(downAt - stopAt),
        broker_start_s: seconds(backAt - restartAt),
        recover_s: seconds(firstReady - backAt),
        ids_lost: lost.length,
        deletions_lost: missing(expected.deletions, deletions.keys).length,
        duplicates: posts.duplicates,
        differing_repeats: posts.differingRepeats.length,
        posts: posts.keys.size,
        pending_peak_bytes: peak.pendingBytes,
        pending_peak_at_s: seconds(peak.at - downAt),
        frames_read_last_8s_of_outage: receivedLate,
        frames_unread_at_restart: unread(late.at(-1)!),
        cursor_advanced_s: cursorAfter === undefined ? null : Number(cursorAfter - cursorBefore) / 1e6,
        not_ready: notReady?.body,
      })}\n`,
    );

    // Nobody touched it, and it never exited.
    expect(watch.samples.every((sample) => sample.running)).toBe(true);
    expect(connector.running).toBe(true);
    // /ready told the truth: 503 naming Kafka while the broker was away, 200 once it was back.
    expect(outage.map((sample) => sample.ready)).toContain(503);
    expect(notReady?.body).toMatch(/kafka-broker|kafka-producer/);
    expect((await connector.ready()).status).toBe(200);
    // Back-pressure: the limit reached and held (but for the socket read in hand), the reading stopped
    // while the source went on sending.
    expect(peak.pendingBytes).toBeGreaterThanOrEqual(MAX_PENDING_BYTES);
    expect(peak.pendingBytes).toBeLessThanOrEqual(MAX_PENDING_BYTES + SOCKET_READ_BYTES);
    expect(late[0].pendingBytes).toBeGreaterThanOrEqual(MAX_PENDING_BYTES);
    expect(receivedLate).toBe(0);
    expect(unread(late.at(-1)!)).toBeGreaterThan(unread(late[0]));
    // Everything arrived once Kafka was back: nothing lost, repeats identical, deletions there.
    expect(lost).toEqual([]);
    expect(missing(posts.keys, expected.posts)).toEqual([]);
    expect(posts.differingRepeats).toEqual([]);
    expect(missing(expected.deletions, deletions.keys)).toEqual([]);
    expect(deletions.differingRepeats).toEqual([]);
    // The cursor moved past the outage, to the end of the recording; one connection throughout.
    expect(cursorAfter).toBe(BigInt(lastTimeUs));
    expect(cursorAfter! > cursorBefore).toBe(true);
    expect(server.connections).toBe(1);
  }, 240_000);
});
