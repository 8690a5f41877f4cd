import { describe, expect, it } from 'vitest';
import type { SparseRow } from '@riptide/nlp';
import { argmax, predictProbabilities } from './linear-model';
import { nbLogCountRatios } from './nb-log-count-ratios';
import { trainSoftmaxRegression } from './softmax-regression';
import { decide, tuneDecisionOffsets } from './tune-decision-offsets';
import { crossFittedOffsets } from './cross-fitted-offsets';
import { macroRecall } from '../metrics/classification-metrics';

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

describe('crossFittedOffsets', () => {
  it('keeps offsets that help on held-out folds, and reports each shrink factor', () => {
    // Class 1 rows score 0.45 and class 0 rows 0.3 for class 1: never the argmax, but an offset
    // toward class 1 separates them on every fold alike.
    const probs: number[] = [];
    const gold: number[] = [];
    for (let i = 0; i < 40; i++) {
      const label = i % 4 === 0 ? 1 : 0;
      probs.push(...(label === 1 ? [0.55, 0.45] : [0.7, 0.3]));
      gold.push(label);
    }
    const recall = (g: Int32Array, p: Int32Array) => macroRecall(g, p, [0, 1]);
    const foldOf = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 10));
    const result = crossFittedOffsets(probs, Int32Array.from(gold), 2, foldOf, recall);
    expect(Object.keys(result.crossFitted).sort()).toEqual(['0', '0.5', '1']);
    expect(result.crossFitted['1']).toBe(1);
    expect(result.crossFitted['0']).toBe(0.5);
    expect(result.shrink).toBeGreaterThan(0);
    expect(result.offsets[1]).toBeGreaterThan(0);
    expect(() => crossFittedOffsets(probs, Int32Array.from(gold), 2, foldOf.subarray(1), recall)).toThrow(
      'foldOf: expected 40 folds, got 39',
    );
  });
});
