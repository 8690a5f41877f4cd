import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';

describe('benjaminiHochberg', () => {
  it('rejects every p-value up to the largest rank k with p(k) <= k q / m', () => {
    // m = 5, q = 0.05: thresholds 0.01 0.02 0.03 0.04 0.05; p(3) = 0.025 passes, so ranks 1..3 are discoveries
    // even though p(2) = 0.021 alone would miss its own threshold.
    const p = [0.3, 0.005, 0.025, 0.021, 0.9];
    expect(benjaminiHochberg(p.map(Math.log), 0.05)).toEqual([false, true, true, true, false]);
  });

  it('counts untested hypotheses when told the family is larger', () => {
    expect(benjaminiHochberg([Math.log(0.004)], 0.05)).toEqual([true]);
    expect(benjaminiHochberg([Math.log(0.004)], 0.05, 100)).toEqual([false]);
  });

  it('rejects a false discovery rate outside (0, 1]', () => {
    expect(() => benjaminiHochberg([], 0)).toThrow(/false discovery rate/);
  });
});
