import { counter, gauge } from '@riptide/observability';

/**
 * The connector's metrics. Sources count what they receive and their reconnects; the pipeline counts
 * what it produced or skipped. Label values are bounded: platform, a SkipCode or error code, a cause.
 */
export const connectorMetrics = {
  eventsReceived: counter(
    'riptide_connector_events_received_total',
    'Events (frames) read from the live source',
    ['platform'],
  ),
  receivedBytes: counter(
    'riptide_connector_received_bytes_total',
    'Bytes of the frames read from the live source',
    ['platform'],
  ),
  postsProduced: counter(
    'riptide_connector_posts_produced_total',
    'Posts acknowledged by Kafka on posts.raw',
    ['platform'],
  ),
  deletionsProduced: counter(
    'riptide_connector_deletions_produced_total',
    'Deletions acknowledged by Kafka on posts.deleted',
    ['platform'],
  ),
  eventsSkipped: counter(
    'riptide_connector_events_skipped_total',
    'Events not produced, by reason (a skip code or a contract violation code)',
    ['platform', 'reason'],
  ),
  reconnects: counter(
    'riptide_connector_reconnects_total',
    'Connections to the source lost or refused, by cause (closed, error, stalled, refused)',
    ['platform', 'cause'],
  ),
  sourceLag: gauge(
    'riptide_connector_source_lag_seconds',
    "Now minus the source's time of the last event produced",
    ['platform'],
  ),
  pendingBytes: gauge(
    'riptide_connector_pending_bytes',
    'Bytes of frames taken from the source and not yet acknowledged by Kafka',
  ),
  cursorEventTime: gauge(
    'riptide_connector_cursor_event_time_seconds',
    "The source's time of the last committed cursor (unix seconds)",
    ['platform'],
  ),
};

export type ReconnectCause = 'closed' | 'error' | 'stalled' | 'refused';

/** Series at 0 from the start, so that rate() and dashboards see the connector before its first post. */
export function initialiseConnectorMetrics(platform: string): void {
  for (const metric of [
    connectorMetrics.eventsReceived,
    connectorMetrics.receivedBytes,
    connectorMetrics.postsProduced,
    connectorMetrics.deletionsProduced,
  ])
    metric.inc({ platform }, 0);
}
