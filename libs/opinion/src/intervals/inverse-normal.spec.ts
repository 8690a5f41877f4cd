import { describe, expect, it } from 'vitest';
import { inverseNormalCdf, zForConfidence } from './inverse-normal';

describe('inverseNormalCdf', () => {
  it('matches reference quantiles (Python statistics.NormalDist, R qnorm) in the centre and both tails', () => {
    expect(inverseNormalCdf(0.5)).toBe(0);
    expect(inverseNormalCdf(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(inverseNormalCdf(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(inverseNormalCdf(0.02425)).toBeCloseTo(-1.9729610513118845, 8);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404056, 7);
  });

  it('is antisymmetric around one half and increasing', () => {
    for (const p of [0.001, 0.02, 0.1, 0.3, 0.49]) {
      expect(inverseNormalCdf(p)).toBeCloseTo(-inverseNormalCdf(1 - p), 9);
      expect(inverseNormalCdf(p)).toBeLessThan(inverseNormalCdf(p + 0.005));
    }
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => inverseNormalCdf(0)).toThrow(RangeError);
    expect(() => inverseNormalCdf(1)).toThrow(RangeError);
  });
});

describe('zForConfidence', () => {
  it('gives the two-sided critical values', () => {
    expect(zForConfidence(0.9)).toBeCloseTo(1.6448536269514722, 8);
    expect(zForConfidence(0.95)).toBeCloseTo(1.959963984540054, 8);
    expect(() => zForConfidence(1)).toThrow(RangeError);
  });
});
