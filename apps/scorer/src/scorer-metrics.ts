import { counter, gauge, histogram } from '@riptide/observability';

/**
 * What the scorer adds to libs/stream's pipeline metrics. Labels are bounded: `model` is the few
 * configured model ids (`id@version`), `label` the three labels of a task, `task` sentiment or stance.
 */
export const scorerMetrics = {
  inference: histogram(
    'riptide_scorer_inference_seconds',
    'Time of one batched classifier call',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    ['model', 'task'],
  ),
  batchSize: histogram(
    'riptide_scorer_batch_size_messages',
    'Posts scored per handler call',
    [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
    [],
  ),
  predictions: counter('riptide_scorer_predictions_total', 'Predictions made, per model and decided label', [
    'model',
    'label',
  ]),
  withoutProfile: counter(
    'riptide_scorer_posts_without_profile_total',
    'Posts scored whose author had no profile in the authors table',
  ),
  outputs: counter('riptide_scorer_outputs_total', 'Messages the scorer emitted, per output topic', [
    'topic',
  ]),
  // Every scoring thread holds a whole replica of the authors table: its threads agree, so take one.
  profiles: gauge('riptide_scorer_author_profiles', 'Author profiles held in memory', [], {
    aggregator: 'max',
  }),
  profilesRejected: counter(
    'riptide_scorer_author_profiles_rejected_total',
    'Records of the authors topic that could not be applied (invalid profile, keyless tombstone)',
    [],
    { aggregator: 'max' },
  ),
};
