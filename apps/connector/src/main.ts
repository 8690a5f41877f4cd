import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectorCursorCodec, type ConnectorCursor } from '@riptide/contracts';
import { createLogger, healthRegistry, ObservabilityModule, runUntilSignalled } from '@riptide/observability';
import {
  createProducerSink,
  readLatestByKey,
  watchBrokerReachability,
  type ProducerSink,
} from '@riptide/stream';
import type { AddressInfo } from 'node:net';
import { connectorConfigFromEnv, type ConnectorConfig } from './connector-config';
import { initialiseConnectorMetrics } from './connector-metrics';
import { ConnectorPipeline, type PipelineCounts } from './pipeline/connector-pipeline';
import { CURSOR_TOPIC, CursorCommitter } from './pipeline/cursor-committer';
import { RetryingDelivery } from './pipeline/retrying-delivery';
import { createSource } from './sources/create-source';
import type { LiveSource, SourcePosition } from './sources/live-source';

export interface ConnectorStats extends PipelineCounts {
  /** Bytes taken from the source and not yet acknowledged by Kafka. */
  readonly pendingBytes: number;
  /** The position every event before which is acknowledged (what the next commit writes); null before the first. */
  readonly watermark: SourcePosition | null;
  /** Now minus the source's time of the last event produced; null before the first. */
  readonly lagSeconds: number | null;
}

export interface ConnectorService {
  /** Port of the /metrics /health /ready listener. */
  readonly httpPort: number;
  /** Counts since start, for `riptide connect`'s progress line. */
  stats(): ConnectorStats;
  /** Stops reading, produces what was read, commits the cursor, closes the producer and the listener. */
  close(): Promise<void>;
}

const log = createLogger('connector');
/** How long close() waits for Kafka to take what was read before giving up on it (it is re-read after a restart). */
const CLOSE_GRACE_MS = 10_000;
const CHECKS = ['connector-cursor', 'kafka-producer', 'connector-source'];

/** Starts the connector and its HTTP listener, in process (tests, `riptide connect`, main). */
export async function startConnector(
  config: ConnectorConfig = connectorConfigFromEnv(),
): Promise<ConnectorService> {
  initialiseConnectorMetrics(config.source);
  const source = createSource(config);
  const producer = createProducerSink(config.kafka);
  const delivery = new RetryingDelivery((messages) => producer.send(messages), {
    initialMs: config.reconnectInitialMs,
    maxMs: config.reconnectMaxMs,
  });
  const state: StartState = { cursorRead: false, producerConnected: false, sourceFailure: null };
  registerReadiness(config, source, delivery, state);
  // /ready also fails while the broker does not answer, as in every other service.
  watchBrokerReachability(config.kafka);
  let http: INestApplication | undefined;
  try {
    // The listener comes first, so that /ready says what the start is waiting for.
    http = await NestFactory.create(ObservabilityModule, { logger: ['error', 'warn'] });
    await http.listen(config.httpPort, '0.0.0.0');
    await producer.connect();
    state.producerConnected = true;
    const committed = await readCommittedCursor(config);
    state.cursorRead = true;
    return run(config, { source, producer, delivery, http, committed, state });
  } catch (error) {
    for (const check of CHECKS) healthRegistry.unregister(check);
    if (state.producerConnected) await producer.disconnect().catch(() => undefined);
    await http?.close().catch(() => undefined);
    throw error;
  }
}

interface Parts {
  readonly source: LiveSource;
  readonly producer: ProducerSink;
  readonly delivery: RetryingDelivery;
  readonly http: INestApplication;
  readonly committed: SourcePosition | null;
  readonly state: StartState;
}

/** What readiness reports beyond the source's own status. */
interface StartState {
  cursorRead: boolean;
  producerConnected: boolean;
  /** Set when the source's run() ended without stop(): it reads no more. */
  sourceFailure: string | null;
}

