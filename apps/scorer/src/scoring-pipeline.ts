import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { compileTopicMatcher, loadTopicRegistry } from '@riptide/nlp';
import { createLogger, healthRegistry } from '@riptide/observability';
import { CompactedTopicFollower, createBatchMicroservice } from '@riptide/stream';
import { AuthorTable } from './authors/author-table';
import { loadScoringModels } from './models/load-scoring-models';
import type { ScorerConfig } from './scorer-config';
import { scorerMetrics } from './scorer-metrics';
import { ScorerModule } from './scorer.module';
import { PostScorer } from './scoring/post-scorer';

/** What a started pipeline reports for the start-up log line. */
export interface ScoringPipelineInfo {
  readonly tier: string;
  readonly models: readonly string[];
  readonly topics: number;
  readonly profiles: number;
  readonly authorRecords: number;
}

export interface ScoringPipeline {
  readonly info: ScoringPipelineInfo;
  /** Finishes the batch in hand, commits, leaves the group, then releases the follower and models. */
  close(): Promise<void>;
}

const log = createLogger('scorer');

export interface ScoringPipelineHooks {
  /**
   * Awaited once models and authors table are ready, before joining the consumer group: the threads of
   * one instance wait for each other there, so that they join together (one rebalance, not one each).
   */
  readonly beforeJoin?: () => Promise<void>;
  /**
   * Runs last when the pipeline is released (on close() and on SIGTERM in the main thread): the
   * single-thread instance closes its HTTP server there.
   */
  readonly alsoRelease?: () => Promise<void>;
}

/**
 * One scoring pipeline, the unit a scorer instance runs once per scoring thread: topics and models
 * first (a bad file fails at once), the whole `authors` topic read into its own table, then a member
 * of the `posts.raw` consumer group.
 */
export async function startScoringPipeline(
  config: ScorerConfig,
  hooks: ScoringPipelineHooks = {},
): Promise<ScoringPipeline> {
  const registry = loadTopicRegistry(config.topicsFile);
  const models = await loadScoringModels(config, registry.topics);
  const releases: (() => Promise<void>)[] = [() => models.close()];
  if (hooks.alsoRelease) releases.unshift(hooks.alsoRelease);
  let released: Promise<void> | undefined;
  // Once only: both a failed start and the app's shutdown hook may ask for it.
  const release = () =>
    (released ??= (async () => {
      for (const step of [...releases].reverse()) await step();
      log.info('scoring pipeline stopped: follower group deleted, models released');
    })());
  let app: INestMicroservice | undefined;
  try {
    const authors = new AuthorTable();
    let authorsLoaded = false;
    healthRegistry.register('scorer-authors-table', () => authorsLoaded);
    const follower = new CompactedTopicFollower({
      connection: config.kafka,
      topic: 'authors',
      groupPrefix: `${config.groupId}.authors`,
      onRecords: (records) => {
        const problems = authors.apply(records);
        for (const { record, reason } of problems) {
          scorerMetrics.profilesRejected.inc();
          log.warn(
            { key: record.key, offset: record.offset, reason: reason.message },
            'authors record dead-lettered',
          );
        }
        scorerMetrics.profiles.set(authors.size);
        return problems;
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
    await hooks.beforeJoin?.();
    ({ app } = await createBatchMicroservice(ScorerModule.with(scorer, { release }), {
      connection: config.kafka,
      groupId: config.groupId,
      chunkSize: config.chunkSize,
      partitionsConsumedConcurrently: config.partitionsConcurrently,
    }));
    await app.listen();
    const running = app;
    return {
      info: {
        tier: config.tier,
        models: models.modelIds,
        topics: registry.topics.length,
        profiles: authors.size,
        authorRecords: loaded.records,
      },
      close: () => running.close(),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await release().catch(() => undefined);
    throw error;
  }
}
