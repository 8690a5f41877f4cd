import { describe, expect, it } from 'vitest';
import { BocpdDetector } from './bocpd-detector';
import { logBeta } from './special-functions';
import { HOUR_MS, noisyStep, seriesPoint } from './testing/series-points';

describe('BocpdDetector', () => {
  it('follows the Adams-MacKay recursion: P(change at the second bucket) by hand', () => {
    // changeWindow 1: the statistic is the posterior that the run holds only the newest bucket.
    const hazard = 0.1;
    const detector = new BocpdDetector({ hazard, changeWindow: 1 });
    // nEff 10 and a binomial variance: 3 of 10, then 8 of 10.
    detector.observe(seriesPoint(0, 0.3, Math.sqrt((0.3 * 0.7) / 10), 10));
    detector.observe(seriesPoint(1, 0.8, Math.sqrt((0.8 * 0.2) / 10), 10));
    // Predictive of 8/10 under a new run (Beta(1, 1)) and under the run that saw 3/10 (Beta(4, 8)).
    const fresh = Math.exp(logBeta(1 + 8, 1 + 2) - logBeta(1, 1));
    const continued = Math.exp(logBeta(4 + 8, 8 + 2) - logBeta(4, 8));
    const expected = (hazard * fresh) / (hazard * fresh + (1 - hazard) * continued);
    expect(detector.statistic()).toBeCloseTo(expected, 10);
  });

  it('never reports a change with no bucket before it', () => {
    const detector = new BocpdDetector({ warmUp: 0, rearmBelow: 1.01, minEffect: 0 });
    expect(detector.observe(seriesPoint(0, 0.3, 0.05))).toBeNull();
    expect(detector.observe(seriesPoint(1, 0.9, 0.05))?.before).toMatchObject({ share: 0.3, toMs: HOUR_MS });
  });

  it('is not armed during the warm-up, however sure it is of a change', () => {
    const detector = new BocpdDetector({ warmUp: 30, minEffect: 0 });
    const points = [...Array(10).fill(0.2), ...Array(20).fill(0.6)].map((share, bucket) =>
      seriesPoint(bucket, share, 0.04),
    );
    expect(points.flatMap((point) => detector.observe(point) ?? [])).toEqual([]);
  });

  it('alarms soon after a planted step, with the change placed near it and its probability as confidence', () => {
    const detector = new BocpdDetector();
    const series = noisyStep({
      seed: 11,
      buckets: 200,
      before: 0.3,
      after: 0.4,
      stepAt: 150,
      standardError: 0.065,
    });
    const raised = series.flatMap((point) => detector.observe(point) ?? []);
    expect(raised).toHaveLength(1);
    const [shift] = raised;
    expect(shift.detectedAtMs).toBeGreaterThan(150 * HOUR_MS);
    expect(shift.detectedAtMs).toBeLessThanOrEqual(165 * HOUR_MS);
    expect(Math.abs(shift.after.fromMs - 150 * HOUR_MS)).toBeLessThanOrEqual(6 * HOUR_MS);
    expect(shift.size).toBeGreaterThan(0.05);
    expect(shift.confidence).toBeGreaterThanOrEqual(0.6);
    expect(shift.before.toMs).toBe(shift.after.fromMs);
  });

  it('counts a bucket as fewer trials when its reported variance exceeds the binomial one', () => {
    // The same wobble, reported with binomial variance at nEff 1,000 versus a variance 4 times larger:
    // the first reads as a change, the second as noise.
    const wobble = (standardError: number) => {
      const detector = new BocpdDetector();
      for (let bucket = 0; bucket < 60; bucket++)
        detector.observe(seriesPoint(bucket, 0.3, standardError, 1000));
      for (let bucket = 60; bucket < 63; bucket++)
        detector.observe(seriesPoint(bucket, 0.36, standardError, 1000));
      return detector.statistic();
    };
    const binomial = Math.sqrt((0.3 * 0.7) / 1000);
    expect(wobble(binomial)).toBeGreaterThan(0.9);
    expect(wobble(2 * binomial)).toBeLessThan(0.5);
  });

  it('stays quiet on a long series without change (memory bounded at maxRunLength)', () => {
    const detector = new BocpdDetector({ maxRunLength: 50 });
    const series = noisyStep({
      seed: 5,
      buckets: 1000,
      before: 0.3,
      after: 0.3,
      stepAt: 1000,
      standardError: 0.065,
    });
    expect(series.flatMap((point) => detector.observe(point) ?? [])).toEqual([]);
    expect(detector.statistic()).toBeLessThan(0.5);
  });
});