function run(config: ConnectorConfig, parts: Parts): ConnectorService {
  const { source, producer, delivery, http, committed, state } = parts;
  const pipeline = new ConnectorPipeline({ ...config, platform: config.source, start: committed }, delivery);
  const committer = new CursorCommitter(
    config.name,
    config.source,
    (messages) => producer.send(messages),
    () => pipeline.watermark.position,
    committed,
  );
  const tick = setInterval(() => {
    pipeline.refreshLag();
    void committer.commitIfAdvanced();
  }, config.cursorCommitMs);
  let stopping = false;
  // A source reads until stop(); ending on its own is a bug, which /ready then reports instead of hiding.
  const reading = source
    .run(pipeline, committed?.cursor ?? null)
    .then(
      () => {
        if (!stopping) state.sourceFailure = 'the source stopped reading on its own';
      },
      (error: unknown) => {
        state.sourceFailure = `the source failed: ${(error as Error).message}`;
      },
    )
    .finally(() => {
      if (state.sourceFailure !== null)
        log.fatal({ problem: state.sourceFailure }, 'the source stopped reading');
    });
  const httpPort = (http.getHttpServer().address() as AddressInfo).port;
  log.info(
    {
      httpPort,
      connector: config.name,
      source: config.source,
      resumeFrom: committed?.cursor ?? null,
      brokers: config.kafka.brokers,
      prefix: config.kafka.topicPrefix,
    },
    'connector running',
  );
  let closing: Promise<void> | undefined;
  const close = async () => {
    stopping = true;
    await source.stop();
    await reading;
    await pipeline.close(CLOSE_GRACE_MS);
    clearInterval(tick);
    await committer.close();
    log.info({ cursor: pipeline.watermark.position?.cursor ?? null, ...pipeline.counts }, 'connector closed');
    for (const check of CHECKS) healthRegistry.unregister(check);
    await producer.disconnect();
    await http.close();
  };
  return {
    httpPort,
    stats: () => ({
      ...pipeline.counts,
      pendingBytes: pipeline.pending,
      watermark: pipeline.watermark.position,
      lagSeconds: pipeline.lagSeconds,
    }),
    close: () => (closing ??= close()),
  };
}

/** The cursor this connector committed last, or null on its first start. */
async function readCommittedCursor(config: ConnectorConfig): Promise<SourcePosition | null> {
  const { latest, invalid } = await readLatestByKey(config.kafka, CURSOR_TOPIC, connectorCursorCodec).catch(
    (error: unknown) => {
      throw new Error(
        `cannot read the committed cursor from ${CURSOR_TOPIC} (${(error as Error).message}); ` +
          'does the topic exist? `npx riptide topics apply` creates the catalog',
      );
    },
  );
  if (invalid > 0) log.warn({ invalid }, `${CURSOR_TOPIC} holds values that are not cursors; ignored`);
  const cursor: ConnectorCursor | undefined = latest.get(config.name);
  if (cursor === undefined) return null;
  if (cursor.platform !== config.source)
    throw new Error(
      `${CURSOR_TOPIC}: the cursor of "${config.name}" is a ${cursor.platform} one; set CONNECTOR_NAME to another name for this ${config.source} connector`,
    );
  return {
    cursor: cursor.cursor,
    eventTimeMs: cursor.event_time === null ? null : Date.parse(cursor.event_time),
  };
}

function registerReadiness(
  config: ConnectorConfig,
  source: LiveSource,
  delivery: RetryingDelivery,
  state: StartState,
): void {
  healthRegistry.register(
    'connector-cursor',
    () =>
      state.cursorRead || {
        ok: false,
        reason: `the committed cursor has not been read from ${CURSOR_TOPIC} yet`,
      },
  );
  healthRegistry.register('kafka-producer', () => {
    if (!state.producerConnected) return { ok: false, reason: 'the producer is not connected yet' };
    const problem = delivery.problem;
    return problem === null || { ok: false, reason: problem };
  });
  healthRegistry.register('connector-source', () => {
    if (state.sourceFailure !== null) return { ok: false, reason: state.sourceFailure };
    const status = source.status();
    return (
      status.connected || {
        ok: false,
        reason: `${config.source} source not connected: ${status.problem ?? 'connecting'}`,
      }
    );
  });
}

if (require.main === module) runUntilSignalled('connector', () => startConnector());
