import { DEFAULT_REPORT_OPTIONS, type ReportOptions } from './detector-options';
import { RecentPoints } from './recent-points';
import { robustBaseline } from './robust-baseline';
import type { SeriesDetector, SeriesPoint, SeriesShift } from './shift-types';
import { logBeta } from './special-functions';
import { shiftBetween, summariseWindow } from './window-summary';

export interface BocpdOptions extends ReportOptions {
  /** Prior probability of a change at each bucket (constant hazard; 1/100: one every four days or so). */
  readonly hazard: number;
  /** Longest run length tracked; longer runs share one slot estimated from the last this many buckets. */
  readonly maxRunLength: number;
  /** The alarm asks whether the current run began within the last this many buckets. */
  readonly changeWindow: number;
  /** Alarm when that posterior probability reaches this. */
  readonly threshold: number;
  /** After an alarm the series raises no other until the probability has fallen below this. */
  readonly rearmBelow: number;
  /** Buckets before the first alarm is possible. */
  readonly warmUp: number;
  /** Beta prior of a new run's share, in pseudo-counts. */
  readonly priorSuccesses: number;
  readonly priorFailures: number;
  /** Most buckets before the change that the report's `before` window covers. */
  readonly reportWindow: number;
}

export const DEFAULT_BOCPD_OPTIONS: BocpdOptions = {
  ...DEFAULT_REPORT_OPTIONS,
  hazard: 1 / 100,
  maxRunLength: 168,
  changeWindow: 24,
  threshold: 0.6,
  rearmBelow: 0.25,
  warmUp: 48,
  priorSuccesses: 1,
  priorFailures: 1,
  reportWindow: 24,
};

// Run lengths this far (in log probability) below the likeliest are dropped: below 1e-13 of it.
const NEGLIGIBLE_LOG_MASS = -30;
// Fewer past buckets say too little about their scatter to rescale anything.
const MIN_BUCKETS_FOR_SCALE = 24;
// Shares near 0 or 1 would make the binomial variance, and so the trial count, collapse.
const SHARE_FLOOR = 0.02;

/** A bucket as Beta-Binomial data: its share as successes out of a number of trials. */
interface PseudoCounts {
  readonly successes: number;
  readonly trials: number;
}

/**
 * Bayesian online change-point detection (Adams & MacKay 2007) with a Beta-Binomial model: each
 * bucket is `share × n` successes of `n` trials, n the effective sample size, lowered to
 * share(1 - share) / variance when the reported variance exceeds the binomial one (misclassification
 * correction and weighting add variance the trial count must carry, or every hour would look like a
 * change). The run-length posterior is kept for run lengths 0..maxRunLength, the longest slot holding
 * every longer run (its statistics from the last maxRunLength buckets), so memory is bounded.
 * statistic() and an alarm's confidence are the posterior probability that the run began within the
 * last `changeWindow` buckets.
 */
export class BocpdDetector implements SeriesDetector<SeriesShift> {
  readonly kind = 'bocpd' as const;
  private readonly options: BocpdOptions;
  private readonly recent: RecentPoints<SeriesPoint>;
  private readonly recentCounts: RecentPoints<PseudoCounts>;
  /** logMass[r]: log posterior that the current run holds the last r buckets. */
  private logMass: Float64Array;
  private observed = 0;
  private armed = false;
  private changeProbability = 0;

  constructor(options: Partial<BocpdOptions> = {}) {
    this.options = { ...DEFAULT_BOCPD_OPTIONS, ...options };
    const { maxRunLength, changeWindow, reportWindow } = this.options;
    this.recent = new RecentPoints(Math.max(maxRunLength, changeWindow + reportWindow));
    this.recentCounts = new RecentPoints(maxRunLength);
    this.logMass = new Float64Array(maxRunLength + 1).fill(-Infinity);
    this.logMass[0] = 0;
  }

