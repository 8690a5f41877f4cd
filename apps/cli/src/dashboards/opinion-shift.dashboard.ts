import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  labelValuesVariable,
  PROMETHEUS_DATASOURCE,
  riptideDashboard,
  statPanel,
  THIRD,
  timeSeriesPanel,
} from './panels';

const ESTIMATES = ['raw', 'corrected', 'weighted'] as const;
const ESTIMATE_COLOURS: Record<(typeof ESTIMATES)[number], string> = {
  raw: 'semi-dark-orange',
  corrected: 'semi-dark-blue',
  weighted: 'semi-dark-green',
};

/** The selected topic, group and stance label: the series one share panel draws. */
const STANCE_IN_GROUP =
  'topic="$topic", measure="stance", label="$label", dimension="$dimension", group="$group"';
const TOPIC_GROUP = 'topic="$topic", dimension="$dimension", group="$group"';

/**
 * Each estimate's interval as a band: its `high` series fills down to its `low` series, both drawn
 * without a line and kept out of the legend, in the estimate's colour.
 */
function withIntervalBands(panel: ReturnType<typeof timeSeriesPanel>): ReturnType<typeof timeSeriesPanel> {
  for (const estimate of ESTIMATES) {
    panel.overrideByRegexp(`^${estimate}( low| high)?$`, [
      { id: 'color', value: { mode: 'fixed', fixedColor: ESTIMATE_COLOURS[estimate] } },
    ]);
    const bound = [
      { id: 'custom.lineWidth', value: 0 },
      { id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: false } },
    ];
    panel.overrideByName(`${estimate} low`, [...bound, { id: 'custom.fillOpacity', value: 0 }]);
    panel.overrideByName(`${estimate} high`, [
      ...bound,
      { id: 'custom.fillOpacity', value: 15 },
      { id: 'custom.fillBelowTo', value: `${estimate} low` },
    ]);
  }
  return panel;
}

/**
 * Researchers' view: per topic and demographic group, each stance's share in the latest closed bucket,
 * raw (classify and count), corrected for the classifier's errors, and corrected and post-stratified
 * (weighted) toward the population, each with its 90% interval; the shift detectors; and every shift
 * the opinion service counted, as annotations.
 */
