import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { compileTopicMatcher, loadTopicRegistry } from '@riptide/nlp';
import { createLogger, healthRegistry, ObservabilityModule } from '@riptide/observability';
import { CompactedTopicFollower, createBatchMicroservice } from '@riptide/stream';
import type { AddressInfo } from 'node:net';
import { AuthorTable } from './authors/author-table';
import { loadScoringModels } from './models/load-scoring-models';
import { scorerConfigFromEnv, type ScorerConfig } from './scorer-config';
import { scorerMetrics } from './scorer-metrics';
import { ScorerModule } from './scorer.module';
import { PostScorer } from './scoring/post-scorer';

export interface RunningScorer {
  /** The port /metrics, /health and /ready answer on. */
  readonly port: number;
  /** Finishes the batch in hand, commits, leaves the group, then releases the follower, models and HTTP server. */
  close(): Promise<void>;
}

const log = createLogger('scorer');

/**
 * Starts a scorer instance: topics and models first (a bad file fails at once), /health at once and
 * /ready once scoring can begin, the whole `authors` topic read into memory, then `posts.raw` consumed.
 */
export async function startScorer(config: ScorerConfig = scorerConfigFromEnv()): Promise<RunningScorer> {
  const registry = loadTopicRegistry(config.topicsFile);
  const models = await loadScoringModels(config, registry.topics);
  const releases: (() => Promise<void>)[] = [() => models.close()];
  let released: Promise<void> | undefined;
  // Once only: both a failed start and the app's shutdown hook may ask for it.
  const release = () =>
    (released ??= (async () => {
      for (const step of [...releases].reverse()) await step();
      log.info('scorer stopped: follower group deleted, models and HTTP server closed');
    })());
  let app: INestMicroservice | undefined;
  try {
    const http = await NestFactory.create(ObservabilityModule, { logger: ['error', 'warn'] });
    await http.listen(config.port, '0.0.0.0');
    releases.push(() => http.close());

    const authors = new AuthorTable();
    let authorsLoaded = false;
    healthRegistry.register('scorer-authors-table', () => authorsLoaded);
    const follower = new CompactedTopicFollower({
      connection: config.kafka,
      topic: 'authors',
      groupPrefix: `${config.groupId}.authors`,
      onRecords: (records) => {
        for (const problem of authors.apply(records)) {
          scorerMetrics.profilesRejected.inc();
          log.warn({ key: problem.key, reason: problem.reason }, 'authors record skipped');
        }
        scorerMetrics.profiles.set(authors.size);
      },
    });
    releases.push(() => follower.stop());
    const loaded = await follower.start();
    authorsLoaded = true;

    const scorer = new PostScorer({
      authors,
      matchTopics: compileTopicMatcher(registry),
      models,
      shares: {
        kinds: config.shareKinds,
        minTextWords: config.textMinWords,
        text: { bands: config.textBands, rows: config.textRows },
      },
    });
    ({ app } = await createBatchMicroservice(ScorerModule.with(scorer, { release }), {
      connection: config.kafka,
      groupId: config.groupId,
      chunkSize: config.chunkSize,
      partitionsConsumedConcurrently: config.partitionsConcurrently,
    }));
    await app.listen();
    const port = (http.getHttpServer().address() as AddressInfo).port;
    log.info(
      {
        port,
        tier: config.tier,
        models: models.modelIds,
        topics: registry.topics.length,
        profiles: authors.size,
        authorRecords: loaded.records,
        brokers: config.kafka.brokers,
      },
      'scorer consuming posts.raw',
    );
    const running = app;
    return { port, close: () => running.close() };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await release().catch(() => undefined);
    throw error;
  }
}

if (require.main === module) {
  startScorer().catch((error: unknown) => {
    log.fatal({ error: (error as Error).message }, 'scorer failed to start');
    process.exit(1);
  });
}
