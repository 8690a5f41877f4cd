import { describe, expect, it } from 'vitest';
import { quantileType7 } from './quantile';

describe('quantileType7', () => {
  it('matches R quantile(x, p) type 7', () => {
    // R: quantile(c(1, 2, 2, 3, 10), c(0, 0.1, 0.5, 0.9, 1)) -> 1, 1.4, 2, 7.2, 10
    const sample = [3, 1, 10, 2, 2];
    expect(quantileType7(sample, 0)).toBe(1);
    expect(quantileType7(sample, 0.1)).toBeCloseTo(1.4, 12);
    expect(quantileType7(sample, 0.5)).toBe(2);
    expect(quantileType7(sample, 0.9)).toBeCloseTo(7.2, 12);
    expect(quantileType7(sample, 1)).toBe(10);
  });

  it('is NaN on an empty sample and rejects probabilities outside [0, 1]', () => {
    expect(quantileType7([], 0.5)).toBeNaN();
    expect(() => quantileType7([1], 1.5)).toThrow(/within \[0, 1\]/);
  });
});
