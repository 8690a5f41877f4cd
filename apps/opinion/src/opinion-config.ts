import { envInt, envNumber, envString } from '@riptide/observability';
import { opinionSettingsFromEnv, type OpinionSettings } from '@riptide/opinion';
import { kafkaConnectionFromEnv, type KafkaConnection } from '@riptide/stream';
import { resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** Everything the opinion service reads from its environment, validated at start (see docs/opinion.md). */
export interface OpinionConfig {
  readonly kafka: KafkaConnection;
  /** Port of /metrics, /health and /ready; 0 picks a free one (tests). */
  readonly httpPort: number;
  /** Consumer group of `stance.observations`; each topic (a key) belongs to one member. */
  readonly groupId: string;
  /** Population margins (population/v1) that estimates are post-stratified to; dimensions and groups come from here. */
  readonly populationFile: string;
  /** The topic registry (topics/v1): which stance target each topic's model scores, for its confusion matrix. */
  readonly topicsFile: string;
  /** Folder searched (one level of sub-folders) for `*.confusion.json` files beside the models. */
  readonly modelsDir: string;
  /** The estimation's settings (bucket width, interval level, weight cap, ...): RIPTIDE_OPINION_* variables. */
  readonly settings: OpinionSettings;
  /** Event time a bucket stays open after its end for observations that arrive late. */
  readonly latenessSeconds: number;
  /**
   * Wall-clock seconds without observations after which buckets that ended more than the lateness ago
   * (by the wall clock) are closed anyway: a topic that goes quiet would otherwise hold its last bucket
   * open until its next observation.
   */
  readonly quietCloseSeconds: number;
  /** Closed buckets the state covers (detector history, author panel): what a replay rebuilds. */
  readonly horizonBuckets: number;
  /** Rebuilds look back at most this far in broker time (the input topic's retention). */
  readonly maxReplayLookbackSeconds: number;
}

export const DEFAULT_OPINION_PORT = 8084;

export function opinionConfigFromEnv(env: Env = process.env): OpinionConfig {
  return {
    kafka: kafkaConnectionFromEnv('riptide-opinion', env),
    httpPort: envInt('OPINION_HTTP_PORT', DEFAULT_OPINION_PORT, { min: 0, max: 65_535 }, env),
    groupId: envString('OPINION_GROUP_ID', 'opinion', env),
    populationFile: resolve(envString('OPINION_POPULATION_FILE', 'config/population.json', env)),
    topicsFile: resolve(envString('OPINION_TOPICS_FILE', 'config/topics.json', env)),
    modelsDir: resolve(envString('OPINION_MODELS_DIR', 'models', env)),
    settings: opinionSettingsFromEnv(env),
    latenessSeconds: envNumber('OPINION_LATENESS_S', 300, { min: 0, max: 7 * 24 * 3600 }, env),
    quietCloseSeconds: envNumber('OPINION_QUIET_CLOSE_S', 30, { min: 0.01, max: 24 * 3600 }, env),
    horizonBuckets: envInt('OPINION_HORIZON_BUCKETS', 72, { min: 2, max: 10_000 }, env),
    maxReplayLookbackSeconds: envNumber('OPINION_MAX_REPLAY_LOOKBACK_S', 7 * 24 * 3600, { min: 1 }, env),
  };
}
