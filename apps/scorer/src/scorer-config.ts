import { SHARE_OBJECT_KINDS, type ShareObjectKind } from '@riptide/contracts';
import { DEFAULT_MIN_TEXT_WORDS } from '@riptide/coordination';
import { ConfigError, envInt, envList, envString } from '@riptide/observability';
import { kafkaConnectionFromEnv, type KafkaConnection } from '@riptide/stream';
import { resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** Everything the scorer reads from its environment, validated at start (see docs/scorer.md). */
export interface ScorerConfig {
  readonly kafka: KafkaConnection;
  /** HTTP port of /metrics, /health and /ready; 0 picks a free port (tests). */
  readonly port: number;
  /** Consumer group of `posts.raw`, shared by every scorer instance of a deployment. */
  readonly groupId: string;
  readonly topicsFile: string;
  /** `small`, `accurate` or `accurate-e5`: the classifier tier scoring sentiment and stance. */
  readonly tier: string;
  /** Folder of the tier's model files; undefined = the tier's own default. */
  readonly modelsDir?: string;
  /** Hugging Face style classifier manifests (hf-classifier/v1) replacing the tier for their task. */
  readonly classifierManifests: readonly string[];
  readonly inferenceThreads: number;
  /** Scoring pipelines run in worker threads of this instance (1 = in the main thread); see docs/scorer.md. */
  readonly threads: number;
  /** Posts handed to the handler (and so to one inference call) at once. */
  readonly chunkSize: number;
  readonly partitionsConcurrently: number;
  readonly shareKinds: ReadonlySet<ShareObjectKind>;
  readonly textMinWords: number;
  readonly textBands: number;
  readonly textRows: number;
}

export const DEFAULT_SCORER_PORT = 8082;

export function scorerConfigFromEnv(env: Env = process.env): ScorerConfig {
  const tier = envString('SCORER_TIER', 'small', env);
  if (!/^[a-z][a-z0-9-]*$/.test(tier))
    throw new ConfigError(`SCORER_TIER must name a tier such as small or accurate, got "${tier}"`);
  const modelsDir = envString('SCORER_MODELS_DIR', '', env);
  return {
    kafka: kafkaConnectionFromEnv('riptide-scorer', env),
    port: envInt('SCORER_PORT', DEFAULT_SCORER_PORT, { min: 0, max: 65_535 }, env),
    groupId: groupIdFrom(envString('SCORER_GROUP_ID', 'scorer', env)),
    topicsFile: resolve(envString('SCORER_TOPICS_FILE', 'config/topics.json', env)),
    tier,
    ...(modelsDir === '' ? {} : { modelsDir: resolve(modelsDir) }),
    classifierManifests: envList('SCORER_CLASSIFIERS', [], env).map((path) => resolve(path)),
    inferenceThreads: envInt('SCORER_INFERENCE_THREADS', 1, { min: 1, max: 64 }, env),
    threads: envInt('SCORER_THREADS', 1, { min: 1, max: 64 }, env),
    chunkSize: envInt('SCORER_CHUNK_SIZE', 1_000, { min: 1, max: 100_000 }, env),
    partitionsConcurrently: envInt('SCORER_PARTITIONS_CONCURRENTLY', 1, { min: 1, max: 64 }, env),
    shareKinds: shareKindsFrom(envList('SCORER_SHARE_KINDS', [...SHARE_OBJECT_KINDS], env)),
    textMinWords: envInt('SCORER_TEXT_MIN_WORDS', DEFAULT_MIN_TEXT_WORDS, { min: 1, max: 1_000 }, env),
    textBands: envInt('SCORER_TEXT_BANDS', 4, { min: 1, max: 256 }, env),
    textRows: envInt('SCORER_TEXT_ROWS', 3, { min: 1, max: 64 }, env),
  };
}

function groupIdFrom(groupId: string): string {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(groupId))
    throw new ConfigError(
      `SCORER_GROUP_ID may only hold letters, digits, '.', '_' and '-' (1-200), got "${groupId}"`,
    );
  return groupId;
}

function shareKindsFrom(names: readonly string[]): ReadonlySet<ShareObjectKind> {
  const kinds = new Set<ShareObjectKind>();
  for (const name of names) {
    const kind = SHARE_OBJECT_KINDS.find((known) => known === name);
    if (!kind)
      throw new ConfigError(
        `SCORER_SHARE_KINDS: "${name}" is not a shared-object kind (${SHARE_OBJECT_KINDS.join(', ')})`,
      );
    kinds.add(kind);
  }
  return kinds;
}
