import type { KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { roundTo } from '../round-to';
import { runBareJetstreamPassThrough, runMark, type RunMark } from './jetstream-bare-pass-through';

/** More would only lengthen the stage: the rate settles within a few seconds. */
const MAX_EVENTS = 200_000;
const ROUNDS = 2;
const COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.repost'];
/** The connector's defaults (connector-config.ts), which the baseline's batches match. */
const MAX_EVENT_BYTES = 262_144;
const LIMITS = { batchMax: 1_000, lingerMs: 20, maxPendingBytes: 32 << 20 };
const POLL_MS = 10;
const ROUND_TIMEOUT_MS = 10 * 60_000;

export const connectorStage: BenchStage = {
  name: 'connector',
  description:
    'the Bluesky connector in process: min(--messages, 200,000) Jetstream frames (posts and reposts with the identity, ' +
    'account, malformed and edit frames a post subscription gets) from a local replay server in a process of its own, ' +
    'parsed, adapted, validated and produced to posts.raw keyed by id, the cursor committed; against a bare client ' +
    'producing the same frames as they came with the same producer, in alternating rounds (best of each); per_s = frames/s',
  needsBroker: true,
  run: measureConnector,
};

interface Round {
  readonly per_s: number;
  readonly seconds: number;
  readonly cpu_us_per_event: number;
  /** Connector rounds: the peak resident memory of this process while the connector ran (MiB). */
  readonly peak_rss_mib?: number;
}

async function measureConnector(context: BenchContext): Promise<BenchStageResult> {
  const { createBenchTopics, createProducerSink, deleteBenchTopics, kafkaConnectionFromEnv, topicCatalog } =
    await import('@riptide/stream');
  const { startJetstreamReplayProcess } = await import('../../live-replay/jetstream-replay-process');
  const connection: KafkaConnection = {
    ...kafkaConnectionFromEnv('riptide-bench'),
    brokers: context.brokers,
    topicPrefix: `bench.${context.runId}.connector.`,
  };
  const output = ['posts.raw', 'posts.deleted'];
  const partitions = topicCatalog.find((topic) => topic.name === 'posts.raw')!.partitions;
  await createBenchTopics(connection, output, partitions);
  await createBenchTopics(connection, ['connector.cursors'], 1);
  const events = Math.min(context.messages, MAX_EVENTS);
  context.progress(`connector: generating ${events} Jetstream frames in the replay process`);
  const replay = await startJetstreamReplayProcess({
    seed: 21,
    frames: events,
    wantedCollections: COLLECTIONS,
    maxMessageSizeBytes: MAX_EVENT_BYTES,
  });
  const sink = createProducerSink(connection);
  await sink.connect();
  try {
    const bare: Round[] = [];
    const connector: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      context.progress(
        `connector: round ${round}/${ROUNDS}: bare WebSocket client producing frames as they came`,
      );
      const url = subscriptionUrl(await replay.serve());
      const { started, finished } = await runBareJetstreamPassThrough(
        url,
        replay.frames,
        sink,
        'posts.raw',
        LIMITS,
      );
      bare.push(timed(replay.frames, started, finished));
      context.progress(`connector: round ${round}/${ROUNDS}: the connector`);
      connector.push(
        await connectorRound(connection, await replay.serve(), replay.frames, `${context.runId}-${round}`),
      );
    }
    const best = bestOf(connector);
    const bestBare = bestOf(bare);
    return {
      per_s: best.per_s,
      bare_per_s: bestBare.per_s,
      ratio_to_bare: roundTo(best.per_s / bestBare.per_s, 3),
      events: replay.frames,
      seconds: best.seconds,
      cpu_us_per_event: best.cpu_us_per_event,
      bare_cpu_us_per_event: bestBare.cpu_us_per_event,
      peak_rss_mib: Math.max(...connector.map((round) => round.peak_rss_mib ?? 0)),
      bytes_per_event: Math.round(replay.bytes / replay.frames),
      rounds: connector,
      bare_rounds: bare,
    };
  } finally {
    await sink.disconnect();
    await replay.close();
    await deleteBenchTopics(connection, [...output, 'connector.cursors']).catch(() => undefined);
  }
}

/** The URL a connector with COLLECTIONS and MAX_EVENT_BYTES subscribes with, for the bare client. */
function subscriptionUrl(endpoint: string): string {
  const url = new URL(endpoint);
  for (const collection of COLLECTIONS) url.searchParams.append('wantedCollections', collection);
  url.searchParams.set('maxMessageSizeBytes', String(MAX_EVENT_BYTES));
  return url.href;
}

/**
 * One connector, as `riptide connect bluesky` runs it, under a fresh name (so it starts without a
 * cursor, at the replay's start), timed from its first frame received to the last one acknowledged.
 */
async function connectorRound(
  connection: KafkaConnection,
  endpoint: string,
  frames: number,
  name: string,
): Promise<Round> {
  const { importConnector } = await import('../../serve/serve-roles');
  const { startConnector, connectorConfigFromEnv } = await importConnector();
  const service = await startConnector(
    connectorConfigFromEnv({
      ...process.env,
      KAFKA_BROKERS: connection.brokers.join(','),
      RIPTIDE_TOPIC_PREFIX: connection.topicPrefix,
      CONNECTOR_SOURCE: 'bluesky',
      CONNECTOR_NAME: `bench-${name}`,
      BLUESKY_JETSTREAM_URLS: endpoint,
      BLUESKY_COLLECTIONS: COLLECTIONS.join(','),
      CONNECTOR_MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
      CONNECTOR_BATCH_MAX: String(LIMITS.batchMax),
      CONNECTOR_LINGER_MS: String(LIMITS.lingerMs),
      CONNECTOR_MAX_PENDING_BYTES: String(LIMITS.maxPendingBytes),
      CONNECTOR_HTTP_PORT: '0',
    }),
  );
  try {
    const deadline = Date.now() + ROUND_TIMEOUT_MS;
    let started: RunMark | undefined;
    // The process holds little else (the replay server runs in its own): its peak is the connector's, for
    // deploy/capacity.json.
    let peakRss = 0;
    for (;;) {
      const stats = service.stats();
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (stats.received > 0) started ??= runMark();
      if (stats.received >= frames && stats.pendingBytes === 0)
        return { ...timed(frames, started!, runMark()), peak_rss_mib: Math.round(peakRss / 2 ** 20) };
      if (Date.now() > deadline)
        throw new Error(
          `the connector took ${stats.received} of ${frames} frames in ${ROUND_TIMEOUT_MS / 1000} s`,
        );
      await sleep(POLL_MS);
    }
  } finally {
    await service.close();
  }
}

function timed(events: number, started: RunMark, finished: RunMark): Round {
  const seconds = (finished.at - started.at) / 1000;
  const cpuUs = finished.cpu.user - started.cpu.user + (finished.cpu.system - started.cpu.system);
  return {
    per_s: Math.round(events / seconds),
    seconds: roundTo(seconds, 3),
    cpu_us_per_event: roundTo(cpuUs / events, 1),
  };
}

function bestOf(rounds: readonly Round[]): Round {
  return rounds.reduce((a, b) => (b.per_s > a.per_s ? b : a));
}
