import { describe, expect, it } from 'vitest';
import { WeightedMoments } from './weighted-moments';

describe('WeightedMoments', () => {
  it('gives the multinomial covariance q(1 − q)/(n − 1) for equal weights and one-hot vectors', () => {
    const moments = new WeightedMoments(3);
    for (const vector of [
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ])
      moments.add(1, vector);
    expect(moments.mean()).toEqual([0.5, 0.25, 0.25]);
    const covariance = moments.covarianceOfMean();
    expect(covariance[0][0]).toBeCloseTo(0.25 / 3, 12);
    expect(covariance[1][1]).toBeCloseTo(0.1875 / 3, 12);
    expect(covariance[0][1]).toBeCloseTo(-0.125 / 3, 12);
    expect(moments.effectiveSampleSize).toBe(4);
  });

  it('weights the mean and the covariance (hand-computed)', () => {
    // Weights 1 and 3 on scalars 0 and 1: mean 0.75; Σw²(x − q)² = 0.5625 + 9 · 0.0625 = 1.125;
    // divided by (Σw)² = 16 and times n/(n − 1) = 2: 0.140625.
    const moments = new WeightedMoments(1);
    moments.add(1, [0]);
    moments.add(3, [1]);
    expect(moments.mean()).toEqual([0.75]);
    expect(moments.covarianceOfMean()[0][0]).toBeCloseTo(0.140625, 12);
    expect(moments.effectiveSampleSize).toBeCloseTo(1.6, 12);
    expect(moments.totalWeight).toBe(4);
  });

  it('is cluster-robust with posts as weights: an author posting twice the same label counts once', () => {
    // Posts-level multinomial with 3 posts would say 2/9/2; one author of 2 posts and one of 1 are 2 units.
    const moments = new WeightedMoments(1);
    moments.add(2, [1]);
    moments.add(1, [0]);
    // q = 2/3; Σw²(x − q)² = 4/9 + 4/9 = 8/9; / 9 · 2 = 16/81.
    expect(moments.covarianceOfMean()[0][0]).toBeCloseTo(16 / 81, 12);
  });
});
