import { describe, expect, it } from 'vitest';
import type { ConfusionMatrix } from '../opinion-types';
import { planCorrection } from './correction-plan';

const labels = ['none', 'against', 'favor'];
const matrix: ConfusionMatrix = {
  model: 'stance-small@1',
  labels,
  counts: [
    [80, 10, 10],
    [20, 70, 10],
    [10, 20, 70],
  ],
  meanProbs: [
    [0.7, 0.15, 0.15],
    [0.2, 0.6, 0.2],
    [0.15, 0.2, 0.65],
  ],
  probSd: [
    [0.2, 0.1, 0.1],
    [0.1, 0.2, 0.1],
    [0.1, 0.1, 0.2],
  ],
};
const options = { preferred: 'pacc', maxConditionNumber: 100 } as const;

describe('planCorrection', () => {
  it('prefers PACC and inverts the transposed mean-probability matrix', () => {
    const plan = planCorrection(matrix, labels, options);
    if (plan.method !== 'pacc') throw new Error(`expected pacc, got ${plan.method}`);
    // (Mᵀ)⁻¹ Mᵀ e₀ = e₀: the first row of M maps back to "all none".
    const back = plan.inverseTransposed.map((row) =>
      row.reduce((s, v, k) => s + v * matrix.meanProbs[0][k], 0),
    );
    back.forEach((value, k) => expect(value).toBeCloseTo(k === 0 ? 1 : 0, 12));
    // Row variance of PACC: probSd² / n_row (n_row = 100); the covariances make every row sum to 0:
    // Cov(none, against) = (0.0001 − 0.0004 − 0.0001) / 2.
    const [none] = plan.rowCovariances;
    expect(none[0][0]).toBeCloseTo(0.04 / 100, 15);
    expect(none[0][1]).toBeCloseTo(-0.0002, 15);
    none.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 15));
  });

  it('uses ACC with multinomial row covariances when asked', () => {
    const plan = planCorrection(matrix, labels, { ...options, preferred: 'acc' });
    if (plan.method !== 'acc') throw new Error(`expected acc, got ${plan.method}`);
    // Row "against": rates 0.2, 0.7, 0.1 from 100 examples.
    expect(plan.rowCovariances[1][1][1]).toBeCloseTo((0.7 * 0.3) / 100, 15);
    expect(plan.rowCovariances[1][0][1]).toBeCloseTo((-0.2 * 0.7) / 100, 15);
  });

  it('reorders a matrix whose labels come in another order', () => {
    const swapped: ConfusionMatrix = {
      ...matrix,
      labels: ['favor', 'against', 'none'],
      counts: [
        [70, 20, 10],
        [10, 70, 20],
        [10, 10, 80],
      ],
    };
    const plan = planCorrection(swapped, labels, { ...options, preferred: 'acc' });
    const reference = planCorrection(matrix, labels, { ...options, preferred: 'acc' });
    if (plan.method !== 'acc' || reference.method !== 'acc') throw new Error('expected acc');
    expect(plan.inverseTransposed).toEqual(reference.inverseTransposed);
  });

  it('falls back to ACC without usable mean probabilities, and says why', () => {
    const plan = planCorrection({ ...matrix, meanProbs: [] }, labels, options);
    expect(plan.method).toBe('acc');
    expect(plan.reason).toMatch(/pacc: meanProbs and probSd/);
  });

  it('falls back to none without a matrix, with a singular or an ill-conditioned one', () => {
    expect(planCorrection(undefined, labels, options)).toEqual({
      method: 'none',
      reason: 'the model ships no confusion matrix',
    });
    const random: ConfusionMatrix = {
      ...matrix,
      counts: [
        [10, 10, 10],
        [10, 10, 10],
        [10, 10, 10],
      ],
      meanProbs: [],
    };
    expect(planCorrection(random, labels, options).reason).toMatch(/acc: the rate matrix is singular/);
    const nearlyRandom: ConfusionMatrix = {
      ...random,
      counts: [
        [101, 100, 100],
        [100, 101, 100],
        [100, 100, 101],
      ],
    };
    expect(planCorrection(nearlyRandom, labels, options).reason).toMatch(
      /ill-conditioned \(condition number/,
    );
    expect(planCorrection({ ...matrix, labels: ['a', 'b', 'c'] }, labels, options).method).toBe('none');
    expect(
      planCorrection({ ...matrix, counts: [[0, 0, 0], ...matrix.counts.slice(1)] }, labels, options).reason,
    ).toMatch(/no examples of true label none/);
  });
});
