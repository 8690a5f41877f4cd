import { connectorCursorCodec } from '@riptide/contracts';
import { readLatestByKey, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJetstreamOutcome } from '../../apps/cli/src/live-replay/jetstream-expectation';
import {
  startJetstreamReplayServer,
  type JetstreamReplayServer,
} from '../../apps/cli/src/live-replay/jetstream-replay-server';
import { readJetstreamFrame } from '../../apps/cli/src/live-replay/jetstream-frame';
import { generateJetstreamFrames } from '../../apps/cli/src/live-replay/jetstream-sample';
import type { ServiceProcess } from '../support/faults/service-process';
import { isolatedKafka } from '../support/kafka-test-env';
import { connectorProcess, missing, readKeyedTopic, waitFor } from '../support/live-connector';

const CONNECTOR = 'bluesky-restart';
const REWIND_S = 5;
const MAX_EVENT_BYTES = 262_144;
/** About 10 s of firehose at the pace below: the kill and the restart fall in its middle. */
const FRAMES = generateJetstreamFrames({ seed: 2104, events: 8_000 });
const FRAMES_PER_SECOND = 800;

async function committedCursor(connection: KafkaConnection): Promise<string | undefined> {
  const { latest } = await readLatestByKey(connection, 'connector.cursors', connectorCursorCodec);
  return latest.get(CONNECTOR)?.cursor;
}

/**
 * The connector keeps its place in the source only in `connector.cursors`. Here it dies without warning
 * (SIGKILL: no last commit, batches in flight lost) while a paced Jetstream keeps streaming, and is
 * started again at once: it must resume from its committed cursor (rewound CONNECTOR_REWIND_S) so that
 * nothing the source sent meanwhile, nor anything in flight at the kill, is lost.
 */
describe('fault: the connector killed with SIGKILL mid-stream and restarted', () => {
  let connection: KafkaConnection;
  let cleanup: () => Promise<void>;
  let server: JetstreamReplayServer;
  let connector: ServiceProcess;

  beforeAll(async () => {
    ({ connection, cleanup } = await isolatedKafka('connector-restart'));
    server = await startJetstreamReplayServer({ frames: FRAMES, framesPerSecond: FRAMES_PER_SECOND });
    connector = await connectorProcess(connection, {
      CONNECTOR_SOURCE: 'bluesky',
      CONNECTOR_NAME: CONNECTOR,
      CONNECTOR_REWIND_S: String(REWIND_S),
      BLUESKY_JETSTREAM_URLS: server.url,
    });
  }, 120_000);

  afterAll(async () => {
    await connector?.kill('SIGTERM');
    await server?.close();
    await cleanup?.();
  });

  it('resumes from the committed cursor: ids lost 0, repeats identical', async () => {
    const expected = expectJetstreamOutcome(FRAMES, {
      wantedCollections: ['app.bsky.feed.post', 'app.bsky.feed.repost'],
      maxEventBytes: MAX_EVENT_BYTES,
      maxMessageSizeBytes: MAX_EVENT_BYTES,
    });
    await connector.start();
    // Mid-stream: a cursor committed, the stream going on.
    await waitFor('a first cursor committed', async () => (await committedCursor(connection)) !== undefined);
    await sleep(1_500);

    expect(await connector.kill('SIGKILL')).toBeNull();
    const killedAt = Date.now();
    const committedAtKill = await committedCursor(connection);
    await connector.start();
    const recoverSeconds = (Date.now() - killedAt) / 1000;

    let posts = await readKeyedTopic(connection, 'posts.raw');
    const deadline = Date.now() + 60_000;
    while (missing(expected.posts, posts.keys).length > 0 && Date.now() < deadline) {
      await sleep(2_000);
      posts = await readKeyedTopic(connection, 'posts.raw');
    }
    const lost = missing(expected.posts, posts.keys);
    process.stderr.write(
      `[fault-report] ${JSON.stringify({
        fault: 'connector killed with SIGKILL mid-stream and restarted',
        checked: 'every post of the Jetstream replay on posts.raw',
        ids_lost: lost.length,
        duplicates: posts.duplicates,
        posts: posts.keys.size,
        recover_s: recoverSeconds,
      })}\n`,
    );
    expect(lost).toEqual([]);
    expect(missing(posts.keys, expected.posts)).toEqual([]);
    expect(posts.differingRepeats).toEqual([]);

    // One connection per process: the second asked for the cursor committed before the kill, rewound.
    expect(server.subscriptions.map((subscription) => subscription.cursor === null)).toEqual([true, false]);
    expect(committedAtKill).toBeDefined();
    // Killed mid-stream: its cursor was short of the recording's end.
    const lastTimeUs = FRAMES.map((frame) => readJetstreamFrame(frame).timeUs ?? 0).reduce((a, b) =>
      Math.max(a, b),
    );
    expect(Number(committedAtKill)).toBeLessThan(lastTimeUs);
    expect(BigInt(server.subscriptions[1].cursor!)).toBe(
      BigInt(committedAtKill!) - BigInt(REWIND_S * 1_000_000),
    );
    expect((await connector.ready()).status).toBe(200);
  }, 240_000);
});
