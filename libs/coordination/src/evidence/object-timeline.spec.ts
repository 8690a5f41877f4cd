import { describe, expect, it } from 'vitest';
import { ObjectTimeline, silvermanBoxHalfWidth } from './object-timeline';

describe('ObjectTimeline', () => {
  it('gives the smoothed mass within ±delta: a single share spread as a box of the bandwidth', () => {
    const timeline = new ObjectTimeline([1000], 100);
    // The box covers [900, 1100]: ±50 around its centre holds half of it, ±50 around its edge a quarter.
    expect(timeline.massWithin(1000, 50)).toBeCloseTo(0.5, 12);
    expect(timeline.massWithin(1100, 50)).toBeCloseTo(0.25, 12);
    expect(timeline.massWithin(5000, 50)).toBe(0);
    expect(timeline.massWithin(1000, 1e6)).toBe(1);
  });

  it('weighs each share equally, so a crowded moment carries more mass', () => {
    const timeline = new ObjectTimeline([0, 10, 20, 5000], 100);
    expect(timeline.massWithin(10, 20)).toBeGreaterThan(timeline.massWithin(5000, 20) * 2.5);
  });

  it('rejects an empty timeline and a bandwidth that is not positive', () => {
    expect(() => new ObjectTimeline([], 10)).toThrow(/at least one share/);
    expect(() => new ObjectTimeline([1], 0)).toThrow(/bandwidthSeconds must be > 0/);
  });

  it('narrows the bandwidth as an object gathers shares (Silverman: n^-1/5)', () => {
    const spread = (n: number) => Array.from({ length: n }, (_, k) => (k / n) * 3600);
    expect(silvermanBoxHalfWidth(spread(3))).toBe(0);
    expect(silvermanBoxHalfWidth(spread(1000))).toBeLessThan(silvermanBoxHalfWidth(spread(10)));
  });
});
