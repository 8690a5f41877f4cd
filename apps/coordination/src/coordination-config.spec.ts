import { describe, expect, it } from 'vitest';
import { coordinationConfigFromEnv, detectorSignals } from './coordination-config';

describe('coordinationConfigFromEnv', () => {
  it('gives documented defaults with an empty environment', () => {
    const config = coordinationConfigFromEnv({});
    expect(config.role).toBe('both');
    expect(config.httpPort).toBe(8083);
    expect(config.detect).toEqual({ windows: {}, allowedLatenessSeconds: 30, maxSharesPerObject: 10_000 });
    expect(config.cluster).toMatchObject({
      halfLifeSeconds: 21_600,
      minWeight: 3,
      weightQuantile: 0.5,
      method: 'louvain',
      snapshotIntervalSeconds: 60,
      snapshotQuietSeconds: 2,
    });
  });

  it('reads per-signal windows and weights', () => {
    const config = coordinationConfigFromEnv({
      COORDINATION_WINDOWS_S: 'co-post=120, co-domain=5',
      COORDINATION_WEIGHTS: 'co-hashtag=0.1',
    });
    expect(config.detect.windows).toEqual({ 'co-post': 120, 'co-domain': 5 });
    expect(config.cluster.weights).toEqual({ 'co-hashtag': 0.1 });
    expect(detectorSignals(config.detect)).toEqual({
      'co-post': { windowSeconds: 120 },
      'co-domain': { windowSeconds: 5 },
    });
  });

  it('names the variable and the problem', () => {
    expect(() => coordinationConfigFromEnv({ COORDINATION_ROLE: 'all' })).toThrow(
      /COORDINATION_ROLE must be one of detect, cluster, both, got "all"/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_WINDOWS_S: 'co-pots=60' })).toThrow(
      /COORDINATION_WINDOWS_S: "co-pots" is not a signal/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_WINDOWS_S: 'co-post=-1' })).toThrow(
      /COORDINATION_WINDOWS_S: co-post must be a number >= 0/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_WEIGHTS: 'co-url=1,co-url=2' })).toThrow(
      /co-url is given twice/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_WEIGHT_QUANTILE: '1.5' })).toThrow(
      /COORDINATION_WEIGHT_QUANTILE must be a number from 0 to 1, got "1.5"/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_COMMUNITY_METHOD: 'leiden' })).toThrow(
      /COORDINATION_COMMUNITY_METHOD/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_SNAPSHOT_EVERY_EDGES: '0' })).toThrow(
      /COORDINATION_SNAPSHOT_EVERY_EDGES/,
    );
    expect(() => coordinationConfigFromEnv({ COORDINATION_SNAPSHOT_QUIET_S: '0' })).toThrow(
      /COORDINATION_SNAPSHOT_QUIET_S must be a number from 0.01 to 3600, got "0"/,
    );
  });
});
