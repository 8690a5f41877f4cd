import { describe, expect, it } from 'vitest';
import { estimateConfusion, estimateConfusionByTarget, POOLED_TARGET } from './confusion-estimate';

// Six examples of two classes: true 0 predicted [0, 0, 1], true 1 predicted [1, 1, 1].
const gold = [0, 0, 0, 1, 1, 1];
const predicted = [0, 0, 1, 1, 1, 1];
const probs = [0.9, 0.1, 0.7, 0.3, 0.2, 0.8, 0.4, 0.6, 0.1, 0.9, 0.3, 0.7];

describe('estimateConfusion', () => {
  it('counts rows by true label and columns by predicted label', () => {
    const confusion = estimateConfusion(gold, probs, predicted, 2);
    expect(confusion.examples).toBe(6);
    expect(confusion.counts).toEqual([
      [2, 1],
      [0, 3],
    ]);
  });

  it('averages each probability over the examples of a true label, with its sample standard deviation', () => {
    const confusion = estimateConfusion(gold, probs, predicted, 2);
    // True 0: p0 = 0.9, 0.7, 0.2 -> mean 0.6, sd sqrt(((0.3)^2 + (0.1)^2 + (0.4)^2) / 2) = sqrt(0.13).
    expect(confusion.meanProbs[0][0]).toBeCloseTo(0.6, 12);
    expect(confusion.meanProbs[0][1]).toBeCloseTo(0.4, 12);
    expect(confusion.probSd[0][0]).toBeCloseTo(Math.sqrt(0.13), 12);
    // True 1: p1 = 0.6, 0.9, 0.7 -> mean 0.7333.., sd sqrt((0.01777.. + 0.02777.. + 0.00111..) / 2).
    expect(confusion.meanProbs[1][1]).toBeCloseTo(2.2 / 3, 12);
    expect(confusion.probSd[1][1]).toBeCloseTo(
      Math.sqrt((0.6 - 2.2 / 3) ** 2 / 2 + (0.9 - 2.2 / 3) ** 2 / 2 + (0.7 - 2.2 / 3) ** 2 / 2),
      12,
    );
  });

  it('gives each rate its binomial standard error, zero where the rate is 0 or 1', () => {
    const confusion = estimateConfusion(gold, probs, predicted, 2);
    expect(confusion.rateSe[0][0]).toBeCloseTo(Math.sqrt(((2 / 3) * (1 / 3)) / 3), 12);
    expect(confusion.rateSe[0][1]).toBeCloseTo(confusion.rateSe[0][0], 12);
    expect(confusion.rateSe[1]).toEqual([0, 0]);
  });

  it('leaves a class without examples at zero rather than dividing by zero', () => {
    const confusion = estimateConfusion([0, 0], [0.8, 0.1, 0.1, 0.6, 0.3, 0.1], [0, 1], 3);
    expect(confusion.counts[2]).toEqual([0, 0, 0]);
    expect(confusion.meanProbs[2]).toEqual([0, 0, 0]);
    expect(confusion.probSd[2]).toEqual([0, 0, 0]);
  });

  it('names the argument whose length or label is wrong', () => {
    expect(() => estimateConfusion(gold, probs, predicted.slice(1), 2)).toThrow(/predicted: expected 6/);
    expect(() => estimateConfusion(gold, probs.slice(2), predicted, 2)).toThrow(/probs: expected 6 x 2/);
    expect(() => estimateConfusion([0, 2, 0, 1, 1, 1], probs, predicted, 2)).toThrow(/gold\[1\]: label 2/);
  });
});

describe('estimateConfusionByTarget', () => {
  it('splits by target and pools them under "*"', () => {
    const targets = ['a', 'b', 'a', 'b', 'a', 'b'];
    const byTarget = estimateConfusionByTarget(gold, probs, predicted, 2, targets);
    expect(Object.keys(byTarget)).toEqual(['a', 'b', POOLED_TARGET]);
    // a: rows 0, 2, 4 = (0 -> 0), (0 -> 1), (1 -> 1); b: rows 1, 3, 5 = (0 -> 0), (1 -> 1), (1 -> 1).
    expect(byTarget.a.counts).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(byTarget.b.counts).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(byTarget.a.meanProbs[0][0]).toBeCloseTo((0.9 + 0.2) / 2, 12);
    expect(byTarget[POOLED_TARGET]).toEqual(estimateConfusion(gold, probs, predicted, 2));
  });

  it('gives a task without targets the pooled matrix alone', () => {
    const byTarget = estimateConfusionByTarget(
      gold,
      probs,
      predicted,
      2,
      gold.map(() => undefined),
    );
    expect(Object.keys(byTarget)).toEqual([POOLED_TARGET]);
  });
});
