import { describe, expect, it } from 'vitest';
import { logBeta, logGamma, normalUpperTail } from './special-functions';

describe('normalUpperTail', () => {
  it('matches tabulated normal tail probabilities, far into the tail', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.6448536)).toBeCloseTo(0.05, 6);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
    // 1 - Phi(5) = 2.8665e-7: relative precision kept where 1 - Phi would round badly.
    expect(normalUpperTail(5) / 2.866515718791939e-7).toBeCloseTo(1, 5);
  });
});

describe('logGamma', () => {
  it('matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // ln(170!) from Stirling's series is 706.5730622457874.
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
  });

  it('gives B(2, 3) = 1/12', () => {
    expect(Math.exp(logBeta(2, 3))).toBeCloseTo(1 / 12, 12);
  });
});
