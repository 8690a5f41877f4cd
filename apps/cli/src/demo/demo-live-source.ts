import { topicEndOffsets, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { familySum } from '../bench/prometheus-text';
import { CliError } from '../cli-error';
import { expectJetstreamOutcome } from '../live-replay/jetstream-expectation';
import { startJetstreamReplayServer } from '../live-replay/jetstream-replay-server';
import { generateJetstreamFrames, POST_COLLECTION, REPOST_COLLECTION } from '../live-replay/jetstream-sample';
import { JETSTREAM_SAMPLE } from '../live-replay/live-samples';
import { startService, type RunningService } from './demo-services';

const CONNECTOR_PORT = 8086;
/** The connector's defaults, which the demo keeps: what the oracle must assume too. */
const COLLECTIONS = [POST_COLLECTION, REPOST_COLLECTION];
const MAX_EVENT_BYTES = 262_144;

/**
 * The live-source step: a local stand-in for a Jetstream instance replaying a recorded-style sample
 * (posts, reposts, likes, follows, deletes, edits, identity events, malformed and oversized frames), the
 * connector as its own process (`riptide serve connector`, as deployed) reading it into posts.raw and
 * posts.deleted, and the scorer scoring what it produced. The sample's expected outcome is computed
 * from the frames themselves, so the demo says whether every post arrived. The caller closes the local
 * Jetstream when the services stop.
 */
export async function demoLiveSource(
  connection: KafkaConnection,
  running: RunningService[],
  log: (line: string) => void,
): Promise<{ close(): Promise<void> }> {
  const frames = generateJetstreamFrames(JETSTREAM_SAMPLE);
  const expected = expectJetstreamOutcome(frames, {
    wantedCollections: COLLECTIONS,
    maxEventBytes: MAX_EVENT_BYTES,
    maxMessageSizeBytes: MAX_EVENT_BYTES,
  });
  const scoredBefore = await countMessages(connection, 'posts.scored');
  const jetstream = await startJetstreamReplayServer({ frames });
  log('');
  log(`live source: a local Jetstream at ${jetstream.url} replaying ${frames.length} events`);
  try {
    running.push(
      await startService(
        {
          name: 'connector',
          role: 'connector',
          port: CONNECTOR_PORT,
          env: {
            CONNECTOR_HTTP_PORT: String(CONNECTOR_PORT),
            CONNECTOR_SOURCE: 'bluesky',
            CONNECTOR_NAME: 'demo-jetstream',
            BLUESKY_JETSTREAM_URLS: jetstream.url,
          },
        },
        log,
      ),
    );
    const metrics = await waitForConnector(expected.posts.size + expected.deletions.size);
    const posts = familySum(metrics, 'riptide_connector_posts_produced_total');
    const deletions = familySum(metrics, 'riptide_connector_deletions_produced_total');
    const skipped = skipsByReason(metrics);
    log(
      `connector: ${familySum(metrics, 'riptide_connector_events_received_total')} events read, ${posts} posts on posts.raw ` +
        `(expected ${expected.posts.size}), ${deletions} deletions on posts.deleted (expected ${expected.deletions.size})`,
    );
    log(`connector skipped, by reason: ${[...skipped].map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
    const scored = await waitForScored(connection, scoredBefore + posts);
    log(`the scorer scored them: posts.scored grew by ${scored - scoredBefore}`);
  } catch (error) {
    await jetstream.close();
    throw error;
  }
  // Open while the services run (`--keep`): the connector stays connected and ready, tailing it live.
  return { close: () => jetstream.close() };
}

async function countMessages(connection: KafkaConnection, topic: string): Promise<number> {
  const offsets = await topicEndOffsets(connection, topic);
  return [...offsets.values()].reduce((sum, offset) => sum + Number(offset), 0);
}

/** The connector's /metrics once it has produced `produced` posts and deletions (bounded wait). */
async function waitForConnector(produced: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const metrics = await (await fetch(`http://127.0.0.1:${CONNECTOR_PORT}/metrics`)).text();
    const done =
      familySum(metrics, 'riptide_connector_posts_produced_total') +
      familySum(metrics, 'riptide_connector_deletions_produced_total');
    if (done >= produced) return metrics;
    if (Date.now() > deadline)
      throw new CliError(`the connector produced ${done} of ${produced} posts and deletions within 60 s`);
    await sleep(500);
  }
}

async function waitForScored(connection: KafkaConnection, atLeast: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const scored = await countMessages(connection, 'posts.scored');
    if (scored >= atLeast || Date.now() > deadline) return scored;
    await sleep(500);
  }
}

function skipsByReason(metrics: string): Map<string, number> {
  const skips = new Map<string, number>();
  const pattern = /^riptide_connector_events_skipped_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)$/;
  for (const line of metrics.split('\n')) {
    const match = pattern.exec(line);
    if (match) skips.set(match[1], (skips.get(match[1]) ?? 0) + Number(match[2]));
  }
  return skips;
}