  observe(point: SeriesPoint): SeriesShift | null {
    // Past buckets that scatter more than their variances say (understated variances, real hourly
    // wobble) lower every bucket's trial count the same way, as the CUSUM's scale widens its σ.
    const scale =
      this.recent.length >= MIN_BUCKETS_FOR_SCALE ? robustBaseline(this.recent.slice(0)).scale : 1;
    const counts = pseudoCounts(point, scale);
    this.update(counts);
    this.recent.push(point);
    this.recentCounts.push(counts);
    this.observed++;
    const { changeWindow, threshold, rearmBelow, warmUp } = this.options;
    this.changeProbability = 0;
    for (let r = 1; r <= changeWindow; r++) this.changeProbability += Math.exp(this.logMass[r]);
    if (!this.armed) {
      this.armed = this.observed >= warmUp && this.changeProbability < rearmBelow;
      return null;
    }
    if (this.changeProbability < threshold) return null;
    this.armed = false;
    return this.alarm(point);
  }

  statistic(): number {
    return this.changeProbability;
  }

  /** One step of the recursion: grow every run by the new bucket or start a new one with it. */
  private update(counts: PseudoCounts): void {
    const { maxRunLength, hazard, priorSuccesses, priorFailures } = this.options;
    const next = new Float64Array(maxRunLength + 1).fill(-Infinity);
    const logContinue = Math.log(1 - hazard);
    let alpha = priorSuccesses;
    let beta = priorFailures;
    let logNewRunPredictive = 0;
    for (let r = 0; r <= maxRunLength; r++) {
      if (r > 0) {
        // The run of length r holds the newest r buckets: add the r-th newest to the statistics.
        const previous = this.recentCounts.fromNewest(r);
        alpha += previous.successes;
        beta += previous.trials - previous.successes;
      }
      if (r === 0 || this.logMass[r] !== -Infinity) {
        const logPredictive =
          logBeta(alpha + counts.successes, beta + counts.trials - counts.successes) - logBeta(alpha, beta);
        if (r === 0) logNewRunPredictive = logPredictive;
        const target = Math.min(r + 1, maxRunLength);
        next[target] = logAddExp(next[target], this.logMass[r] + logContinue + logPredictive);
      }
      if (r >= this.recentCounts.length) break;
    }
    // The binomial coefficient of the bucket is the same under every run length and cancels here.
    next[1] = logAddExp(next[1], Math.log(hazard) + logNewRunPredictive);
    this.logMass = normalised(next);
  }

  private alarm(point: SeriesPoint): SeriesShift | null {
    const { changeWindow, reportWindow, intervalZ, minEffect } = this.options;
    // The change is placed at the likeliest recent run length that leaves a bucket before it to compare.
    const longest = Math.min(changeWindow, this.recent.length - 1);
    if (longest < 1) return null;
    let likeliest = 1;
    for (let r = 2; r <= longest; r++) if (this.logMass[r] > this.logMass[likeliest]) likeliest = r;
    const afterStart = this.recent.length - likeliest;
    const before = summariseWindow(this.recent.slice(afterStart - reportWindow, afterStart), intervalZ);
    const after = summariseWindow(this.recent.slice(afterStart), intervalZ);
    const shift = shiftBetween(before, after);
    if (Math.abs(shift.size) < minEffect) return null;
    return {
      detector: this.kind,
      ...shift,
      confidence: this.changeProbability,
      detectedAtMs: point.bucketEndMs,
    };
  }
}

function pseudoCounts(point: SeriesPoint, scale: number): PseudoCounts {
  const share = Math.min(1, Math.max(0, point.share));
  const bounded = Math.min(1 - SHARE_FLOOR, Math.max(SHARE_FLOOR, share));
  const trials = Math.max(
    1,
    Math.min(point.nEff, (bounded * (1 - bounded)) / (point.variance * scale * scale)),
  );
  return { successes: share * trials, trials };
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const larger = Math.max(a, b);
  return larger + Math.log(Math.exp(a - larger) + Math.exp(b - larger));
}

/** Log masses rescaled to sum to 1, the negligible ones dropped. */
function normalised(logMass: Float64Array): Float64Array {
  let peak = -Infinity;
  for (const value of logMass) peak = Math.max(peak, value);
  let total = 0;
  for (const value of logMass) total += Math.exp(value - peak);
  const logTotal = peak + Math.log(total);
  return logMass.map((value) => (value - peak < NEGLIGIBLE_LOG_MASS ? -Infinity : value - logTotal));
}
