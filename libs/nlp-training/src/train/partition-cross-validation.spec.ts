import { describe, expect, it } from 'vitest';
import { HashedFeaturiser, type FeaturiserSpec } from '@riptide/nlp';
import { macroRecall } from '../metrics/classification-metrics';
import { crossValidateOnPartitions, cvPartitions, meanAndSpread } from './partition-cross-validation';
import { SENTIMENT_RECIPE, type SmallModelRecipe } from './small-model-recipes';

const spec: FeaturiserSpec = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 1024,
  wordNgrams: [1, 1],
  charNgrams: [0, 0],
  lexicon: 'none',
  targetConjoined: false,
};
const words = [
  ['awful', 'hate', 'bad'],
  ['table', 'monday', 'report'],
  ['love', 'great', 'happy'],
];
// 60 texts, labels in blocks of 20 (so the time-order folds differ from the seeded ones).
const texts = Array.from({ length: 60 }, (_, i) => `${words[Math.floor(i / 20)][i % 3]} day ${i % 7}`);
const train = {
  texts,
  labels: Int32Array.from(texts, (_, i) => Math.floor(i / 20)),
  targets: texts.map(() => undefined),
};
const rows = texts.map((text) => new HashedFeaturiser(spec).featurise(text));
const metric = (gold: Int32Array, predicted: Int32Array) => macroRecall(gold, predicted, [0, 1, 2]);
const recipe: SmallModelRecipe = {
  ...SENTIMENT_RECIPE,
  featuriser: spec,
  nbFeatureScaling: false,
  epochs: 3,
};

describe('cvPartitions', () => {
  it("gives the recipe's seeded folds first, two more seeds, and the time order", () => {
    const partitions = cvPartitions(7);
    expect(partitions.map((p) => p.name)).toEqual(['seeded 7', 'seeded 11', 'seeded 13', 'time order']);
    expect(Array.from(partitions[3].foldOf(train).subarray(0, 12))).toEqual(new Array(12).fill(0));
    for (const partition of partitions) {
      const sizes = new Array(5).fill(0);
      partition.foldOf(train).forEach((fold) => sizes[fold]++);
      expect(sizes).toEqual([12, 12, 12, 12, 12]);
    }
  });
});

describe('crossValidateOnPartitions', () => {
  it('scores each partition, with cross-fitted offsets only when the recipe tunes them', () => {
    const tuned = crossValidateOnPartitions(recipe, rows, train, metric, cvPartitions(7));
    expect(tuned.scores.map((s) => s.partition)).toHaveLength(4);
    // Seeded folds mix the label blocks, so every word was seen in training: perfect recall.
    expect(tuned.scores[0].withoutOffsets).toBe(1);
    expect(tuned.scores[0].crossFitted).toBeDefined();
    expect(tuned.offsets?.offsets).toHaveLength(3);
    expect(tuned.outOfFold).toHaveLength(60 * 3);
    const plain = crossValidateOnPartitions(
      { ...recipe, decisionOffsets: 'none' },
      rows,
      train,
      metric,
      cvPartitions(7),
    );
    expect(plain.scores.every((s) => s.crossFitted === undefined)).toBe(true);
    expect(plain.offsets).toBeUndefined();
  });
});

describe('meanAndSpread', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanAndSpread([1, 2, 3])).toEqual({ mean: 2, sd: 1 });
    expect(meanAndSpread([0.5])).toEqual({ mean: 0.5, sd: 0 });
  });
});
