import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after';

const now = Date.parse('2025-06-01T12:00:00Z');

describe('retryAfterMs', () => {
  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '7' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'Retry-After': 'Sun, 01 Jun 2025 12:00:30 GMT' }), now)).toBe(30_000);
  });

  it("falls back to Mastodon's X-RateLimit-Reset", () => {
    expect(retryAfterMs(new Headers({ 'X-RateLimit-Reset': '2025-06-01T12:02:00.000Z' }), now)).toBe(120_000);
  });

  it('is null without a readable header, never negative, and capped', () => {
    expect(retryAfterMs(new Headers(), now)).toBeNull();
    expect(retryAfterMs(new Headers({ 'Retry-After': 'soon' }), now)).toBeNull();
    expect(retryAfterMs(new Headers({ 'X-RateLimit-Reset': '2025-06-01T11:00:00Z' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'Retry-After': '86400' }), now)).toBe(15 * 60_000);
  });
});
