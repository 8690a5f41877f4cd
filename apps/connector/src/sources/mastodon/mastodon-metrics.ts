import { counter } from '@riptide/observability';

/** Mastodon-only figures; what every source counts is in connector-metrics.ts. */
export const mastodonMetrics = {
  catchUpOverflows: counter(
    'riptide_connector_mastodon_catch_up_overflows_total',
    "Times a stream's events held during a REST catch-up overflowed their bound and were dropped (then re-read from the timeline)",
  ),
};
