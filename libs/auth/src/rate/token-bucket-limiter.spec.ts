import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './token-bucket-limiter';

function limiterAt(ratePerSecond: number, burst: number) {
  const clock = { ms: 0 };
  return { clock, limiter: new TokenBucketLimiter({ ratePerSecond, burst }, () => clock.ms) };
}

describe('TokenBucketLimiter', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const { limiter } = limiterAt(2, 3);
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterS: 1 });
  });

  it('refills at the rate, never above the burst', () => {
    const { clock, limiter } = limiterAt(2, 3);
    for (let i = 0; i < 3; i++) limiter.take('k');
    clock.ms = 500; // one token back
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k').allowed).toBe(false);
    clock.ms = 60_000; // a long pause refills to the burst only
    expect([1, 2, 3, 4].map(() => limiter.take('k').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per key', () => {
    const { limiter } = limiterAt(1, 1);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('rounds Retry-After up to whole seconds at slow rates', () => {
    const { limiter } = limiterAt(0.1, 1);
    limiter.take('k');
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterS: 10 });
  });

  it('refuses a rate or burst that would never let anything through', () => {
    expect(() => new TokenBucketLimiter({ ratePerSecond: 0, burst: 1 })).toThrow(/ratePerSecond/);
    expect(() => new TokenBucketLimiter({ ratePerSecond: 1, burst: 0 })).toThrow(/burst/);
  });
});
