// Detection rate, delay and false-alarm rate of each detector over seeded synthetic topics.
import { SHIFT_DETECTORS, type ShiftDetector, type StanceLabel } from '@riptide/contracts';
import type { GroupKey } from '../../opinion-types';
import { groupId } from '../group-id';
import { median } from '../robust-baseline';
import {
  DEFAULT_TOPIC_SHIFT_OPTIONS,
  TopicShiftDetectors,
  type TopicShiftOptions,
} from '../topic-shift-detectors';
import { syntheticTopic, PLANTED_GROUP, type SyntheticTopicOptions } from './synthetic-topic';

const HOUR_MS = 3_600_000;

export interface DetectorRates {
  /** Share of shifted streams where the planted series alarmed within the horizon after the step. */
  readonly detectionRate: number;
  /** Median over detections of the changed buckets seen when the alarm came (1: the first one). */
  readonly medianDelayBuckets: number;
  /** Alarms per 1,000 (group, label) series-buckets after the warm-up, on streams without a shift. */
  readonly falseAlarmsPer1000: number;
}

export interface RateExperiment {
  readonly shiftedSeeds: readonly number[];
  readonly quietSeeds: readonly number[];
  /** Buckets of history before the step (the service replays at least this much). */
  readonly stepAt: number;
  readonly stepSize: number;
  /** Buckets after the step within which an alarm counts as a detection. */
  readonly horizon: number;
  /** Length of the streams without a shift. */
  readonly quietBuckets: number;
  /** Buckets at the start of a quiet stream not counted (no detector can fire yet). */
  readonly warmUp: number;
  readonly detectors?: Partial<TopicShiftOptions>;
  readonly topic?: Omit<SyntheticTopicOptions, 'seed' | 'buckets' | 'step'>;
}

export function measureDetectorRates(experiment: RateExperiment): Record<ShiftDetector, DetectorRates> {
  const label: StanceLabel = 'against';
  const delays = emptyTally<number[]>(() => []);
  for (const seed of experiment.shiftedSeeds) {
    const buckets = syntheticTopic({
      ...experiment.topic,
      seed,
      buckets: experiment.stepAt + experiment.horizon,
      step: { group: PLANTED_GROUP, label, size: experiment.stepSize, atBucket: experiment.stepAt },
    });
    const detected = new Set<ShiftDetector>();
    const detectors = new TopicShiftDetectors('topic-1', experiment.detectors);
    for (const bucket of buckets) {
      for (const shift of detectors.process(bucket)) {
        const changedBuckets = shift.detectedAtMs / HOUR_MS - experiment.stepAt;
        if (changedBuckets < 1 || detected.has(shift.detector)) continue;
        if (!isSeries(shift.group, shift.label, PLANTED_GROUP, label)) continue;
        detected.add(shift.detector);
        delays[shift.detector].push(changedBuckets);
      }
    }
  }

  const falseAlarms = emptyTally(() => 0);
  const labels = (experiment.detectors?.labels ?? DEFAULT_TOPIC_SHIFT_OPTIONS.labels).length;
  let seriesBuckets = 0;
  for (const seed of experiment.quietSeeds) {
    const detectors = new TopicShiftDetectors('topic-1', experiment.detectors);
    for (const [index, bucket] of syntheticTopic({
      ...experiment.topic,
      seed,
      buckets: experiment.quietBuckets,
    }).entries()) {
      for (const shift of detectors.process(bucket)) falseAlarms[shift.detector]++;
      if (index >= experiment.warmUp) seriesBuckets += bucket.groups.length * labels;
    }
  }

  return Object.fromEntries(
    SHIFT_DETECTORS.map((detector) => [
      detector,
      {
        detectionRate: delays[detector].length / experiment.shiftedSeeds.length,
        medianDelayBuckets: median(delays[detector]),
        falseAlarmsPer1000: (1000 * falseAlarms[detector]) / seriesBuckets,
      },
    ]),
  ) as Record<ShiftDetector, DetectorRates>;
}

function emptyTally<T>(initial: () => T): Record<ShiftDetector, T> {
  return Object.fromEntries(SHIFT_DETECTORS.map((detector) => [detector, initial()])) as Record<
    ShiftDetector,
    T
  >;
}

function isSeries(
  group: GroupKey,
  label: StanceLabel,
  wantedGroup: GroupKey,
  wantedLabel: StanceLabel,
): boolean {
  return groupId(group) === groupId(wantedGroup) && label === wantedLabel;
}
