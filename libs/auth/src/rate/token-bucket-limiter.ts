export interface RateLimit {
  /** Sustained requests per second. */
  readonly ratePerSecond: number;
  /** Requests that may come at once after a quiet spell (the bucket's size). */
  readonly burst: number;
}

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

/**
 * One token bucket per name (an API key id): each request takes a token, tokens come back at
 * `ratePerSecond` up to `burst`. Buckets exist only for names that made a request; with one per key,
 * that is bounded by the number of keys.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.ratePerSecond > 0))
      throw new RangeError(`ratePerSecond must be above 0, got ${limit.ratePerSecond}`);
    if (!(limit.burst >= 1)) throw new RangeError(`burst must be at least 1, got ${limit.burst}`);
  }

  take(name: string): RateDecision {
    const now = this.now();
    const bucket = this.buckets.get(name) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.ratePerSecond,
    );
    bucket.at = now;
    this.buckets.set(name, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    // Whole seconds, as Retry-After wants, rounded up so that a client that waits gets a token.
    return { allowed: false, retryAfterS: Math.ceil((1 - bucket.tokens) / this.limit.ratePerSecond) };
  }
}
