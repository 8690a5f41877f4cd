import { describe, expect, it } from 'vitest';
import { coordinationConfigFromEnv } from '../coordination-config';
import { ClusterBuilder } from '../cluster/cluster-builder';
import { lookbackStartMs } from './read-event-time-horizon';

describe('lookbackStartMs', () => {
  it('gives whole milliseconds for the cluster role’s fractional decay horizon, rounding back in time', () => {
    const horizon = new ClusterBuilder(coordinationConfigFromEnv({}).cluster).horizonSeconds;
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
