import { counter, histogram } from '@riptide/observability';

// The only label is the logical topic: six values (MATERIALISED_TOPICS), fixed by the code.
/** The materialisers' metrics (their consumer's pipeline health is in libs/stream's). */
export const materialiseMetrics = {
  materialised: counter(
    'riptide_api_materialised_total',
    'Messages written into the store, by topic (each exactly once: redeliveries are counted in riptide_api_materialise_skipped_total)',
    ['topic'],
  ),
  skipped: counter(
    'riptide_api_materialise_skipped_total',
    'Redelivered messages left out because the store had applied their offsets already',
    ['topic'],
  ),
  caughtUp: counter(
    'riptide_api_materialise_caught_up_total',
    'Messages read back on partition assignment because the store was behind the group (a new or reset store)',
    ['topic'],
  ),
  seconds: histogram(
    'riptide_api_materialise_seconds',
    'Time to write one batch into the store, one transaction with its offsets',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ['topic'],
  ),
};
