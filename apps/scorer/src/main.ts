import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, ObservabilityModule } from '@riptide/observability';
import type { AddressInfo } from 'node:net';
import { scorerConfigFromEnv, type ScorerConfig } from './scorer-config';
import { startScoringPipeline } from './scoring-pipeline';
import { startScoringThreads } from './threads/scoring-threads';

export interface RunningScorer {
  /** The port /metrics, /health and /ready answer on. */
  readonly port: number;
  /** Finishes the batches in hand, commits, leaves the group, then releases the followers, models and HTTP server. */
  close(): Promise<void>;
}

export interface ScorerStartOptions {
  /** Called when a scoring thread ends unexpectedly (SCORER_THREADS > 1); the CLI exits on it. */
  readonly onThreadFailure?: (error: Error) => void;
}

const log = createLogger('scorer');

/**
 * Starts a scorer instance: /health at once, then its scoring pipeline (scoring-pipeline.ts) in this
 * thread, or `SCORER_THREADS` pipelines in worker threads (threads/scoring-threads.ts); /ready
 * answers 200 once every pipeline has read the authors topic and joined the consumer group.
 */
export async function startScorer(
  config: ScorerConfig = scorerConfigFromEnv(),
  options: ScorerStartOptions = {},
): Promise<RunningScorer> {
  const http = await NestFactory.create(ObservabilityModule, { logger: ['error', 'warn'] });
  await http.listen(config.port, '0.0.0.0');
  const port = (http.getHttpServer().address() as AddressInfo).port;
  const closeHttp = () => http.close();
  const started = (info: object) =>
    log.info(
      { port, threads: config.threads, ...info, brokers: config.kafka.brokers },
      'scorer consuming posts.raw',
    );

  if (config.threads === 1) {
    // The pipeline's shutdown (close() or SIGTERM through Nest's hooks) closes the HTTP server last.
    const pipeline = await startScoringPipeline(config, { alsoRelease: closeHttp });
    started(pipeline.info);
    return { port, close: () => pipeline.close() };
  }

  const threads = await startScoringThreads(config, options.onThreadFailure).catch(async (error: unknown) => {
    await closeHttp().catch(() => undefined);
    throw error;
  });
  started(threads.info);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      await threads.close();
      await closeHttp();
      log.info('scorer stopped: every scoring thread closed, HTTP server closed');
    })());
  // Worker threads get no signals: the main thread closes them, then lets the signal end the process.
  const onSignal = (signal: NodeJS.Signals) => {
    void close().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  return { port, close };
}

if (require.main === module) {
  startScorer(undefined, {
    onThreadFailure: (error) => {
      log.fatal({ error: error.message }, 'a scoring thread ended; stopping the instance');
      process.exit(1);
    },
  }).catch((error: unknown) => {
    log.fatal({ error: (error as Error).message }, 'scorer failed to start');
    process.exit(1);
  });
}
