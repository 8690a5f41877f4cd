import type { BenchStage } from '../bench-stage';
import { benchTweetTexts, timeBatches } from './batch-timing';

const POSTS = 100_000;
const BATCH = 512;

/**
 * The scorer's in-process core with the small models: normalise, hash and infer (sentiment for
 * every post, plus stance toward one target), on real tweet texts in batches of 512, one
 * onnxruntime thread. No broker: this is the ceiling the Kafka scorer can approach.
 */
export const scoringCoreStage: BenchStage = {
  name: 'scoring_core',
  description:
    'normalise + hash + ONNX inference with the small models, in process, posts/s (one intra-op thread)',
  needsBroker: false,
  async run(context) {
    const { classifierTier, HashedFeaturiser, SparseBatchBuilder } = await import('@riptide/nlp');
    const { SENTIMENT_RECIPE } = await import('@riptide/nlp-training');
    const posts = benchTweetTexts(POSTS);
    const models = await classifierTier('small').load({ intraOpThreads: 1 });
    try {
      const time = (score: (batch: string[]) => Promise<unknown> | unknown) =>
        timeBatches(posts, BATCH, score);
      context.progress(`scoring_core: ${POSTS} posts, sentiment only`);
      const sentiment = await time((batch) => models.sentiment.classify(batch));
      context.progress(`scoring_core: ${POSTS} posts, sentiment and stance`);
      const both = await time(async (batch) => {
        await models.sentiment.classify(batch);
        await models.stance.classify(batch, { target: 'climate' });
      });
      context.progress('scoring_core: featurisation alone');
      const builder = new SparseBatchBuilder(new HashedFeaturiser(SENTIMENT_RECIPE.featuriser));
      const featurise = await time((batch) => builder.build(batch));
      return {
        per_s: sentiment.perS,
        posts: POSTS,
        batch: BATCH,
        sentiment_per_s: sentiment.perS,
        sentiment_and_stance_per_s: both.perS,
        featurise_only_per_s: featurise.perS,
        // Posts per CPU-second: what one free core would give; less swayed by other jobs on the machine.
        sentiment_per_cpu_s: sentiment.perCpuS,
        sentiment_and_stance_per_cpu_s: both.perCpuS,
        featurise_only_per_cpu_s: featurise.perCpuS,
        target_per_s: 200_000,
      };
    } finally {
      await models.sentiment.close();
      await models.stance.close();
    }
  },
};
