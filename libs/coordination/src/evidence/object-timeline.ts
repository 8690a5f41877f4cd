import { quantileOfSorted } from '../stats/quantile';

/**
 * The share times of one object, as a smoothed background density, so that a co-share can be
 * judged against how concentrated the object's sharing is anyway.
 *
 * Null model: given that two accounts both shared the object, their times are independent draws
 * from the object's own time profile. Under it, the chance that two sharers land within |Δ| of
 * each other around time t is ∫_{t-Δ}^{t+Δ} f(s) ds, where f is the object's share-time density.
 * f is the empirical distribution smoothed with a box kernel of half-width `bandwidth`: wide
 * (minutes to hours) so that a burst of a few coordinated shares barely raises the background it
 * is judged against. Conditioning on "both shared it" makes the test independent of how popular
 * the object is or how active the accounts are: only timing counts.
 */
export class ObjectTimeline {
  /** Ascending share times, with the mirrored copies near both ends. */
  private readonly times: Float64Array;
  /** prefix[k] = sum of the first k times: integrals of the empirical CDF in O(log n). */
  private readonly prefix: Float64Array;
  private readonly count: number;
  readonly bandwidth: number;

  constructor(times: ArrayLike<number>, bandwidthSeconds: number) {
    if (times.length === 0) throw new RangeError('ObjectTimeline needs at least one share time');
    if (!(bandwidthSeconds > 0))
      throw new RangeError(`bandwidthSeconds must be > 0, got ${bandwidthSeconds}`);
    const sorted = Float64Array.from(times).sort();
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    // Boundary correction by reflection: an object's sharing starts (and stops) abruptly, and a
    // plain kernel would spill half the mass of its first minutes outside, understating the rush
    // and calling it a burst. Mirrored copies of the shares near either end give that mass back.
    const mirrored: number[] = [];
    for (const time of sorted) {
      if (time - first < bandwidthSeconds && time !== first) mirrored.push(2 * first - time);
      if (last - time < bandwidthSeconds && time !== last) mirrored.push(2 * last - time);
    }
    this.times = Float64Array.from([...sorted, ...mirrored]).sort();
    this.count = sorted.length;
    this.prefix = new Float64Array(this.times.length + 1);
    for (let k = 0; k < this.times.length; k++) this.prefix[k + 1] = this.prefix[k] + this.times[k];
    this.bandwidth = bandwidthSeconds;
  }

  /** Shares of the object (mirrored copies excluded). */
  get size(): number {
    return this.count;
  }

  /** Probability mass of the smoothed profile within [t - delta, t + delta] (delta >= 0), in [0, 1]. */
  massWithin(time: number, delta: number): number {
    const b = this.bandwidth;
    // Box smoothing: the mass is the average over shifts s in [-b, b] of F(t+Δ+s) - F(t-Δ+s),
    // i.e. (1 / 2b) [C(t+Δ+b) - C(t+Δ-b) - C(t-Δ+b) + C(t-Δ-b)] with C the integral of F.
    const mass =
      (this.cdfIntegral(time + delta + b) -
        this.cdfIntegral(time + delta - b) -
        this.cdfIntegral(time - delta + b) +
        this.cdfIntegral(time - delta - b)) /
      (2 * b);
    return Math.min(1, Math.max(0, mass));
  }

  /** ∫_{-∞}^{y} F(x) dx for the empirical CDF F: (k·y - sum of the k times <= y) / n (n without mirrors). */
  private cdfIntegral(y: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.times[mid] <= y) low = mid + 1;
      else high = mid;
    }
    return (low * y - this.prefix[low]) / this.count;
  }
}

/**
 * The box half-width matching Silverman's rule of thumb (0.9 · min(sd, IQR / 1.34) · n^(-1/5) for a
 * Gaussian kernel; a box of half-width √3·h has the same spread): the more shares an object has,
 * the more closely its real peaks are followed, so a popular object's organic rush is not mistaken
 * for a burst.
 */
export function silvermanBoxHalfWidth(times: readonly number[]): number {
  const n = times.length;
  if (n < 4) return 0;
  const sorted = Float64Array.from(times).sort();
  const mean = sorted.reduce((sum, time) => sum + time, 0) / n;
  const sd = Math.sqrt(sorted.reduce((sum, time) => sum + (time - mean) ** 2, 0) / (n - 1));
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  const scale = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return Math.sqrt(3) * 0.9 * scale * Math.pow(n, -0.2);
}
