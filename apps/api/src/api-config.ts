import { authConfigFromEnv, type AuthConfig } from '@riptide/auth';
import { envChoice, envInt, envString } from '@riptide/observability';
import { storeOptionsFromEnv, type StoreOptions } from '@riptide/store';
import { kafkaConnectionFromEnv, type KafkaConnection } from '@riptide/stream';
import { resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** Everything the api reads from its environment, validated at start. */
export interface ApiConfig {
  /** Port of the REST api, the console, /docs, /metrics, /health and /ready; 0 picks a free one (tests). */
  readonly httpPort: number;
  /** Consumer group of the materialisers. */
  readonly groupId: string;
  readonly kafka: KafkaConnection;
  /** DATABASE_URL (PostgreSQL), else PGlite in RIPTIDE_PGLITE_DIR. */
  readonly store: StoreOptions;
  /** The topic registry (topics/v1), copied into the store at start for /v1/topics and cluster topic matching. */
  readonly topicsFile: string;
  /** false: serve the store only, consume nothing (a read replica, or a benchmark over a seeded store). */
  readonly materialise: boolean;
  /** The console build (index.html, app.js, app.css) served under /console/. */
  readonly consoleDir: string;
  /** Bytes of answers kept for reuse while the store is unchanged (API_RESPONSE_CACHE_MB); 0 turns it off. */
  readonly responseCacheBytes: number;
  /** How often the store is asked whether anyone else changed it (API_STORE_POLL_MS): the cache's staleness bound. */
  readonly storePollMs: number;
  /** Rate limits and key cache (RIPTIDE_API_KEY_*); the key store itself is the database's, set at start. */
  readonly auth: Omit<AuthConfig, 'store'>;
}

export const DEFAULT_API_PORT = 8085;

export function apiConfigFromEnv(env: Env = process.env): ApiConfig {
  // The file key store authConfigFromEnv names is not used: the api's keys live in its database.
  const { rateLimit, cacheTtlMs } = authConfigFromEnv(env);
  return {
    httpPort: envInt('API_HTTP_PORT', DEFAULT_API_PORT, { min: 0, max: 65_535 }, env),
    groupId: envString('API_GROUP_ID', 'api', env),
    kafka: kafkaConnectionFromEnv('riptide-api', env),
    store: storeOptionsFromEnv(env),
    topicsFile: resolve(
      envString('API_TOPICS_FILE', envString('RIPTIDE_TOPICS_FILE', 'config/topics.json', env), env),
    ),
    materialise: envChoice('API_MATERIALISE', ['true', 'false'], 'true', env) === 'true',
    consoleDir: resolve(envString('API_CONSOLE_DIR', 'dist/console', env)),
    responseCacheBytes: envInt('API_RESPONSE_CACHE_MB', 64, { min: 0, max: 65_536 }, env) * 1024 * 1024,
    storePollMs: envInt('API_STORE_POLL_MS', 1_000, { min: 50, max: 60_000 }, env),
    auth: { rateLimit, cacheTtlMs },
  };
}
