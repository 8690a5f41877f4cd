import type { ShiftDetector, StanceLabel } from '@riptide/contracts';
import type { GroupKey } from '../opinion-types';

/** One closed bucket of one (group, stance label) series: the share a detector watches and its uncertainty. */
export interface SeriesPoint {
  readonly bucketStartMs: number;
  readonly bucketEndMs: number;
  readonly share: number;
  /** Variance of `share` as the estimation reports it (sampling, weighting and correction). */
  readonly variance: number;
  /** Kish effective sample size of the bucket. */
  readonly nEff: number;
}

/** A stretch of consecutive buckets of a series, summarised for a shift report. */
export interface ShiftWindow {
  readonly share: number;
  readonly nEff: number;
  readonly low: number;
  readonly high: number;
  /** Start of the first bucket. */
  readonly fromMs: number;
  /** End of the last bucket. */
  readonly toMs: number;
}

/** A shift one series' detector reports; the topic adds the group and the label. */
export interface SeriesShift {
  readonly detector: ShiftDetector;
  readonly before: ShiftWindow;
  readonly after: ShiftWindow;
  /** after.share - before.share: signed. */
  readonly size: number;
  /** In [0, 1]; what it means depends on the detector (see docs/opinion.md). */
  readonly confidence: number;
  /** End of the bucket whose arrival raised the alarm. */
  readonly detectedAtMs: number;
}

/** A shift in one stance label's share inside one group of one topic: what `opinion-shift/v1` carries. */
export interface DetectedShift extends SeriesShift {
  readonly topicId: string;
  readonly group: GroupKey;
  readonly label: StanceLabel;
}

/**
 * A detector over one series, fed one bucket at a time in bucket order. `Signal` is what a bucket may
 * raise: a shift for the detectors that decide alone, a test for the ones decided across the topic.
 */
export interface SeriesDetector<Signal> {
  readonly kind: ShiftDetector;
  observe(point: SeriesPoint): Signal | null;
  /** The detector's current statistic, for a gauge. */
  statistic(): number;
}
