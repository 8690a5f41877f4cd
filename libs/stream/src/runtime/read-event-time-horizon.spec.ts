import { describe, expect, it } from 'vitest';
import { lookbackStartMs } from './read-event-time-horizon';

describe('lookbackStartMs', () => {
  it('gives whole milliseconds for a fractional horizon (a decay horizon), rounding back in time', () => {
    // A decay horizon (half-life times log2 of 1 / prune threshold) is fractional, like the cluster role's.
    const horizon = 6 * 3600 * Math.log2(1 / 0.05);
    expect(Number.isInteger(horizon * 1000)).toBe(false);
    const nowMs = 1_764_806_400_123;
    const start = lookbackStartMs(nowMs, horizon + 60);
    // What Kafka's ListOffsets needs (kafkajs converts it with BigInt, which throws on a fraction).
    expect(() => BigInt(start)).not.toThrow();
    const exact = nowMs - (horizon + 60) * 1000;
    expect(start).toBeLessThan(exact);
    expect(exact - start).toBeLessThan(1);
  });
});