export function opinionShiftDashboard(): dashboard.DashboardBuilder {
  return riptideDashboard(
    'riptide-opinion-shift',
    'Riptide / Opinion shift',
    'Stance shares per topic and demographic group: raw, misclassification-corrected and post-stratified, with 90% intervals and shift events',
  )
    .withVariable(labelValuesVariable('topic', 'Topic', 'label_values(riptide_opinion_share, topic)'))
    .withVariable(
      labelValuesVariable(
        'dimension',
        'Dimension',
        'label_values(riptide_opinion_share{topic="$topic"}, dimension)',
      ),
    )
    .withVariable(
      labelValuesVariable(
        'group',
        'Group',
        'label_values(riptide_opinion_share{topic="$topic", dimension="$dimension"}, group)',
      ),
    )
    .withVariable(
      labelValuesVariable(
        'label',
        'Stance',
        'label_values(riptide_opinion_share{topic="$topic", measure="stance"}, label)',
        { includeAll: true },
      ),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Opinion shifts')
        .datasource(PROMETHEUS_DATASOURCE)
        .enable(true)
        .iconColor('orange')
        // The opinion service creates its shift counters at 0, so every shift is a rise since one step
        // earlier; a difference, unlike changes() over the step, also sees a rise between two steps.
        .expr(
          'riptide_opinion_shifts_total{topic="$topic"} - riptide_opinion_shifts_total{topic="$topic"} offset $__interval > 0',
        )
        .titleFormat('Shift toward {{label}} in {{dimension}}={{group}}')
        .textFormat('detector {{detector}}')
        .tagKeys('detector,dimension,group,label'),
    )
    .withPanel(
      withIntervalBands(
        timeSeriesPanel({
          title: 'Share of $label in $dimension=$group',
          description:
            'Share of the stance in the latest closed bucket. raw: classify and count; corrected: adjusted for the classifier’s confusion matrix; weighted: corrected and raked to the population margins. Bands: 90% intervals.',
          unit: 'percentunit',
          width: 24,
          series: [
            { expr: `riptide_opinion_share{${STANCE_IN_GROUP}}`, legend: '{{estimate}}' },
            { expr: `riptide_opinion_share_low{${STANCE_IN_GROUP}}`, legend: '{{estimate}} low' },
            { expr: `riptide_opinion_share_high{${STANCE_IN_GROUP}}`, legend: '{{estimate}} high' },
          ],
        })
          .min(0)
          .max(1)
          .repeat('label')
          .repeatDirection('v'),
      ),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Post-stratified stance shares, every group of $dimension',
        description:
          'Corrected and weighted share of each stance in each group of the dimension, to compare groups.',
        unit: 'percentunit',
        series: [
          {
            expr: 'riptide_opinion_share{topic="$topic", measure="stance", estimate="weighted", dimension="$dimension"}',
            legend: '{{group}}: {{label}}',
          },
        ],
      })
        .min(0)
        .max(1),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Post-stratified sentiment shares in $dimension=$group',
        description: 'Corrected and weighted share of each sentiment in the group.',
        unit: 'percentunit',
        series: [
          {
            expr: `riptide_opinion_share{${TOPIC_GROUP}, measure="sentiment", estimate="weighted"}`,
            legend: '{{label}}',
          },
        ],
      })
        .min(0)
        .max(1),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Effective sample size in $dimension=$group',
        description:
          'Kish effective sample size under the raking weights: the intervals narrow with its square root. Far below the observations count means heavy weights.',
        unit: 'short',
        width: THIRD,
        series: [{ expr: `riptide_opinion_effective_sample_size{${TOPIC_GROUP}}`, legend: '{{measure}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Detector statistics in $dimension=$group',
        description:
          'Each shift detector’s statistic per stance (two-window test, CUSUM, Bayesian online change points).',
        unit: 'short',
        width: THIRD,
        series: [
          { expr: `riptide_opinion_detector_statistic{${TOPIC_GROUP}}`, legend: '{{detector}}: {{label}}' },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Shift events in the time range',
        description: 'Shifts counted per group, stance and detector over the selected time range.',
        unit: 'short',
        series: [
          {
            expr: 'sum by (detector, label, dimension, group) (increase(riptide_opinion_shifts_total{topic="$topic"}[$__range]))',
            legend: '{{dimension}}={{group}} {{label}} ({{detector}})',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Observations per second by group of $dimension',
        description:
          'Stance observations counted, by group: which groups the stream over- or under-represents.',
        unit: 'ops',
        width: THIRD,
        series: [
          {
            expr: 'sum by (group) (rate(riptide_opinion_observations_total{topic="$topic", dimension="$dimension"}[$__rate_interval]))',
            legend: '{{group}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Bucket freshness and late observations',
        description:
          'Seconds between now and the end of the latest closed bucket (event time), and observations that arrived after their bucket closed.',
        unit: 's',
        width: THIRD,
        series: [
          {
            expr: 'time() - riptide_opinion_last_bucket_end_timestamp_seconds{topic="$topic"}',
            legend: 'age of the latest closed bucket',
          },
          {
            expr: 'rate(riptide_opinion_late_observations_total{topic="$topic"}[$__rate_interval])',
            legend: 'late observations/s',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Raking',
        description:
          'Iterations of the latest raking (iterative proportional fitting) and whether it converged (1) or stopped at its limit (0).',
        unit: 'short',
        width: THIRD,
        series: [
          { expr: 'riptide_opinion_raking_iterations{topic="$topic"}', legend: 'iterations' },
          { expr: 'riptide_opinion_raking_converged{topic="$topic"}', legend: 'converged' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Buckets closed and messages replayed',
        description:
          'Buckets closed per hour, and stance observations replayed to rebuild state after an assignment.',
        unit: 'short',
        width: 24,
        series: [
          {
            expr: 'increase(riptide_opinion_buckets_closed_total{topic="$topic"}[1h])',
            legend: 'buckets closed per hour',
          },
          {
            expr: 'sum(increase(riptide_opinion_replayed_messages_total[1h]))',
            legend: 'messages replayed per hour',
          },
        ],
      }),
    );
}
