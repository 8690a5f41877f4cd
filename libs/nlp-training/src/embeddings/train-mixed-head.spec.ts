import { describe, expect, it } from 'vitest';
import { type SparseRow, seededRandom } from '@riptide/nlp';
import { macroRecall } from '../metrics/classification-metrics';
import { argmax } from '../train/linear-model';
import { mixedProbabilities } from './mixed-head-graph';
import { mixProbabilities, trainMixedHead, type MixedHeadRecipe } from './train-mixed-head';

// Three classes. The sparse view sees the class through a noisy token (right 70% of the time), the
// dense view through a noisy 2-d point: each alone is imperfect, together they agree more often.
const random = seededRandom(9);
const count = 300;
const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
const sparse: SparseRow[] = Array.from(labels, (label) => {
  const token = random() < 0.7 ? label : Math.floor(random() * 3);
  return { indices: Int32Array.of(20 + token), values: Float32Array.of(1) };
});
const centres = [
  [1, 0],
  [-1, 1],
  [-1, -1],
];
const dense = {
  count,
  width: 2,
  values: Float32Array.from(
    Array.from(labels).flatMap((label) => centres[label].map((x) => x + (random() - 0.5) * 2.4)),
  ),
};
const mlp = {
  kind: 'mlp',
  hidden: 8,
  maxEpochs: 4,
  learningRate: 0.01,
  weightDecay: 0,
  dropout: 0,
  batchSize: 16,
  seeds: 1,
} as const;
const recipe: MixedHeadRecipe = {
  classes: 3,
  folds: 3,
  seed: 4,
  sparse: { dimensions: 32, epochs: 3, learningRate: 0.2, l2: 0, nbFeatureScaling: false },
  dense: mlp,
  sparseWeights: [0.2, 0.5, 0.8],
};
const metric = (gold: Int32Array, predicted: Int32Array) => macroRecall(gold, predicted, [0, 1, 2]);

describe('trainMixedHead', () => {
  it('returns the out-of-fold probabilities of the chosen mix, which score what the selection says', () => {
    const { outOfFold, selection } = trainMixedHead({ sparse, dense, labels }, recipe, metric);
    expect(outOfFold).toHaveLength(count * 3);
    for (let row = 0; row < count; row++)
      expect(outOfFold[row * 3] + outOfFold[row * 3 + 1] + outOfFold[row * 3 + 2]).toBeCloseTo(1, 9);
    const predicted = Int32Array.from({ length: count }, (_, row) =>
      argmax(outOfFold.subarray(row * 3, row * 3 + 3)),
    );
    expect(metric(labels, predicted)).toBeCloseTo(selection.mixed, 12);
  });

  it('chooses epochs and mixing weight by cross-validation, and the mix beats either view alone', () => {
    const { head, offsets, selection } = trainMixedHead({ sparse, dense, labels }, recipe, metric);
    expect(selection.dense_alone_by_epoch).toHaveLength(4);
    expect(Object.keys(selection.mix_by_sparse_weight).sort()).toEqual(['0.2', '0.5', '0.8']);
    expect(recipe.sparseWeights).toContain(head.sparseWeight);
    expect(selection.mixed).toBe(Math.max(...Object.values(selection.mix_by_sparse_weight)));
    expect(selection.mixed).toBeGreaterThan(selection.sparse_alone);
    expect(selection.mixed).toBeGreaterThan(Math.max(...selection.dense_alone_by_epoch));
    expect(head.dense.kind === 'mlp' && head.dense.mlp.inputs).toBe(2);
    expect(offsets).toHaveLength(3);
    // The refitted head scores the training rows well (the views are informative).
    const correct = sparse.filter(
      (row, i) =>
        argmax(mixedProbabilities(head, row, dense.values.subarray(i * 2, i * 2 + 2))) === labels[i],
    ).length;
    expect(correct / count).toBeGreaterThan(0.8);
  });

  it('averages an ensemble of seeded MLPs into one wider MLP', () => {
    // One epoch, so that both refit the same epoch count whatever cross-validation prefers.
    const single = trainMixedHead(
      { sparse, dense, labels },
      { ...recipe, dense: { ...mlp, maxEpochs: 1 } },
      metric,
    ).head.dense;
    const ensemble = trainMixedHead(
      { sparse, dense, labels },
      { ...recipe, dense: { ...mlp, maxEpochs: 1, seeds: 3 } },
      metric,
    ).head.dense;
    if (single.kind !== 'mlp' || ensemble.kind !== 'mlp') throw new Error('expected MLP heads');
    expect(ensemble.mlp.hidden).toBe(24);
    // Members sit side by side; the first is trained from the recipe's seed, the others differ.
    const firstRow = Array.from(ensemble.mlp.w1.subarray(0, 24));
    expect(firstRow.slice(0, 8)).toEqual(Array.from(single.mlp.w1.subarray(0, 8)));
    expect(firstRow.slice(8, 16)).not.toEqual(firstRow.slice(0, 8));
    expect(ensemble.mlp.w2[0]).toBeCloseTo(single.mlp.w2[0] / 3, 6);
  });

  it('trains a linear dense head in one pass, deterministically', () => {
    const linear: MixedHeadRecipe = {
      ...recipe,
      dense: { kind: 'linear', epochs: 5, learningRate: 0.2, l2: 0 },
    };
    const a = trainMixedHead({ sparse, dense, labels }, linear, metric);
    const b = trainMixedHead({ sparse, dense, labels }, linear, metric);
    expect(a.selection.dense_alone_by_epoch).toHaveLength(1);
    expect(a.head.dense.kind).toBe('linear');
    expect(a.selection).toEqual(b.selection);
  });

  it('refuses rows that do not line up, naming the counts', () => {
    expect(() => trainMixedHead({ sparse: sparse.slice(1), dense, labels }, recipe, metric)).toThrow(
      'data: 300 labels, 299 sparse rows and 300 dense rows must agree',
    );
  });
});

describe('mixProbabilities', () => {
  it('is a weighted geometric mean, renormalised', () => {
    const mixed = mixProbabilities(Float64Array.of(0.8, 0.2), Float64Array.of(0.2, 0.8), 0.5, 2);
    expect(mixed[0]).toBeCloseTo(0.5, 12);
    const leaning = mixProbabilities(Float64Array.of(0.8, 0.2), Float64Array.of(0.2, 0.8), 0.75, 2);
    const expected = Math.sqrt(Math.sqrt(0.8 ** 3 * 0.2));
    expect(leaning[0]).toBeCloseTo(expected / (expected + Math.sqrt(Math.sqrt(0.2 ** 3 * 0.8))), 12);
  });
});
