import { SHIFT_DETECTORS, STANCE_LABELS } from '@riptide/contracts';
import { MEASURE_LABELS, UNKNOWN_GROUP, type GroupKey, type PopulationMargins } from '@riptide/opinion';
import { opinionMetrics } from './opinion-metrics';
import type { ClosedBucket } from './topic/topic-opinion';

/** The metric labels of the whole population. */
export const POPULATION_LABELS = { dimension: 'all', group: 'all' } as const;

export function groupLabels(group: GroupKey): { dimension: string; group: string } {
  return group.dimension === null || group.value === null
    ? POPULATION_LABELS
    : { dimension: group.dimension, group: group.value };
}

const ESTIMATES = ['raw', 'corrected', 'weighted'] as const;

/** The gauges of the latest closed bucket, the shift counters, and the bucket's bookkeeping. */
export function publishBucketMetrics(bucket: ClosedBucket): void {
  const { estimate } = bucket;
  const topic = estimate.topicId;
  for (const group of estimate.groups) {
    const where = { topic, measure: group.measure, ...groupLabels(group.group) };
    opinionMetrics.effectiveSampleSize.set(where, group.nEff);
    MEASURE_LABELS[group.measure].forEach((label, index) => {
      for (const kind of ESTIMATES) {
        const labels = { ...where, estimate: kind, label };
        const { share, low, high } = group[kind][index];
        opinionMetrics.share.set(labels, share);
        opinionMetrics.shareLow.set(labels, low);
        opinionMetrics.shareHigh.set(labels, high);
      }
    });
  }
  for (const statistic of bucket.statistics)
    opinionMetrics.detectorStatistic.set(
      { topic, detector: statistic.detector, label: statistic.label, ...groupLabels(statistic.group) },
      statistic.value,
    );
  for (const shift of bucket.shifts)
    opinionMetrics.shifts.inc({
      topic,
      detector: shift.detector,
      label: shift.label,
      ...groupLabels(shift.group),
    });
  opinionMetrics.bucketsClosed.inc({ topic });
  opinionMetrics.lastBucketEnd.set({ topic }, estimate.bucketEndMs / 1000);
  opinionMetrics.rakingIterations.set({ topic }, estimate.raking.iterations);
  opinionMetrics.rakingConverged.set({ topic }, estimate.raking.converged ? 1 : 0);
}

/**
 * The event counters at 0 from the start: Prometheus's increase() needs a sample before the first event,
 * or the shift alert would miss a counter that appears with its first increment (and a dashboard would
 * show no data instead of none late). Bounded like the rest: topics × detectors × labels × (population +
 * configured groups + unknown).
 */
export function initialiseCounters(topicIds: readonly string[], margins: PopulationMargins): void {
  const groups = [
    POPULATION_LABELS,
    ...margins.dimensions.flatMap((dimension) =>
      [...Object.keys(dimension.shares), UNKNOWN_GROUP].map((group) => ({
        dimension: dimension.name,
        group,
      })),
    ),
  ];
  for (const topic of topicIds) {
    opinionMetrics.lateObservations.inc({ topic }, 0);
    opinionMetrics.bucketsClosed.inc({ topic }, 0);
  }
  for (const topic of topicIds)
    for (const detector of SHIFT_DETECTORS)
      for (const label of STANCE_LABELS)
        for (const group of groups) opinionMetrics.shifts.inc({ topic, detector, label, ...group }, 0);
}
