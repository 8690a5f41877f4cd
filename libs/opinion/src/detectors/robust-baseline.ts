import type { SeriesPoint } from './shift-types';

/** The in-control level of a series and how far its buckets really scatter around it. */
export interface Baseline {
  readonly mean: number;
  /**
   * Observed scatter over the scatter the reported variances predict, at least 1: the reported
   * variance is the floor, and whatever else moves the share hour to hour widens it.
   */
  readonly scale: number;
}

// Beyond this many (scaled) standard errors from the median a bucket is an outlier, not the level.
const OUTLIER_CUTOFF = 4;
// MAD * 1.4826 estimates a normal standard deviation.
const MAD_TO_SD = 1.4826;

/**
 * Robust in-control parameters from past buckets: the scale from the median absolute standardised
 * deviation around the median share, then the mean as the precision-weighted mean of the buckets
 * within OUTLIER_CUTOFF scaled standard errors of the median (full efficiency on clean data, one wild
 * bucket ignored).
 */
export function robustBaseline(points: readonly SeriesPoint[]): Baseline {
  const centre = median(points.map((point) => point.share));
  const standardised = points.map((point) => (point.share - centre) / Math.sqrt(point.variance));
  const scale = Math.max(1, MAD_TO_SD * median(standardised.map(Math.abs)));
  let weightedSum = 0;
  let totalWeight = 0;
  points.forEach((point, index) => {
    if (Math.abs(standardised[index]) > OUTLIER_CUTOFF * scale) return;
    weightedSum += point.share / point.variance;
    totalWeight += 1 / point.variance;
  });
  return { mean: totalWeight > 0 ? weightedSum / totalWeight : centre, scale };
}

/** The median (NaN for no values). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
