import { envInt } from '@riptide/observability';
import type { ApiKeyStore } from '../store/api-key-store';
import { apiKeysFileFromEnv, FileApiKeyStore } from '../store/file-api-key-store';
import type { RateLimit } from '../rate/token-bucket-limiter';

export interface AuthConfig {
  readonly store: ApiKeyStore;
  /** Applies to each key on its own. */
  readonly rateLimit: RateLimit;
  /** How long a verified secret is trusted without scrypt (revocation does not wait for it). */
  readonly cacheTtlMs: number;
}

type Env = Record<string, string | undefined>;

/**
 * The key file (RIPTIDE_API_KEYS_FILE, default `.local/api-keys.json`), each key's rate limit
 * (RIPTIDE_API_KEY_RATE requests per second, RIPTIDE_API_KEY_BURST at once) and the verification cache
 * (RIPTIDE_API_KEY_CACHE_MS).
 */
export function authConfigFromEnv(env: Env = process.env): AuthConfig {
  return {
    store: new FileApiKeyStore(apiKeysFileFromEnv(env)),
    rateLimit: {
      ratePerSecond: envInt('RIPTIDE_API_KEY_RATE', 50, { min: 1, max: 1_000_000 }, env),
      burst: envInt('RIPTIDE_API_KEY_BURST', 100, { min: 1, max: 1_000_000 }, env),
    },
    cacheTtlMs: envInt('RIPTIDE_API_KEY_CACHE_MS', 60_000, { min: 0, max: 3_600_000 }, env),
  };
}
