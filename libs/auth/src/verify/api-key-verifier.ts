import { createHash, timingSafeEqual } from 'node:crypto';
import { parseApiKeyToken } from '../keys/api-key-token';
import { verifyKeySecret } from '../keys/key-hash';
import type { ApiKeyInfo, ApiKeyStore, StoredApiKey } from '../store/api-key-store';
import { keyInfo } from '../store/api-key-store';

export type AuthenticationFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'wrong_secret' | 'busy';

export type Authentication =
  | { readonly ok: true; readonly key: ApiKeyInfo }
  | { readonly ok: false; readonly failure: AuthenticationFailure };

export interface ApiKeyVerifierOptions {
  /** How long a secret that passed scrypt is trusted without hashing it again. */
  readonly cacheTtlMs?: number;
  /** scrypt checks running at once; beyond it a request is turned away as `busy`. */
  readonly maxConcurrentChecks?: number;
}

interface Verified {
  readonly secretDigest: Buffer;
  /** The stored hash it was checked against: a key whose hash changed is checked again. */
  readonly storedHash: string;
  readonly until: number;
}

const REFUSED_LIMIT = 10_000;
const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * Turns an `Authorization: Bearer <key>` header into the key's public record, or says why not.
 *
 * scrypt costs 50-100 ms of a thread-pool thread by design; paying it on every request would cap a
 * service at a few dozen requests per second per core and let any client with a valid key id keep the
 * pool busy. So a secret that passed is remembered (as a SHA-256 digest, compared in constant time) for
 * `cacheTtlMs`, and so is a secret that failed (a client resending a wrong key costs no scrypt). Revocation does not wait for that: the store's record is looked up on every request, and
 * a revoked or removed key fails as soon as the store sees it (the file store: within its check
 * interval, 1 s). Concurrent checks of the same key share one scrypt, and at most `maxConcurrentChecks`
 * run at once, so guessing secrets for a known id cannot exhaust the pool.
 */
export class ApiKeyVerifier {
  private readonly verified = new Map<string, Verified>();
  /** Secrets that failed, by key id and digest, until when: a client resending a wrong key costs no scrypt. */
  private readonly refused = new Map<string, number>();
  private readonly checking = new Map<string, Promise<boolean>>();
  private readonly cacheTtlMs: number;
  private readonly maxConcurrentChecks: number;

  constructor(
    private readonly store: ApiKeyStore,
    options: ApiKeyVerifierOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxConcurrentChecks = options.maxConcurrentChecks ?? 8;
  }

  async authenticate(authorization: string | undefined): Promise<Authentication> {
    if (authorization === undefined || authorization.trim() === '') return { ok: false, failure: 'missing' };
    const token = parseApiKeyToken(BEARER.exec(authorization)?.[1] ?? '');
    if (!token) return { ok: false, failure: 'malformed' };
    const stored = await this.store.find(token.id);
    if (!stored) return { ok: false, failure: 'unknown' };
    if (stored.revoked_at !== null) return { ok: false, failure: 'revoked' };

    const secretDigest = createHash('sha256').update(token.secret).digest();
    const known = this.verified.get(stored.id);
    if (
      known &&
      known.until > Date.now() &&
      known.storedHash === stored.hash.hash &&
      timingSafeEqual(known.secretDigest, secretDigest)
    )
      return { ok: true, key: keyInfo(stored) };

    const attempt = `${stored.id}:${secretDigest.toString('hex')}`;
    if ((this.refused.get(attempt) ?? 0) > Date.now()) return { ok: false, failure: 'wrong_secret' };
    const check = this.sharedCheck(attempt, stored, token.secret);
    if (!check) return { ok: false, failure: 'busy' };
    if (!(await check)) {
      this.remember(attempt);
      return { ok: false, failure: 'wrong_secret' };
    }
    this.verified.set(stored.id, {
      secretDigest,
      storedHash: stored.hash.hash,
      until: Date.now() + this.cacheTtlMs,
    });
    return { ok: true, key: keyInfo(stored) };
  }

  /** Remembers a refused secret for the cache's time; the oldest is forgotten past REFUSED_LIMIT. */
  private remember(attempt: string): void {
    this.refused.delete(attempt);
    const oldest = this.refused.keys().next();
    if (this.refused.size >= REFUSED_LIMIT && !oldest.done) this.refused.delete(oldest.value);
    this.refused.set(attempt, Date.now() + this.cacheTtlMs);
  }

  /** One scrypt per distinct (key, secret) at a time; undefined when too many are running. */
  private sharedCheck(id: string, stored: StoredApiKey, secret: string): Promise<boolean> | undefined {
    const running = this.checking.get(id);
    if (running) return running;
    if (this.checking.size >= this.maxConcurrentChecks) return undefined;
    const check = verifyKeySecret(secret, stored.hash).finally(() => this.checking.delete(id));
    this.checking.set(id, check);
    return check;
  }
}
