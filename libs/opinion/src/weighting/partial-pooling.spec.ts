import { describe, expect, it } from 'vitest';
import { poolTowardPopulation } from './partial-pooling';

const population = { shares: [0.5, 0.3, 0.2], variances: [0.0001, 0.0001, 0.0001] };

describe('poolTowardPopulation', () => {
  it('shrinks by m / (nEff + m) toward the population (hand-computed)', () => {
    // nEff 60, m 20: λ = 0.25; favor 0.4 -> 0.75 · 0.4 + 0.25 · 0.2 = 0.35.
    const pooled = poolTowardPopulation({
      group: { shares: [0.3, 0.3, 0.4], variances: [0.004, 0.0035, 0.004] },
      population,
      nEff: 60,
      populationFraction: 0.1,
      strength: 20,
    });
    expect(pooled.shrinkage).toBe(0.25);
    expect(pooled.shares[2]).toBeCloseTo(0.35, 12);
    expect(pooled.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Variance of favor: 0.5625·0.004 + 0.0625·0.0001 + 2·0.75·0.25·0.1·0.004 = 0.002406250;
    // gap² 0.04 minus its variance (0.004 + 0.0001 − 0.0008) = 0.0367, times λ² = 0.00229375.
    expect(pooled.variances[2]).toBeCloseTo(0.00240625 + 0.00229375, 12);
  });

  it('leaves a group alone with strength 0 and keeps its variance', () => {
    const group = { shares: [0.2, 0.2, 0.6], variances: [0.01, 0.01, 0.01] };
    const pooled = poolTowardPopulation({
      group,
      population,
      nEff: 10,
      populationFraction: 0.2,
      strength: 0,
    });
    expect(pooled.shares).toEqual(group.shares);
    expect(pooled.variances).toEqual(group.variances);
  });

  it('lowers the variance of a sparse group that looks like the population', () => {
    const pooled = poolTowardPopulation({
      group: { shares: [0.5, 0.3, 0.2], variances: [0.025, 0.021, 0.016] },
      population,
      nEff: 10,
      populationFraction: 0.01,
      strength: 20,
    });
    pooled.variances.forEach((variance, k) => expect(variance).toBeLessThan([0.025, 0.021, 0.016][k] / 4));
  });
});
