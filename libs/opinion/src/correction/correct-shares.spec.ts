import { describe, expect, it } from 'vitest';
import { seededRandom } from '@riptide/nlp';
import { drawMultinomial } from '../estimate/random-draws';
import type { ConfusionMatrix } from '../opinion-types';
import { correctShares } from './correct-shares';
import { planCorrection, type ActiveCorrection } from './correction-plan';

const labels = ['none', 'against', 'favor'];

function accPlan(counts: number[][]): ActiveCorrection {
  const matrix: ConfusionMatrix = { model: 'm@1', labels, counts, meanProbs: [], probSd: [] };
  const plan = planCorrection(matrix, labels, { preferred: 'acc', maxConditionNumber: 100 });
  if (plan.method === 'none') throw new Error(plan.reason);
  return plan;
}

function multinomialCovariance(shares: readonly number[], n: number): number[][] {
  return shares.map((a, k) => shares.map((b, l) => ((k === l ? a : 0) - a * b) / n));
}

const zero = [
  [0, 0, 0],
  [0, 0, 0],
  [0, 0, 0],
];

describe('correctShares', () => {
  it('recovers the true shares from their expected predictions (hand-computed)', () => {
    // Rates [[.8,.1,.1],[.2,.7,.1],[.1,.2,.7]] and p = [.5,.3,.2] predict q = Mᵀp = [.48,.30,.22].
    const plan = accPlan([
      [80, 10, 10],
      [20, 70, 10],
      [10, 20, 70],
    ]);
    const { shares } = correctShares(plan, { shares: [0.48, 0.3, 0.22], covariance: zero });
    [0.5, 0.3, 0.2].forEach((expected, k) => expect(shares[k]).toBeCloseTo(expected, 12));
  });

  it('projects a solution outside the simplex onto it (hand-computed)', () => {
    // Symmetric rates .9/.05: p = (q - .05) / .85 = [-.01176, .52941, .48235]; projected [0, .52353, .47647].
    const plan = accPlan([
      [90, 5, 5],
      [5, 90, 5],
      [5, 5, 90],
    ]);
    const { shares } = correctShares(plan, { shares: [0.04, 0.5, 0.46], covariance: zero });
    expect(shares[0]).toBe(0);
    expect(shares[1]).toBeCloseTo(0.445 / 0.85, 12);
    expect(shares[2]).toBeCloseTo(0.405 / 0.85, 12);
  });

  it('scales the sampling covariance by 1 / (a - b)² for symmetric rates a, b (closed form)', () => {
    const plan = accPlan([
      [9e11, 5e10, 5e10],
      [5e10, 9e11, 5e10],
      [5e10, 5e10, 9e11],
    ]);
    const q = [0.3, 0.3, 0.4];
    const covariance = multinomialCovariance(q, 1000);
    const corrected = correctShares(plan, { shares: q, covariance });
    corrected.covariance.forEach((row, k) =>
      row.forEach((value, l) => expect(value).toBeCloseTo(covariance[k][l] / 0.85 ** 2, 12)),
    );
  });

  it('adds the rate matrix uncertainty, which does not shrink with the sample (closed form)', () => {
    // All "none" (p = e₀): the only variance is row 0's, 0.9 · 0.1 / 100, scaled by 1 / 0.85².
    const plan = accPlan([
      [90, 5, 5],
      [5, 90, 5],
      [5, 5, 90],
    ]);
    const corrected = correctShares(plan, { shares: [0.9, 0.05, 0.05], covariance: zero });
    expect(corrected.covariance[0][0]).toBeCloseTo((0.9 * 0.1) / 100 / 0.85 ** 2, 12);
  });

  it('predicts the spread of ACC over simulated samples and validation sets (delta method, Monte Carlo)', () => {
    const truth = [0.5, 0.3, 0.2];
    const rates = [
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.1, 0.2, 0.7],
    ];
    const random = seededRandom(17);
    const runs = 2000;
    const sampleSize = 500;
    const estimates: number[][] = [];
    let predictedVariance = 0;
    for (let run = 0; run < runs; run++) {
      const validation = rates.map((row) => drawMultinomial(random, 150, row));
      const trueCounts = drawMultinomial(random, sampleSize, truth);
      const predicted = [0, 0, 0];
      trueCounts.forEach((count, j) =>
        drawMultinomial(random, count, rates[j]).forEach((n, k) => (predicted[k] += n)),
      );
      const q = predicted.map((count) => count / sampleSize);
      const corrected = correctShares(accPlan(validation), {
        shares: q,
        covariance: multinomialCovariance(q, sampleSize),
      });
      estimates.push(corrected.shares);
      predictedVariance += corrected.covariance[2][2] / runs;
    }
    const mean = estimates.reduce((sum, shares) => sum + shares[2], 0) / runs;
    const empiricalVariance =
      estimates.reduce((sum, shares) => sum + (shares[2] - mean) ** 2, 0) / (runs - 1);
    expect(mean).toBeCloseTo(truth[2], 2);
    expect(predictedVariance / empiricalVariance).toBeGreaterThan(0.85);
    expect(predictedVariance / empiricalVariance).toBeLessThan(1.15);
  });
});
