import { SIGNALS, type Signal, type SignalSettings } from '@riptide/coordination';
import { ConfigError, envChoice, envInt, envNumber } from '@riptide/observability';
import { kafkaConnectionFromEnv, type KafkaConnection } from '@riptide/stream';

export const COORDINATION_ROLES = ['detect', 'cluster', 'both'] as const;
export type CoordinationRole = (typeof COORDINATION_ROLES)[number];
export const COMMUNITY_METHODS = ['louvain', 'components'] as const;
export type CommunityMethod = (typeof COMMUNITY_METHODS)[number];

/** What the detect role needs: how shares pair up. */
export interface DetectSettings {
  /** Per-signal window overrides (seconds); unset signals keep the library defaults. */
  readonly windows: Partial<Record<Signal, number>>;
  readonly allowedLatenessSeconds: number;
  readonly maxSharesPerObject: number;
}

/** What the cluster role needs: how edges become clusters. */
export interface ClusterSettings {
  /** Per-signal weight overrides; unset signals keep the library defaults. */
  readonly weights: Partial<Record<Signal, number>>;
  readonly halfLifeSeconds: number;
  readonly pruneBelow: number;
  /** A snapshot is taken after this many edges, or this much event time, whichever comes first. */
  readonly snapshotEveryEdges: number;
  readonly snapshotIntervalSeconds: number;
  /**
   * Wall-clock seconds without a new batch after which edges folded since the last snapshot are
   * published anyway: neither trigger above fires once the edges stop, so the final state would wait for
   * the next batch (or for ever, when the last edges do not move event time on).
   */
  readonly snapshotQuietSeconds: number;
  readonly minWeight: number;
  readonly weightQuantile: number;
  readonly minClusterSize: number;
  readonly method: CommunityMethod;
  readonly louvainSeed: number;
  readonly minJaccard: number;
}

export interface CoordinationConfig {
  readonly role: CoordinationRole;
  /** Port of the /metrics /health /ready listener; 0 picks a free one. */
  readonly httpPort: number;
  readonly kafka: KafkaConnection;
  readonly detect: DetectSettings;
  readonly cluster: ClusterSettings;
  /** Rebuilds look back at most this far in broker time (the input topics' retention). */
  readonly maxReplayLookbackSeconds: number;
}

type Env = Record<string, string | undefined>;

/** Reads and checks every COORDINATION_* variable at start; each error names the variable and the problem. */
export function coordinationConfigFromEnv(env: Env = process.env): CoordinationConfig {
  return {
    role: envChoice('COORDINATION_ROLE', COORDINATION_ROLES, 'both', env),
    httpPort: envInt('COORDINATION_HTTP_PORT', 8083, { min: 0, max: 65_535 }, env),
    kafka: kafkaConnectionFromEnv('riptide-coordination', env),
    detect: {
      windows: envSignalMap('COORDINATION_WINDOWS_S', env),
      allowedLatenessSeconds: envNumber('COORDINATION_LATENESS_S', 30, { min: 0 }, env),
      maxSharesPerObject: envInt('COORDINATION_MAX_SHARES_PER_OBJECT', 10_000, { min: 1 }, env),
    },
    cluster: {
      weights: envSignalMap('COORDINATION_WEIGHTS', env),
      halfLifeSeconds: envNumber('COORDINATION_HALF_LIFE_S', 6 * 3600, { min: 1 }, env),
      pruneBelow: envNumber('COORDINATION_PRUNE_BELOW', 0.05, { min: 1e-9, max: 1 }, env),
      snapshotEveryEdges: envInt('COORDINATION_SNAPSHOT_EVERY_EDGES', 5_000, { min: 1 }, env),
      snapshotIntervalSeconds: envNumber('COORDINATION_SNAPSHOT_INTERVAL_S', 60, { min: 0 }, env),
      snapshotQuietSeconds: envNumber('COORDINATION_SNAPSHOT_QUIET_S', 2, { min: 0.01, max: 3600 }, env),
      minWeight: envNumber('COORDINATION_MIN_WEIGHT', 3, { min: 0 }, env),
      weightQuantile: envNumber('COORDINATION_WEIGHT_QUANTILE', 0.5, { min: 0, max: 1 }, env),
      minClusterSize: envInt('COORDINATION_MIN_CLUSTER_SIZE', 3, { min: 2 }, env),
      method: envChoice('COORDINATION_COMMUNITY_METHOD', COMMUNITY_METHODS, 'louvain', env),
      louvainSeed: envInt('COORDINATION_LOUVAIN_SEED', 42, { min: 0 }, env),
      minJaccard: envNumber('COORDINATION_MIN_JACCARD', 0.3, { min: 0.01, max: 1 }, env),
    },
    maxReplayLookbackSeconds: envNumber('COORDINATION_MAX_REPLAY_LOOKBACK_S', 7 * 24 * 3600, { min: 1 }, env),
  };
}

/** The library settings the detect role runs with: windows from the config, weights left to the cluster role. */
export function detectorSignals(settings: DetectSettings): Partial<Record<Signal, Partial<SignalSettings>>> {
  return Object.fromEntries(
    Object.entries(settings.windows).map(([signal, windowSeconds]) => [signal, { windowSeconds }]),
  );
}

/** `co-post=60,co-domain=10`: per-signal numbers (>= 0), each signal named at most once. */
function envSignalMap(name: string, env: Env): Partial<Record<Signal, number>> {
  const raw = env[name];
  const map: Partial<Record<Signal, number>> = {};
  if (raw === undefined || raw.trim() === '') return map;
  for (const entry of raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const [signal, value, extra] = entry.split('=').map((part) => part.trim());
    if (!(SIGNALS as readonly string[]).includes(signal)) {
      throw new ConfigError(
        `${name}: "${signal}" is not a signal (${SIGNALS.join(', ')}); write signal=number pairs separated by commas`,
      );
    }
    const number = Number(value);
    if (
      extra !== undefined ||
      value === undefined ||
      value === '' ||
      !Number.isFinite(number) ||
      number < 0
    ) {
      throw new ConfigError(`${name}: ${signal} must be a number >= 0, got "${entry}"`);
    }
    if (map[signal as Signal] !== undefined) throw new ConfigError(`${name}: ${signal} is given twice`);
    map[signal as Signal] = number;
  }
  return map;
}
