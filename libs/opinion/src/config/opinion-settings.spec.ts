import { describe, expect, it } from 'vitest';
import { configErrorOf } from './config-error-of';
import { DEFAULT_OPINION_SETTINGS, opinionSettingsFromEnv, parseOpinionSettings } from './opinion-settings';

function fieldOf(parse: () => unknown): string {
  return configErrorOf(parse).field;
}

describe('parseOpinionSettings', () => {
  it('fills every missing setting with its default', () => {
    expect(parseOpinionSettings({})).toEqual(DEFAULT_OPINION_SETTINGS);
    expect(DEFAULT_OPINION_SETTINGS).toMatchObject({
      bucketWidthMs: 3_600_000,
      confidence: 0.9,
      weightCap: 5,
      rakingMaxIterations: 100,
      rakingTolerance: 1e-6,
    });
  });

  it('reads numbers and numeric strings', () => {
    const settings = parseOpinionSettings({ weightCap: '4', confidence: 0.95, correction: 'acc' });
    expect(settings.weightCap).toBe(4);
    expect(settings.confidence).toBe(0.95);
    expect(settings.correction).toBe('acc');
  });

  it('names the setting that is out of range, not whole, unknown or not a number', () => {
    expect(fieldOf(() => parseOpinionSettings({ confidence: 1 }))).toBe('confidence');
    expect(fieldOf(() => parseOpinionSettings({ weightCap: 1 }))).toBe('weightCap');
    expect(fieldOf(() => parseOpinionSettings({ rakingMaxIterations: 2.5 }))).toBe('rakingMaxIterations');
    expect(fieldOf(() => parseOpinionSettings({ bucketWidthMs: 'an hour' }))).toBe('bucketWidthMs');
    expect(fieldOf(() => parseOpinionSettings({ weigthCap: 4 }))).toBe('weigthCap');
    expect(fieldOf(() => parseOpinionSettings({ correction: 'em' }))).toBe('correction');
    expect(() => parseOpinionSettings({ confidence: 1 })).toThrow(
      /confidence: must be a number above 0 below 1, got 1/,
    );
  });
});

describe('opinionSettingsFromEnv', () => {
  it('reads RIPTIDE_OPINION_* variables, ignores blanks and names the variable on error', () => {
    const settings = opinionSettingsFromEnv({
      RIPTIDE_OPINION_BUCKET_WIDTH_MS: '900000',
      RIPTIDE_OPINION_POOLING_STRENGTH: '',
      RIPTIDE_OPINION_CORRECTION: 'acc',
    });
    expect(settings.bucketWidthMs).toBe(900_000);
    expect(settings.poolingStrength).toBe(DEFAULT_OPINION_SETTINGS.poolingStrength);
    expect(settings.correction).toBe('acc');
    expect(fieldOf(() => opinionSettingsFromEnv({ RIPTIDE_OPINION_WEIGHT_CAP: '0.5' }))).toBe(
      'RIPTIDE_OPINION_WEIGHT_CAP',
    );
  });
});
