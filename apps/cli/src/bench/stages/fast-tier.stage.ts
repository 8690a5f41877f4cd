import type { BenchStage } from '../bench-stage';
import { benchTweetTexts, timeBatches } from './batch-timing';

const POSTS = 50_000;
const BATCH = 512;

/**
 * The fast tier in process (docs/fast-tier.md): WordPiece ids, the pooled static embedding and the
 * mixed ONNX head, on real tweet texts in batches of 512 with one onnxruntime thread, sentiment
 * alone and sentiment plus stance toward one target (the second head reuses the batch's pooled
 * vectors, as the scorer's stance pass does). Posts per CPU-second as well: steadier on a shared machine.
 */
export const fastTierStage: BenchStage = {
  name: 'fast_tier',
  description:
    'fast tier (static MiniLM token embeddings + hashed n-grams) in process, posts/s (one intra-op thread)',
  needsBroker: false,
  async run(context) {
    const { classifierTier } = await import('@riptide/nlp');
    const posts = benchTweetTexts(POSTS);
    const models = await classifierTier('fast').load({ intraOpThreads: 1 });
    try {
      const time = (score: (batch: string[]) => Promise<unknown>) => timeBatches(posts, BATCH, score);
      context.progress(`fast_tier: ${POSTS} posts, sentiment only`);
      const sentiment = await time((batch) => models.sentiment.classify(batch));
      context.progress(`fast_tier: ${POSTS} posts, sentiment and stance`);
      const both = await time(async (batch) => {
        await models.sentiment.classify(batch);
        await models.stance.classify(batch, { target: 'climate' });
      });
      return {
        per_s: both.perS,
        posts: POSTS,
        batch: BATCH,
        sentiment_per_s: sentiment.perS,
        sentiment_and_stance_per_s: both.perS,
        sentiment_per_cpu_s: sentiment.perCpuS,
        sentiment_and_stance_per_cpu_s: both.perCpuS,
        target_per_s: 20_000,
      };
    } finally {
      await models.sentiment.close();
      await models.stance.close();
    }
  },
};
