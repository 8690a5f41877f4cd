import { describe, expect, it } from 'vitest';
import { HOUR_MS, noisyStep, seriesPoint } from './testing/series-points';
import { TwoWindowDetector, type WindowComparison } from './two-window-detector';

describe('TwoWindowDetector', () => {
  it('tests nothing until both windows are full', () => {
    const detector = new TwoWindowDetector({ window: 3 });
    for (let bucket = 0; bucket < 5; bucket++) expect(detector.observe(seriesPoint(bucket, 0.3))).toBeNull();
    expect(detector.observe(seriesPoint(5, 0.3))).not.toBeNull();
  });

  it('computes the z of the difference of the window means from the buckets’ variances', () => {
    // Window of 4 buckets of variance 0.01: each mean has variance 0.0025, the difference 0.005.
    const detector = new TwoWindowDetector({ window: 4 });
    let comparison: WindowComparison | null = null;
    for (let bucket = 0; bucket < 8; bucket++)
      comparison = detector.observe(seriesPoint(bucket, bucket < 4 ? 0.3 : 0.4, 0.1));
    expect(comparison?.z).toBeCloseTo(0.1 / Math.sqrt(0.005), 10);
    // Two-sided p of z = 1.41421: 0.1573.
    expect(comparison?.pValue).toBeCloseTo(0.1573, 4);
    expect(comparison?.shift.before).toMatchObject({ share: 0.3, fromMs: 0, toMs: 4 * HOUR_MS });
    expect(comparison?.shift.after).toMatchObject({ share: 0.4, fromMs: 4 * HOUR_MS, toMs: 8 * HOUR_MS });
    expect(comparison?.shift.size).toBeCloseTo(0.1, 12);
    expect(detector.statistic()).toBe(comparison?.z);
  });

  it('weights buckets by their effective sample size within a window', () => {
    const detector = new TwoWindowDetector({ window: 2 });
    const effectiveSizes = [100, 100, 100, 300];
    const comparisons = [0.2, 0.2, 0.1, 0.4].map((share, bucket) =>
      detector.observe(seriesPoint(bucket, share, 0.05, effectiveSizes[bucket])),
    );
    // (0.1 * 100 + 0.4 * 300) / 400 = 0.325, of variance (100² + 300²) / 400² * 0.0025.
    expect(comparisons[3]?.shift.after).toMatchObject({ share: expect.closeTo(0.325, 12), nEff: 400 });
    const afterVariance = ((100 ** 2 + 300 ** 2) / 400 ** 2) * 0.0025;
    expect(comparisons[3]?.z).toBeCloseTo(0.125 / Math.sqrt(afterVariance + 0.0025 / 2), 10);
  });

  it('finds a planted step of 0.10 at standard errors of 0.065 within a day', () => {
    const detector = new TwoWindowDetector();
    const series = noisyStep({
      seed: 7,
      buckets: 120,
      before: 0.3,
      after: 0.4,
      stepAt: 72,
      standardError: 0.065,
    });
    const pValues = series.map((point) => detector.observe(point)?.pValue ?? 1);
    // Before the step no test reaches the 0.001 a family of ~25 series needs under BH at 0.02.
    expect(Math.min(...pValues.slice(0, 72))).toBeGreaterThan(0.001);
    expect(Math.min(...pValues.slice(72, 96))).toBeLessThan(0.0001);
  });

  it('raises once per change: not again during the refractory period, nor below the minimum effect', () => {
    const detector = new TwoWindowDetector({ window: 2, refractory: 3, minEffect: 0.05 });
    const raised = [0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.4, 0.6].map((share, bucket) => {
      const comparison = detector.observe(seriesPoint(bucket, share, 0.01));
      return comparison ? detector.raise(comparison, 0.001) : null;
    });
    // Bucket 3 raises (0.3 -> 0.4); 4 and 5 are refractory; 6 compares 0.4 with 0.4 (too small); 7 raises (0.4 -> 0.5).
    expect(raised.map((shift) => shift !== null)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(raised[3]).toMatchObject({ detector: 'two-window', confidence: 0.999, detectedAtMs: 4 * HOUR_MS });
  });
});
