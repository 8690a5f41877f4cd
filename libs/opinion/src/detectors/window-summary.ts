import { normalInterval } from '../intervals/normal-interval';
import type { SeriesPoint, ShiftWindow } from './shift-types';

/** A window's share with the variance the detectors test with. */
export interface WindowSummary extends ShiftWindow {
  readonly variance: number;
}

/**
 * The share over several buckets, each weighted by its effective sample size (so a quiet night hour
 * counts less than a busy afternoon, as pooling the observations would), with the variance of that
 * weighted mean from the buckets' own variances (buckets are independent samples) and a normal
 * interval of half-width `intervalZ` standard errors, clipped to [0, 1].
 */
export function summariseWindow(points: readonly SeriesPoint[], intervalZ: number): WindowSummary {
  if (points.length === 0) throw new RangeError('a window needs at least one bucket');
  const totalNEff = points.reduce((sum, point) => sum + point.nEff, 0);
  // Buckets without an effective size (should not reach a detector) fall back to equal weights.
  const weightOf = (point: SeriesPoint) => (totalNEff > 0 ? point.nEff / totalNEff : 1 / points.length);
  let share = 0;
  let variance = 0;
  for (const point of points) {
    const weight = weightOf(point);
    share += weight * point.share;
    variance += weight * weight * point.variance;
  }
  const { low, high } = normalInterval(share, variance, intervalZ);
  return {
    share,
    variance,
    nEff: totalNEff,
    low,
    high,
    fromMs: points[0].bucketStartMs,
    toMs: points[points.length - 1].bucketEndMs,
  };
}

/** What a detector turns into a report: the two windows and the signed size. */
export function shiftBetween(before: WindowSummary, after: WindowSummary) {
  const toWindow = ({ share, nEff, low, high, fromMs, toMs }: WindowSummary): ShiftWindow => ({
    share,
    nEff,
    low,
    high,
    fromMs,
    toMs,
  });
  return { before: toWindow(before), after: toWindow(after), size: after.share - before.share };
}
