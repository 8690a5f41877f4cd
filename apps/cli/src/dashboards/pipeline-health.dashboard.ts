import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
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
 * rebalance and consumers restart, and the Node.js process (event-loop lag, memory). A row below shows
 * the live sources (apps/connector): what each platform sends, what becomes posts and deletions, what is
 * skipped and why, how far behind the source's clock, reconnects, and the bytes waiting for Kafka.
 */
export function pipelineHealthDashboard(): dashboard.DashboardBuilder {
  return riptideDashboard(
    'riptide-pipeline-health',
    'Riptide / Pipeline health',
    'Throughput per stage, consumer lag per group and partition, errors, dead letters, rebalances, restarts, process health and live sources',
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
    )
    .withRow(new dashboard.RowBuilder('Live sources'))
    .withPanel(
      timeSeriesPanel({
        title: 'Live sources: events read and produced per second',
        description:
          'Frames read from each live source (Bluesky Jetstream, Mastodon), and the posts and deletions Kafka acknowledged on posts.raw and posts.deleted. The gap between read and produced is what the next panel skips.',
        unit: 'ops',
        series: [
          {
            expr: `sum by (platform) (rate(riptide_connector_events_received_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{platform}} read',
          },
          {
            expr: `sum by (platform) (rate(riptide_connector_posts_produced_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{platform}} posts',
          },
          {
            expr: `sum by (platform) (rate(riptide_connector_deletions_produced_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{platform}} deletions',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Live sources: events skipped per second by reason',
        description:
          'Events not produced: by design (not_a_post, not_a_commit, edit, filtered, …) or refused as bad (malformed_json, oversized, schema_violation, …; the connector logs what was wrong). See docs/connectors.md.',
        unit: 'ops',
        series: [
          {
            expr: `sum by (platform, reason) (rate(riptide_connector_events_skipped_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{platform}} {{reason}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Live sources: lag behind the source’s clock',
        description:
          'Now minus the source’s time of the last post or deletion produced, and of the last committed cursor (what a restart would read again from). Growing while events are read: the connector or Kafka cannot keep up; growing while nothing is read: the source is quiet or the connection stalled.',
        unit: 's',
        width: THIRD,
        series: [
          {
            expr: `riptide_connector_source_lag_seconds{${JOBS}}`,
            legend: '{{platform}} {{instance}} produced',
          },
          {
            expr: `time() - riptide_connector_cursor_event_time_seconds{${JOBS}}`,
            legend: '{{platform}} {{instance}} committed cursor',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Live sources: reconnects by cause',
        description:
          'Connections to the source lost or refused: closed, error, stalled (nothing received for CONNECTOR_STALL_TIMEOUT_MS), refused; and Mastodon catch-ups restarted because the stream’s buffer overflowed.',
        unit: 'short',
        width: THIRD,
        series: [
          {
            expr: `sum by (platform, cause) (increase(riptide_connector_reconnects_total{${JOBS}}[$__rate_interval]))`,
            legend: '{{platform}} {{cause}}',
          },
          {
            expr: `sum by (instance) (increase(riptide_connector_mastodon_catch_up_overflows_total{${JOBS}}[$__rate_interval]))`,
            legend: 'mastodon catch-up overflows {{instance}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Live sources: bytes pending for Kafka',
        description:
          'Bytes read from the source and not yet acknowledged by Kafka. At CONNECTOR_MAX_PENDING_BYTES (32 MiB by default) the connector stops reading until Kafka catches up: a plateau there means Kafka is slow or refusing.',
        unit: 'bytes',
        width: THIRD,
        series: [{ expr: `riptide_connector_pending_bytes{${JOBS}}`, legend: '{{job}} {{instance}}' }],
      }),
    );
}
