import { DEFAULT_REPORT_OPTIONS, type ReportOptions } from './detector-options';
import { RecentPoints } from './recent-points';
import type { SeriesDetector, SeriesPoint, SeriesShift } from './shift-types';
import { normalUpperTail } from './special-functions';
import { shiftBetween, summariseWindow } from './window-summary';

export interface TwoWindowOptions extends ReportOptions {
  /** Buckets in each window: 24 hourly buckets compare a day with the day before, so a daily cycle cancels. */
  readonly window: number;
  /**
   * Buckets after an alarm during which the series raises no other: a step keeps the two windows apart
   * for up to two windows' time, and one change is one alarm. Default: 2 × window.
   */
  readonly refractory: number;
}

export const DEFAULT_TWO_WINDOW_OPTIONS: TwoWindowOptions = {
  ...DEFAULT_REPORT_OPTIONS,
  window: 24,
  refractory: 48,
};

/** The test of one bucket: the last window against the one before. */
export interface WindowComparison {
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
  readonly shift: Omit<SeriesShift, 'confidence'>;
}

/**
 * Compares the mean share of the last `window` buckets with the `window` before by a z-test whose
 * variance comes from the estimates (each window's weighted mean; the windows share no bucket). The
 * decision is not the series' own: the topic ranks every series' p-value at the bucket with
 * Benjamini-Hochberg and calls `raise` for the rejected ones.
 */
export class TwoWindowDetector implements SeriesDetector<WindowComparison> {
  readonly kind = 'two-window' as const;
  private readonly options: TwoWindowOptions;
  private readonly recent: RecentPoints<SeriesPoint>;
  private lastZ = 0;
  private quietBuckets = 0;

  constructor(options: Partial<TwoWindowOptions> = {}) {
    this.options = { ...DEFAULT_TWO_WINDOW_OPTIONS, refractory: 2 * (options.window ?? 24), ...options };
    this.recent = new RecentPoints(2 * this.options.window);
  }

  observe(point: SeriesPoint): WindowComparison | null {
    this.recent.push(point);
    if (this.quietBuckets > 0) this.quietBuckets--;
    const { window, intervalZ } = this.options;
    if (this.recent.length < 2 * window) return null;
    const before = summariseWindow(this.recent.slice(0, window), intervalZ);
    const after = summariseWindow(this.recent.slice(window), intervalZ);
    const standardError = Math.sqrt(before.variance + after.variance);
    this.lastZ = standardError > 0 ? (after.share - before.share) / standardError : 0;
    return {
      z: this.lastZ,
      pValue: Math.min(1, 2 * normalUpperTail(Math.abs(this.lastZ))),
      shift: { detector: this.kind, ...shiftBetween(before, after), detectedAtMs: point.bucketEndMs },
    };
  }

  /**
   * The topic rejected this bucket's test at `adjustedPValue`: an alarm unless the series is still
   * quiet after its last one or the shift is smaller than the minimum effect.
   */
  raise(comparison: WindowComparison, adjustedPValue: number): SeriesShift | null {
    if (this.quietBuckets > 0 || Math.abs(comparison.shift.size) < this.options.minEffect) return null;
    this.quietBuckets = this.options.refractory;
    return { ...comparison.shift, confidence: 1 - adjustedPValue };
  }

  /** The last z (after minus before, in standard errors); 0 until both windows are full. */
  statistic(): number {
    return this.lastZ;
  }
}
