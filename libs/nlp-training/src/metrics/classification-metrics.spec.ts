import { describe, expect, it } from 'vitest';
import { classScores, macroRecall, stanceFAvg } from './classification-metrics';

describe('classification metrics', () => {
  // gold:      0 0 0 1 1 2 2 2
  // predicted: 0 1 0 1 2 2 2 0
  const gold = [0, 0, 0, 1, 1, 2, 2, 2];
  const predicted = [0, 1, 0, 1, 2, 2, 2, 0];

  it('macro recall is the unweighted mean of per-class recall', () => {
    expect(macroRecall(gold, predicted, [0, 1, 2])).toBeCloseTo((2 / 3 + 1 / 2 + 2 / 3) / 3, 12);
  });

  it('F_avg is the mean F1 of against (1) and favor (2), leaving none (0) out', () => {
    // against: precision 1/2, recall 1/2 -> F1 1/2; favor: precision 2/3, recall 2/3 -> F1 2/3.
    expect(stanceFAvg(gold, predicted, 1, 2)).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
  });

  it('a class never predicted scores 0 rather than NaN', () => {
    expect(classScores([1, 1], [0, 0], 1)).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
  });

  it('rejects predictions that do not line up with the gold labels', () => {
    expect(() => macroRecall([0, 1], [0], [0, 1])).toThrow(
      'predicted: expected 2 predictions (one per gold label), got 1',
    );
  });
});
