import { counter, gauge, histogram } from '@riptide/observability';

/** Pipeline-health metrics of every consumer built on libs/stream; labels are topics and partitions only. */
export const streamMetrics = {
  consumed: counter('riptide_stream_consumed_messages_total', 'Messages read from Kafka', ['topic']),
  produced: counter('riptide_stream_produced_messages_total', 'Messages produced and acknowledged', [
    'topic',
  ]),
  deadLettered: counter('riptide_stream_dead_letters_total', 'Messages sent to a dead-letter topic', [
    'topic',
    'code',
  ]),
  tombstonesSkipped: counter('riptide_stream_tombstones_skipped_total', 'Null-value messages skipped', [
    'topic',
  ]),
  retries: counter('riptide_stream_retries_total', 'Retries after a transient failure', ['stage']),
  rebalances: counter('riptide_stream_rebalances_total', 'Consumer group joins (rebalances)', ['group']),
  consumerUp: gauge('riptide_stream_consumer_up', '1 while the consumer is a running member of its group', [
    'group',
  ]),
  consumerRestarts: counter(
    'riptide_stream_consumer_restarts_total',
    'Consumers restarted by the runtime after kafkajs stopped them',
    ['group'],
  ),
  batchSize: histogram(
    'riptide_stream_batch_size_messages',
    'Messages per fetched batch',
    [1, 10, 50, 100, 500, 1000, 5000, 20000],
    ['topic'],
  ),
  processing: histogram(
    'riptide_stream_batch_processing_seconds',
    'Time to decode, handle, produce and resolve one batch',
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    ['topic'],
  ),
  lag: gauge(
    'riptide_stream_consumer_lag_messages',
    'Messages behind the high watermark after the last batch',
    ['topic', 'partition'],
  ),
};
