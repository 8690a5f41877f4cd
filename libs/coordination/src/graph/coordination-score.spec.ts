import { describe, expect, it } from 'vitest';
import { coordinationScore } from './coordination-score';

describe('coordinationScore', () => {
  it('scores a dense group that co-shared often within seconds near 1', () => {
    const campaign = coordinationScore({ density: 1, weight: 3 * 12, medianDeltaSeconds: 3 }, 3);
    expect(campaign).toBeGreaterThan(0.85);
    expect(campaign).toBeLessThanOrEqual(1);
  });

  it('scores a loose group of one-off, slow co-shares low', () => {
    const organic = coordinationScore({ density: 0.2, weight: 10 * 2, medianDeltaSeconds: 50 }, 10);
    expect(organic).toBeLessThan(0.3);
  });

  it('is pulled down by the weakest of density, recurrence and speed', () => {
    const fast = { density: 1, weight: 40, medianDeltaSeconds: 2 };
    expect(coordinationScore({ ...fast, medianDeltaSeconds: 600 }, 4)).toBeLessThan(0.3);
    expect(coordinationScore({ ...fast, density: 0.01 }, 4)).toBeLessThan(0.25);
  });

  it('is 0 without links, and without a finite delay', () => {
    expect(coordinationScore({ density: 0, weight: 0, medianDeltaSeconds: Number.NaN }, 0)).toBe(0);
    expect(coordinationScore({ density: 1, weight: 8, medianDeltaSeconds: Number.NaN }, 1)).toBe(0);
  });
});
