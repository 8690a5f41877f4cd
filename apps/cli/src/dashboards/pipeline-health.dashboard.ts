import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  labelValuesVariable,
  riptideDashboard,
  statPanel,
  THIRD,
  timeSeriesPanel,
  UP_THRESHOLDS,
} from './panels';

/** Selects the chosen services: `job` is the scrape job, one per stage (deploy/prometheus/prometheus.yml). */
const JOBS = 'job=~"$job"';

/**
 * Operators' view of every stage: is it up, how much it moves, how far behind each consumer group is
 * (per topic and partition), what fails (retries, dead letters, unconfirmed batches), how often groups
 * rebalance and consumers restart, and the Node.js process (event-loop lag, memory).
 */
export function pipelineHealthDashboard(): dashboard.DashboardBuilder {
  return riptideDashboard(
    'riptide-pipeline-health',
    'Riptide / Pipeline health',
    'Throughput per stage, consumer lag per group and partition, errors, dead letters, rebalances, restarts and process health',
  )
    .withVariable(labelValuesVariable('job', 'Service', 'label_values(up, job)', { includeAll: true }))
    .withPanel(
      statPanel({
        title: 'Targets up',
        description: 'Whether Prometheus can scrape each service (the `up` series).',
        unit: 'short',
        thresholds: UP_THRESHOLDS,
        series: [{ expr: `up{${JOBS}}`, legend: '{{job}} {{instance}}' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Consumers up',
        description:
          '1 while the consumer is a running member of its group; 0 while it is down or restarting.',
        unit: 'short',
        thresholds: UP_THRESHOLDS,
        series: [{ expr: `riptide_stream_consumer_up{${JOBS}}`, legend: '{{group}} {{instance}}' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Broker reachable',
        description: '1 while the Kafka cluster answers the service’s metadata probes.',
        unit: 'short',
        thresholds: UP_THRESHOLDS,
        series: [{ expr: `riptide_stream_broker_up{${JOBS}}`, legend: '{{job}} {{instance}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Ingest: items per second by result',
        description:
          'Posts received over HTTP: accepted (acknowledged by Kafka), rejected (invalid), unconfirmed (503).',
        unit: 'ops',
        series: [
          {
            expr: `sum by (result) (rate(riptide_ingest_items_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{result}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Consumed and produced per stage',
        description: 'Messages each service read from and wrote to Kafka, per topic.',
        unit: 'ops',
        series: [
          {
            expr: `sum by (job, topic) (rate(riptide_stream_consumed_messages_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} read {{topic}}',
          },
          {
            expr: `sum by (job, topic) (rate(riptide_stream_produced_messages_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} wrote {{topic}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Consumer lag per group',
        description:
          'Messages behind the high watermark, summed over partitions: a group is a service reading a topic. Scale consumers on this (KEDA), never beyond the partitions.',
        unit: 'short',
        series: [
          {
            expr: `sum by (job, topic) (riptide_stream_consumer_lag_messages{${JOBS}})`,
            legend: '{{job}} on {{topic}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Consumer lag per partition',
        description: 'The same per partition: one hot partition points at a skewed key.',
        unit: 'short',
        series: [
          {
            expr: `riptide_stream_consumer_lag_messages{${JOBS}}`,
            legend: '{{job}} {{topic}}/{{partition}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Batch processing time (p95)',
        description: 'Time to decode, handle, produce and resolve one fetched batch.',
        unit: 's',
        series: [
          {
            expr: `histogram_quantile(0.95, sum by (le, job, topic) (rate(riptide_stream_batch_processing_seconds_bucket{${JOBS}}[$__rate_interval])))`,
            legend: '{{job}} {{topic}} p95',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Mean batch size',
        description:
          'Messages per fetched batch: small batches under load mean the consumer is starved or paused.',
        unit: 'short',
        series: [
          {
            expr: `sum by (job, topic) (rate(riptide_stream_batch_size_messages_sum{${JOBS}}[$__rate_interval])) / sum by (job, topic) (rate(riptide_stream_batch_size_messages_count{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} {{topic}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Errors: retries and unconfirmed batches',
        description:
          'Retries after transient failures (handler, produce) and ingest batches answered 503 because Kafka did not confirm them.',
        unit: 'ops',
        width: THIRD,
        series: [
          {
            expr: `sum by (job, stage) (rate(riptide_stream_retries_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} retries ({{stage}})',
          },
          {
            expr: `sum by (job, reason) (rate(riptide_ingest_unconfirmed_batches_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} unconfirmed ({{reason}})',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Dead letters',
        description: 'Messages sent to a dead-letter topic, per input topic and error code.',
        unit: 'ops',
        width: THIRD,
        series: [
          {
            expr: `sum by (job, topic, code) (rate(riptide_stream_dead_letters_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{job}} {{topic}} {{code}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Rebalances and consumer restarts',
        description: 'Group joins, and consumers the runtime restarted after kafkajs stopped them.',
        unit: 'short',
        width: THIRD,
        series: [
          {
            expr: `sum by (group) (increase(riptide_stream_rebalances_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{group}} rebalances',
          },
          {
            expr: `sum by (group) (increase(riptide_stream_consumer_restarts_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{group}} restarts',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Event-loop lag',
        description:
          'How late the Node.js event loop runs timers (p99 and mean): high means the process is CPU-bound.',
        unit: 's',
        series: [
          { expr: `nodejs_eventloop_lag_p99_seconds{${JOBS}}`, legend: '{{job}} {{instance}} p99' },
          { expr: `nodejs_eventloop_lag_mean_seconds{${JOBS}}`, legend: '{{job}} {{instance}} mean' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Memory',
        description: 'Resident memory and V8 heap in use: flat over hours when the windows bound the state.',
        unit: 'bytes',
        series: [
          { expr: `process_resident_memory_bytes{${JOBS}}`, legend: '{{job}} {{instance}} resident' },
          { expr: `nodejs_heap_size_used_bytes{${JOBS}}`, legend: '{{job}} {{instance}} heap used' },
        ],
      }),
    );
}
