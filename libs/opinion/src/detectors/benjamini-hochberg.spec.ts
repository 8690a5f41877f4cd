import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';

describe('benjaminiHochberg', () => {
  it('rejects up to the largest rank under the step-up line, not only the ranks below it', () => {
    // m = 5, q = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05. Rank 2 (0.025) is above its line
    // but rank 3 (0.028) is below, so the three smallest are rejected.
    const outcome = benjaminiHochberg([0.028, 0.2, 0.005, 0.025, 0.9], 0.05);
    expect(outcome.rejected).toEqual([true, false, true, true, false]);
  });

  it('gives the adjusted p-values of R p.adjust(method = "BH")', () => {
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") is 0.05 for all five.
    expect(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05], 0.05).adjusted).toEqual(
      [0.05, 0.05, 0.05, 0.05, 0.05].map((value) => expect.closeTo(value, 12)),
    );
    // p.adjust(c(0.001, 0.2, 0.04), "BH") is 0.003, 0.2, 0.06.
    const { adjusted } = benjaminiHochberg([0.001, 0.2, 0.04], 0.05);
    expect(adjusted[0]).toBeCloseTo(0.003, 12);
    expect(adjusted[1]).toBeCloseTo(0.2, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
  });

  it('rejects nothing in an empty family', () => {
    expect(benjaminiHochberg([], 0.05)).toEqual({ adjusted: [], rejected: [] });
  });
});
