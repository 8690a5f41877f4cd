import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../data-dir';
import type { EncoderTierSpec } from '@riptide/nlp';
import type { BenchContext, BenchStage } from '../bench-stage';

const POSTS = 4_000;
const BATCH = 64;

/**
 * The sentence-encoder tiers in process: the encoder's embedding (tokenise, ONNX, mean-pool) of each
 * post, then the sentiment head (on that embedding, or on its own fine-tuned top layers, the lower
 * layers shared with the embedding) and the stance head (one target) on that embedding, and the
 * near-duplicate keys, on real tweet texts in batches of 64, one onnxruntime thread. `per_s` is the `accurate` tier (MiniLM), `e5` the
 * `accurate-e5` tier. Needs `riptide models fetch`.
 */
export const accurateTierStage: BenchStage = {
  name: 'accurate_tier',
  description:
    'accurate tiers in process: encoder embedding + sentiment and stance heads, posts/s (one intra-op thread); per_s = MiniLM, e5 = E5-small-v2',
  needsBroker: false,
  async run(context) {
    const { ACCURATE_TIER, ACCURATE_E5_TIER } = await import('@riptide/nlp');
    const texts = readFileSync(join(defaultDataDir(), 'sentiment', 'train_text.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    // A stride through the file so that the sample mixes short and long tweets as the stream does.
    const posts = Array.from({ length: POSTS }, (_, i) => texts[(i * 11) % texts.length]);
    const minilm = await measureTier(context, ACCURATE_TIER, posts);
    const e5 = await measureTier(context, ACCURATE_E5_TIER, posts);
    return { ...minilm, e5 };
  },
};

async function measureTier(context: BenchContext, tier: EncoderTierSpec, posts: string[]) {
  const { loadEncoderTierModels, createHyperplaneLsh } = await import('@riptide/nlp');
  const { embedder, sentiment, stance, sentimentEmbedder, close } = await loadEncoderTierModels(tier, {
    threads: 1,
  });
  const lsh = createHyperplaneLsh({ dimensions: embedder.dimensions, bands: 8, bitsPerBand: 12, seed: 1 });
  try {
    const timeBatches = async (score: (batch: string[]) => Promise<unknown>): Promise<number> => {
      await score(posts.slice(0, BATCH)); // warm-up
      const started = process.hrtime.bigint();
      for (let start = 0; start < posts.length; start += BATCH) {
        await score(posts.slice(start, start + BATCH));
        if (start % (BATCH * 20) === 0) context.progress(`accurate_tier ${tier.name}: ${start}/${POSTS}`);
      }
      return Number(process.hrtime.bigint() - started) / 1e9;
    };
    context.progress(`accurate_tier ${tier.name}: ${POSTS} posts, embedding only`);
    const embedSeconds = await timeBatches((batch) => embedder.embed(batch));
    context.progress(`accurate_tier ${tier.name}: ${POSTS} posts, embedding + sentiment + stance + LSH keys`);
    const fullSeconds = await timeBatches(async (batch) => {
      // As the scorer calls them: sentiment first. A head on fine-tuned top layers runs them on the
      // encoder's lower layers, whose states the general embedding then reuses.
      const tuned = sentimentEmbedder !== embedder;
      if (tuned) await sentiment.classify(batch);
      const embeddings = await embedder.embed(batch);
      if (!tuned) await sentiment.classifyEmbedded(batch, embeddings);
      await stance.classifyEmbedded(batch, embeddings, { target: 'climate' });
      for (const embedding of embeddings) lsh.keys(embedding);
    });
    return {
      per_s: Math.round(posts.length / fullSeconds),
      posts: posts.length,
      batch: BATCH,
      embed_only_per_s: Math.round(posts.length / embedSeconds),
      embed_sentiment_stance_lsh_per_s: Math.round(posts.length / fullSeconds),
    };
  } finally {
    await close();
  }
}
