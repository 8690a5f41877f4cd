import { describe, expect, it } from 'vitest';
import { CusumDetector } from './cusum-detector';
import type { SeriesShift } from './shift-types';
import { HOUR_MS, noisyStep, seriesPoint } from './testing/series-points';

/** Feeds the points and returns the bucket index and shift of every alarm. */
function alarms(detector: CusumDetector, shares: readonly number[], standardError = 0.05) {
  const raised: { bucket: number; shift: SeriesShift }[] = [];
  shares.forEach((share, bucket) => {
    const shift = detector.observe(seriesPoint(bucket, share, standardError));
    if (shift) raised.push({ bucket, shift });
  });
  return raised;
}

const repeat = (share: number, count: number) => Array.from({ length: count }, () => share);

describe('CusumDetector', () => {
  it('accumulates (z - k) per bucket and alarms when S passes h', () => {
    // Baseline exactly 0.3 (scale 1); then z = 1.95 each bucket, so S grows by 1.95 - 0.75 = 1.2 a
    // bucket and passes h = 5 at the fifth shifted bucket, at S = 6.
    const detector = new CusumDetector({ baselineMin: 10, k: 0.75, h: 5, minEffect: 0 });
    const shares = [...repeat(0.3, 10), ...repeat(0.3 + 1.95 * 0.05, 5)];
    expect(alarms(detector, shares.slice(0, 14))).toEqual([]);
    expect(detector.statistic()).toBeCloseTo(4.8, 10);
    const shift = detector.observe(seriesPoint(14, shares[14], 0.05));
    expect(shift).toMatchObject({
      detector: 'cusum',
      size: expect.closeTo(0.0975, 10),
      detectedAtMs: 15 * HOUR_MS,
      // The change is placed where S left 0: bucket 10.
      after: { fromMs: 10 * HOUR_MS, toMs: 15 * HOUR_MS },
      before: { share: expect.closeTo(0.3, 10), toMs: 10 * HOUR_MS },
    });
    // One minus 2 / ARL0 at S = 6 with k = 0.75, Siegmund's ARL0 = (e^{2kb} - 2kb - 1) / 2k² = 41397.
    expect(shift?.confidence).toBeCloseTo(1 - 2 / 41397, 6);
    expect(detector.statistic()).toBe(0);
  });

  it('is two-sided: a fall alarms with a negative size and a negative statistic before it', () => {
    const detector = new CusumDetector({ baselineMin: 10, minEffect: 0 });
    alarms(detector, [...repeat(0.3, 10), 0.3 - 1.75 * 0.05]);
    expect(detector.statistic()).toBeCloseTo(-1, 10);
    const raised = alarms(detector, repeat(0.3 - 0.1, 10));
    expect(raised[0].shift.size).toBeLessThan(0);
  });

  it('cannot fire during the warm-up', () => {
    const detector = new CusumDetector({ baselineMin: 20, minEffect: 0 });
    expect(alarms(detector, [...repeat(0.3, 10), ...repeat(0.6, 10)])).toEqual([]);
    expect(detector.statistic()).toBe(0);
  });

  it('raises one alarm for a step, then takes the new level as its baseline', () => {
    const detector = new CusumDetector({ baselineMin: 20, minEffect: 0 });
    const raised = alarms(detector, [...repeat(0.3, 40), ...repeat(0.45, 60)]);
    // z = 3, S = 2.25, 4.5, 6.75: the third bucket of the new level alarms.
    expect(raised.map(({ bucket }) => bucket)).toEqual([42]);
    expect(detector.statistic()).toBe(0);
  });

  it('ignores a wild bucket in the baseline (robust level)', () => {
    const detector = new CusumDetector({ baselineMin: 30, minEffect: 0 });
    const baseline = [...repeat(0.3, 14), 0.95, ...repeat(0.3, 15)];
    alarms(detector, baseline);
    // With the outlier averaged in, the level would be 0.3217 and 0.3 would read as z = -0.43.
    detector.observe(seriesPoint(30, 0.3 + 0.05, 0.05));
    expect(detector.statistic()).toBeCloseTo(1 - 0.75, 10);
  });

  it('widens σ when the buckets scatter more than their reported variances say', () => {
    // True noise 0.1, reported 0.05: the scale (about 2) keeps the chart from firing on noise.
    const noisy = noisyStep({
      seed: 3,
      buckets: 400,
      before: 0.3,
      after: 0.3,
      stepAt: 400,
      standardError: 0.1,
    });
    const detector = new CusumDetector();
    const raised = noisy.flatMap((point) => detector.observe({ ...point, variance: 0.05 ** 2 }) ?? []);
    expect(raised).toEqual([]);
  });

  it('detects a 1.5σ step within 15 buckets in at least 9 of 10 seeded series, with no earlier alarm', () => {
    let detected = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const detector = new CusumDetector();
      const series = noisyStep({
        seed,
        buckets: 215,
        before: 0.3,
        after: 0.4,
        stepAt: 200,
        standardError: 0.065,
      });
      const raisedAt = series.flatMap((point, bucket) => (detector.observe(point) ? [bucket] : []));
      if (raisedAt.length > 0 && raisedAt[0] >= 200) detected++;
    }
    expect(detected).toBeGreaterThanOrEqual(9);
  });
});
