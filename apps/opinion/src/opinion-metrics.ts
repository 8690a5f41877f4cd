import { counter, gauge } from '@riptide/observability';

// Labels are bounded by configuration, never by data: topic (config/topics.json), dimension and group
// (config/population.json, plus `unknown`, and `all` for the population), label (three per measure),
// detector (three). Series per topic are counted in docs/observability.md.
/** The opinion service's metrics (its consumer's pipeline health is in libs/stream's). */
export const opinionMetrics = {
  observations: counter(
    'riptide_opinion_observations_total',
    'Stance observations by the label the classifier chose; each counted once for the population (dimension="all") and once per configured dimension',
    ['topic', 'label', 'dimension', 'group'],
  ),
  share: gauge(
    'riptide_opinion_share',
    'Share of a label in the latest closed bucket: raw (as classified), corrected (for classifier errors) or weighted (corrected and post-stratified)',
    ['topic', 'measure', 'estimate', 'label', 'dimension', 'group'],
  ),
  shareLow: gauge(
    'riptide_opinion_share_low',
    'Lower bound of the interval of riptide_opinion_share (90% by default)',
    ['topic', 'measure', 'estimate', 'label', 'dimension', 'group'],
  ),
  shareHigh: gauge(
    'riptide_opinion_share_high',
    'Upper bound of the interval of riptide_opinion_share (90% by default)',
    ['topic', 'measure', 'estimate', 'label', 'dimension', 'group'],
  ),
  effectiveSampleSize: gauge(
    'riptide_opinion_effective_sample_size',
    'Kish effective sample size of the weighted estimate in the latest closed bucket',
    ['topic', 'measure', 'dimension', 'group'],
  ),
  detectorStatistic: gauge(
    'riptide_opinion_detector_statistic',
    'Latest statistic of each shift detector: two-window |z|, CUSUM S in standard deviations, BOCPD change probability',
    ['topic', 'detector', 'label', 'dimension', 'group'],
  ),
  shifts: counter(
    'riptide_opinion_shifts_total',
    'Opinion shifts detected (each also written to opinion.shifts)',
    ['topic', 'detector', 'label', 'dimension', 'group'],
  ),
  bucketsClosed: counter('riptide_opinion_buckets_closed_total', 'Time buckets closed and estimated', [
    'topic',
  ]),
  lateObservations: counter(
    'riptide_opinion_late_observations_total',
    'Observations dropped because their bucket had already closed (arrived later than OPINION_LATENESS_S)',
    ['topic'],
  ),
  lastBucketEnd: gauge(
    'riptide_opinion_last_bucket_end_timestamp_seconds',
    'End of the latest closed bucket, Unix seconds',
    ['topic'],
  ),
  rakingIterations: gauge(
    'riptide_opinion_raking_iterations',
    'Iterations raking took in the latest closed bucket',
    ['topic'],
  ),
  rakingConverged: gauge(
    'riptide_opinion_raking_converged',
    '1 when raking met its tolerance in the latest closed bucket, else 0',
    ['topic'],
  ),
  replayed: counter(
    'riptide_opinion_replayed_messages_total',
    'Observations replayed to rebuild state on partition assignment',
  ),
};
