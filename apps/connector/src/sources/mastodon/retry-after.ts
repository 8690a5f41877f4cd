/** A server's wait longer than this is treated as this: a wrong clock must not park the connector for a day. */
const MAX_WAIT_MS = 15 * 60_000;

/**
 * How long a 429 asks the client to wait, in milliseconds: `Retry-After` (seconds or an HTTP date) or
 * else Mastodon's `X-RateLimit-Reset` (an ISO date); null when neither is there or readable.
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    const wait = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - nowMs;
    if (Number.isFinite(wait)) return bounded(wait);
  }
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  return Number.isFinite(reset) ? bounded(reset - nowMs) : null;
}

function bounded(wait: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(0, wait));
}
