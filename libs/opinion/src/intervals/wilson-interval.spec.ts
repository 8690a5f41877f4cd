import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval';

describe('wilsonInterval', () => {
  it('matches the textbook example: 81 of 263 at 95% (Newcombe 1998, 0.2553 to 0.3662)', () => {
    const interval = wilsonInterval(81 / 263, 263, 1.959963984540054);
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
    expect(interval.variance).toBeCloseTo(((81 / 263) * (182 / 263)) / 263, 15);
  });

  it('stays inside [0, 1] and holds its share at the edges (0 of 10: 0 to z²/(n + z²))', () => {
    const z = 1.6448536269514722;
    const none = wilsonInterval(0, 10, z);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo((z * z) / (10 + z * z), 12);
    const all = wilsonInterval(1, 10, z);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(10 / (10 + z * z), 12);
  });

  it('narrows as n grows and refuses n = 0', () => {
    const width = (n: number) => {
      const interval = wilsonInterval(0.3, n, 1.645);
      return interval.high - interval.low;
    };
    expect(width(1000)).toBeLessThan(width(100));
    expect(() => wilsonInterval(0.5, 0, 1.645)).toThrow(RangeError);
  });
});
