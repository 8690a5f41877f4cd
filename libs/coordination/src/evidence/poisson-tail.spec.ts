import { describe, expect, it } from 'vitest';
import { logPoissonTail } from './poisson-tail';

describe('logPoissonTail', () => {
  it('logPoissonTail matches R ppois(k - 1, mean, lower.tail = FALSE), also far in the tail', () => {
    // R: ppois(2, 0.5, lower.tail = FALSE) = 0.01438768
    expect(Math.exp(logPoissonTail(3, 0.5))).toBeCloseTo(0.01438768, 7);
    // R: ppois(1, 4, lower.tail = FALSE) = 0.9084218
    expect(Math.exp(logPoissonTail(2, 4))).toBeCloseTo(0.9084218, 6);
    expect(logPoissonTail(0, 3)).toBe(0);
    expect(logPoissonTail(400, 1)).toBeLessThan(-1500);
    expect(logPoissonTail(400, 1)).toBeGreaterThan(Number.NEGATIVE_INFINITY);
  });

  it('names the bad argument', () => {
    expect(() => logPoissonTail(-1, 1)).toThrow(/k must be an integer >= 0/);
    expect(() => logPoissonTail(1, -2)).toThrow(/mean must be >= 0/);
  });
});
