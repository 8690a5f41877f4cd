import { STANCE_LABELS, type ShiftDetector, type StanceLabel } from '@riptide/contracts';
import type { BucketEstimate, GroupEstimate, GroupKey } from '../opinion-types';
import { benjaminiHochberg } from './benjamini-hochberg';
import { BocpdDetector, type BocpdOptions } from './bocpd-detector';
import { CusumDetector, type CusumOptions } from './cusum-detector';
import { groupId } from './group-id';
import type { DetectedShift, SeriesPoint } from './shift-types';
import { TwoWindowDetector, type TwoWindowOptions, type WindowComparison } from './two-window-detector';

export interface TopicShiftOptions {
  /** Stance labels watched in every group. */
  readonly labels: readonly StanceLabel[];
  /** Which of the estimates' shares the detectors read: the corrected and post-stratified one by default. */
  readonly share: 'raw' | 'corrected' | 'weighted';
  readonly detectors: readonly ShiftDetector[];
  /** Benjamini-Hochberg level of the two-window tests across the topic's series at a bucket. */
  readonly falseDiscoveryRate: number;
  readonly twoWindow: Partial<TwoWindowOptions>;
  readonly cusum: Partial<CusumOptions>;
  readonly bocpd: Partial<BocpdOptions>;
}

export const DEFAULT_TOPIC_SHIFT_OPTIONS: TopicShiftOptions = {
  labels: ['against', 'favor'],
  share: 'weighted',
  detectors: ['two-window', 'cusum', 'bocpd'],
  falseDiscoveryRate: 0.02,
  twoWindow: {},
  cusum: {},
  bocpd: {},
};

/** One detector's statistic on one series, for a gauge. */
export interface SeriesStatistic {
  readonly group: GroupKey;
  readonly label: StanceLabel;
  readonly detector: ShiftDetector;
  readonly value: number;
}

/** The detectors of one (group, label) series. */
interface Series {
  readonly group: GroupKey;
  readonly label: StanceLabel;
  readonly twoWindow: TwoWindowDetector | null;
  readonly cusum: CusumDetector | null;
  readonly bocpd: BocpdDetector | null;
}

/**
 * Every shift detector of one topic: per (group, stance label) series one instance of each detector,
 * created when the group first has an estimate, fed the topic's bucket estimates in bucket order. A
 * group without an estimate in a bucket (too few observations) skips that bucket. The two-window tests
 * of all series at a bucket form one family for Benjamini-Hochberg. Deterministic: the same buckets in
 * the same order give the same shifts, so the service rebuilds it by replay.
 */
export class TopicShiftDetectors {
  private readonly options: TopicShiftOptions;
  private readonly series = new Map<string, Series>();
  private lastBucketStartMs = -Infinity;

  constructor(
    readonly topicId: string,
    options: Partial<TopicShiftOptions> = {},
  ) {
    this.options = { ...DEFAULT_TOPIC_SHIFT_OPTIONS, ...options };
  }

  process(estimate: BucketEstimate): DetectedShift[] {
    if (estimate.topicId !== this.topicId)
      throw new RangeError(`bucket of topic ${estimate.topicId}, not ${this.topicId}`);
    if (estimate.bucketStartMs <= this.lastBucketStartMs)
      throw new RangeError(`bucket ${estimate.bucketStartMs} is not after ${this.lastBucketStartMs}`);
    this.lastBucketStartMs = estimate.bucketStartMs;

    const shifts: DetectedShift[] = [];
    const tests: { series: Series; comparison: WindowComparison }[] = [];
    for (const groupEstimate of estimate.groups) {
      if (groupEstimate.measure !== 'stance') continue;
      for (const label of this.options.labels) {
        const point = this.pointOf(estimate, groupEstimate, label);
        if (!point) continue;
        const series = this.seriesOf(groupEstimate.group, label);
        for (const detector of [series.cusum, series.bocpd]) {
          const shift = detector?.observe(point);
          if (shift) shifts.push({ ...shift, topicId: this.topicId, group: series.group, label });
        }
        const comparison = series.twoWindow?.observe(point);
        if (comparison) tests.push({ series, comparison });
      }
    }
    const { adjusted, rejected } = benjaminiHochberg(
      tests.map((test) => test.comparison.pValue),
      this.options.falseDiscoveryRate,
    );
    tests.forEach(({ series, comparison }, index) => {
      const shift = rejected[index] ? series.twoWindow?.raise(comparison, adjusted[index]) : null;
      if (shift) shifts.push({ ...shift, topicId: this.topicId, group: series.group, label: series.label });
    });
    return shifts;
  }

  /** Every series' detector statistics (two-window z, CUSUM S in σ, BOCPD change probability). */
  statistics(): SeriesStatistic[] {
    return [...this.series.values()].flatMap(({ group, label, ...detectors }) =>
      [detectors.twoWindow, detectors.cusum, detectors.bocpd].flatMap((detector) =>
        detector ? [{ group, label, detector: detector.kind, value: detector.statistic() }] : [],
      ),
    );
  }

  private pointOf(estimate: BucketEstimate, group: GroupEstimate, label: StanceLabel): SeriesPoint | null {
    const interval = group[this.options.share][STANCE_LABELS.indexOf(label)];
    // An estimate without a usable variance cannot be tested; the bucket is skipped for this series.
    if (!interval || !(interval.variance > 0) || !Number.isFinite(interval.share) || !(group.nEff > 0))
      return null;
    return {
      bucketStartMs: estimate.bucketStartMs,
      bucketEndMs: estimate.bucketEndMs,
      share: interval.share,
      variance: interval.variance,
      nEff: group.nEff,
    };
  }

  private seriesOf(group: GroupKey, label: StanceLabel): Series {
    const key = `${groupId(group)}\u0000${label}`;
    let series = this.series.get(key);
    if (!series) {
      const runs = (detector: ShiftDetector) => this.options.detectors.includes(detector);
      series = {
        group,
        label,
        twoWindow: runs('two-window') ? new TwoWindowDetector(this.options.twoWindow) : null,
        cusum: runs('cusum') ? new CusumDetector(this.options.cusum) : null,
        bocpd: runs('bocpd') ? new BocpdDetector(this.options.bocpd) : null,
      };
      this.series.set(key, series);
    }
    return series;
  }
}
