import { DEFAULT_REPORT_OPTIONS, type ReportOptions } from './detector-options';
import { RecentPoints } from './recent-points';
import { robustBaseline } from './robust-baseline';
import type { SeriesDetector, SeriesPoint, SeriesShift } from './shift-types';
import { shiftBetween, summariseWindow } from './window-summary';

export interface CusumOptions extends ReportOptions {
  /** Reference value in σ: half the shift the chart is tuned for (Montgomery: 0.5, for a 1σ shift). */
  readonly k: number;
  /** Decision interval in σ (Montgomery: 4 or 5). */
  readonly h: number;
  /** Buckets of in-control history needed before the chart can fire (the warm-up, again after an alarm). */
  readonly baselineMin: number;
  /** Most buckets of in-control history the level is estimated from. */
  readonly baselineMax: number;
  /**
   * Longest excursion kept out of the baseline: past it the baseline slides on, so a drift too small
   * to ever alarm is absorbed instead of freezing the level forever.
   */
  readonly excursionLimit: number;
  /** Most buckets before the change that the report's `before` window covers. */
  readonly reportWindow: number;
}

export const DEFAULT_CUSUM_OPTIONS: CusumOptions = {
  ...DEFAULT_REPORT_OPTIONS,
  k: 0.75,
  h: 5,
  baselineMin: 48,
  baselineMax: 168,
  excursionLimit: 48,
  reportWindow: 24,
};

/** One side of the chart: its sum and the first bucket (absolute index) of the current excursion. */
interface Side {
  sum: number;
  startedAt: number;
}

/**
 * Two-sided tabular CUSUM (Page 1954) on the standardised share z = (x - μ0) / (scale · se): the
 * in-control level μ0 and scale from a robust baseline of past buckets (see robustBaseline), se each
 * bucket's reported standard error, so that quiet hours weigh less. The baseline is the history since
 * the last alarm, less the current excursion (the buckets since a side's sum left 0, the chart's own
 * estimate of where a change began), so a change is never learnt as the level while it is tested. On
 * an alarm both sums restart at 0 and the new regime, from the estimated change on, becomes the
 * baseline once it is `baselineMin` long.
 */
export class CusumDetector implements SeriesDetector<SeriesShift> {
  readonly kind = 'cusum' as const;
  private readonly options: CusumOptions;
  private readonly recent: RecentPoints<SeriesPoint>;
  private observed = 0;
  private regimeStart = 0;
  private readonly upper: Side = { sum: 0, startedAt: 0 };
  private readonly lower: Side = { sum: 0, startedAt: 0 };

  constructor(options: Partial<CusumOptions> = {}) {
    this.options = { ...DEFAULT_CUSUM_OPTIONS, ...options };
    this.recent = new RecentPoints(this.options.baselineMax + this.options.excursionLimit);
  }

  observe(point: SeriesPoint): SeriesShift | null {
    const index = this.observed++;
    const baseline = this.baselinePoints(index);
    this.recent.push(point);
    if (baseline.length < this.options.baselineMin) return null;

    const { mean, scale } = robustBaseline(baseline);
    const z = (point.share - mean) / (scale * Math.sqrt(point.variance));
    accumulate(this.upper, z - this.options.k, index);
    accumulate(this.lower, -z - this.options.k, index);
    const alarmed = [this.upper, this.lower].find((side) => side.sum > this.options.h);
    return alarmed ? this.alarm(alarmed, index, point) : null;
  }

  /** S+ when it leads, else -S-, in σ. */
  statistic(): number {
    return this.upper.sum >= this.lower.sum ? this.upper.sum : -this.lower.sum;
  }

  private baselinePoints(index: number): readonly SeriesPoint[] {
    const excursionStart = Math.min(
      ...[this.upper, this.lower].map((side) => (side.sum > 0 ? side.startedAt : index)),
    );
    const end = Math.max(excursionStart, index - this.options.excursionLimit);
    const start = Math.max(this.regimeStart, end - this.options.baselineMax);
    const oldestKept = index - this.recent.length;
    return this.recent.slice(start - oldestKept, end - oldestKept);
  }

  private alarm(side: Side, index: number, point: SeriesPoint): SeriesShift | null {
    const { reportWindow, intervalZ, minEffect } = this.options;
    const oldestKept = index + 1 - this.recent.length;
    // An excursion that began before the oldest bucket kept is placed just after it, so that the
    // before window keeps at least one bucket.
    const changeAt = Math.max(side.startedAt, oldestKept + 1);
    const beforeStart = Math.max(this.regimeStart, changeAt - reportWindow);
    const before = summariseWindow(
      this.recent.slice(beforeStart - oldestKept, changeAt - oldestKept),
      intervalZ,
    );
    const after = summariseWindow(this.recent.slice(changeAt - oldestKept), intervalZ);
    const reached = side.sum;
    this.upper.sum = 0;
    this.lower.sum = 0;
    this.regimeStart = changeAt;
    const shift = shiftBetween(before, after);
    if (Math.abs(shift.size) < minEffect) return null;
    return {
      detector: this.kind,
      ...shift,
      confidence: 1 - inControlExceedanceRate(this.options.k, reached),
      detectedAtMs: point.bucketEndMs,
    };
  }
}

function accumulate(side: Side, increment: number, index: number): void {
  if (side.sum === 0) side.startedAt = index;
  side.sum = Math.max(0, side.sum + increment);
}

/**
 * Per bucket, how often an in-control two-sided chart reaches `level`: 2 / ARL0, with Siegmund's
 * (1985) approximation ARL0 = (e^{2kb} - 2kb - 1) / 2k², b = level + 1.166. The alarm's confidence is
 * one minus it.
 */
function inControlExceedanceRate(k: number, level: number): number {
  const b = level + 1.166;
  const averageRunLength = (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
  return Math.min(1, 2 / averageRunLength);
}
