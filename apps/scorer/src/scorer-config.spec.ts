import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORER_PORT, scorerConfigFromEnv } from './scorer-config';

describe('scorerConfigFromEnv', () => {
  it('has documented defaults', () => {
    const config = scorerConfigFromEnv({});
    expect(config).toMatchObject({
      port: DEFAULT_SCORER_PORT,
      groupId: 'scorer',
      tier: 'small',
      inferenceThreads: 1,
      threads: 1,
      chunkSize: 1000,
      textMinWords: 6,
      textBands: 4,
      textRows: 3,
    });
    expect(config.topicsFile).toMatch(/config\/topics\.json$/);
    expect(config.modelsDir).toBeUndefined();
    expect([...config.shareKinds]).toEqual(['post', 'url', 'domain', 'hashtag', 'text', 'media']);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
  });

  it('reads every variable', () => {
    const config = scorerConfigFromEnv({
      SCORER_PORT: '0',
      SCORER_GROUP_ID: 'scorer-eu',
      SCORER_TIER: 'accurate',
      SCORER_MODELS_DIR: '/models',
      SCORER_CLASSIFIERS: '/a.json, /b.json',
      SCORER_SHARE_KINDS: 'url,hashtag',
      SCORER_TEXT_BANDS: '8',
      SCORER_THREADS: '3',
      RIPTIDE_TOPIC_PREFIX: 'eu.',
    });
    expect(config).toMatchObject({
      port: 0,
      groupId: 'scorer-eu',
      tier: 'accurate',
      modelsDir: '/models',
      classifierManifests: ['/a.json', '/b.json'],
      textBands: 8,
      threads: 3,
    });
    expect([...config.shareKinds]).toEqual(['url', 'hashtag']);
    expect(config.kafka.topicPrefix).toBe('eu.');
  });

  it('names the variable and the problem', () => {
    expect(() => scorerConfigFromEnv({ SCORER_SHARE_KINDS: 'url,link' })).toThrow(
      /SCORER_SHARE_KINDS: "link" is not a shared-object kind/,
    );
    expect(() => scorerConfigFromEnv({ SCORER_CHUNK_SIZE: '0' })).toThrow(/SCORER_CHUNK_SIZE/);
    expect(() => scorerConfigFromEnv({ SCORER_THREADS: '0' })).toThrow(/SCORER_THREADS/);
    expect(() => scorerConfigFromEnv({ SCORER_GROUP_ID: 'a b' })).toThrow(/SCORER_GROUP_ID/);
    expect(() => scorerConfigFromEnv({ SCORER_TIER: 'Big Model' })).toThrow(/SCORER_TIER/);
    expect(() => scorerConfigFromEnv({ KAFKA_BROKERS: 'nohost' })).toThrow(/KAFKA_BROKERS/);
  });
});
