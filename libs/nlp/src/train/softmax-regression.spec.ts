import { describe, expect, it } from 'vitest';
import type { SparseRow } from '../features/hashed-featuriser';
import { argmax, predictProbabilities } from './linear-model';
import { nbLogCountRatios } from './nb-log-count-ratios';
import { trainSoftmaxRegression } from './softmax-regression';
import { decide, tuneDecisionOffsets } from './tune-decision-offsets';

// Three classes, each marked by its own feature (20, 21, 22) plus a shared noise feature.
const rows: SparseRow[] = [];
const labels: number[] = [];
for (let i = 0; i < 60; i++) {
  const label = i % 3;
  rows.push({ indices: Int32Array.from([20 + label, 30 + (i % 5)]), values: Float32Array.from([1, 0.5]) });
  labels.push(label);
}
const options = {
  dimensions: 64,
  classes: 3,
  epochs: 5,
  learningRate: 0.5,
  l2: 1e-4,
  classWeights: [1, 1, 1],
  seed: 11,
};

describe('trainSoftmaxRegression', () => {
  it('learns a separable problem', () => {
    const model = trainSoftmaxRegression(rows, Int32Array.from(labels), options);
    rows.forEach((row, i) => expect(argmax(predictProbabilities(model, row))).toBe(labels[i]));
  });

  it('is deterministic for a seed', () => {
    const a = trainSoftmaxRegression(rows, Int32Array.from(labels), options);
    const b = trainSoftmaxRegression(rows, Int32Array.from(labels), options);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('folds NB feature scaling into the returned weights', () => {
    const scale = nbLogCountRatios(rows, Int32Array.from(labels), 64, 3);
    expect(scale[20 * 3 + 0]).toBeGreaterThan(0);
    expect(scale[20 * 3 + 1]).toBeLessThan(0);
    expect(scale[1 * 3 + 0]).toBe(1);
    const model = trainSoftmaxRegression(rows, Int32Array.from(labels), { ...options, featureScale: scale });
    rows.forEach((row, i) => expect(argmax(predictProbabilities(model, row))).toBe(labels[i]));
  });
});

describe('decision offsets', () => {
  it('moves the threshold toward a rare class when that raises the metric', () => {
    // Every row leans to class 0, but rows 2 and 3 are class 1 and lean less.
    const probs = [0.7, 0.3, 0.8, 0.2, 0.55, 0.45, 0.6, 0.4];
    const gold = Int32Array.from([0, 0, 1, 1]);
    const recallOfOne = (g: Int32Array, p: Int32Array) =>
      p.filter((x, i) => x === 1 && g[i] === 1).length - p.filter((x, i) => x === 1 && g[i] === 0).length;
    const offsets = tuneDecisionOffsets(probs, gold, 2, recallOfOne);
    expect(Array.from(decide(probs, 2, offsets))).toEqual([0, 0, 1, 1]);
    expect(Array.from(decide(probs, 2, [0, 0]))).toEqual([0, 0, 0, 0]);
  });
});
