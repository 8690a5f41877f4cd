import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../data-dir';
import type { BenchStage } from '../bench-stage';

const POSTS = 100_000;
const BATCH = 512;

interface Timing {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of this process (every thread, onnxruntime's included): steadier on a shared machine. */
  readonly cpuSeconds: number;
}

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
    const texts = readFileSync(join(defaultDataDir(), 'sentiment', 'train_text.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    const posts = Array.from({ length: POSTS }, (_, i) => texts[i % texts.length]);
    const models = await classifierTier('small').load({ intraOpThreads: 1 });
    try {
      const timeBatches = async (score: (batch: string[]) => Promise<unknown> | unknown): Promise<Timing> => {
        await score(posts.slice(0, BATCH)); // warm-up: JIT and onnxruntime allocations
        const cpuStarted = process.cpuUsage();
        const started = process.hrtime.bigint();
        for (let start = 0; start < posts.length; start += BATCH)
          await score(posts.slice(start, start + BATCH));
        const cpu = process.cpuUsage(cpuStarted);
        return {
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        };
      };
      context.progress(`scoring_core: ${POSTS} posts, sentiment only`);
      const sentiment = await timeBatches((batch) => models.sentiment.classify(batch));
      context.progress(`scoring_core: ${POSTS} posts, sentiment and stance`);
      const both = await timeBatches(async (batch) => {
        await models.sentiment.classify(batch);
        await models.stance.classify(batch, { target: 'climate' });
      });
      context.progress('scoring_core: featurisation alone');
      const builder = new SparseBatchBuilder(new HashedFeaturiser(SENTIMENT_RECIPE.featuriser));
      const featurise = await timeBatches((batch) => builder.build(batch));
      const perSecond = (timing: Timing) => Math.round(POSTS / timing.seconds);
      const perCpuSecond = (timing: Timing) => Math.round(POSTS / timing.cpuSeconds);
      return {
        per_s: perSecond(sentiment),
        posts: POSTS,
        batch: BATCH,
        sentiment_per_s: perSecond(sentiment),
        sentiment_and_stance_per_s: perSecond(both),
        featurise_only_per_s: perSecond(featurise),
        // Posts per CPU-second: what one free core would give; less swayed by other jobs on the machine.
        sentiment_per_cpu_s: perCpuSecond(sentiment),
        sentiment_and_stance_per_cpu_s: perCpuSecond(both),
        featurise_only_per_cpu_s: perCpuSecond(featurise),
        target_per_s: 200_000,
      };
    } finally {
      await models.sentiment.close();
      await models.stance.close();
    }
  },
};
