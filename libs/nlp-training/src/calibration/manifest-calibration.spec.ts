import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModelManifest, SMALL_MODELS_DIR } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { writeManifestCalibration } from './manifest-calibration';

describe('writeManifestCalibration', () => {
  const committed = JSON.parse(readFileSync(join(SMALL_MODELS_DIR, 'stance-small.json'), 'utf8'));
  const manifest = { ...committed, calibration: undefined };
  const path = join(mkdtempSync(join(tmpdir(), 'riptide-manifest-')), 'stance-small.json');
  const calibration = {
    method: 'temperature',
    temperature: 1.25,
    folds: 5,
    eceBefore: 0.05,
    eceAfter: 0.02,
  } as const;

  it('adds the block after decisionOffsets and keeps every other field', () => {
    writeFileSync(path, JSON.stringify(manifest)); // undefined drops the key
    writeManifestCalibration(path, calibration);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    const keys = Object.keys(written);
    expect(keys.indexOf('calibration')).toBe(keys.indexOf('decisionOffsets') + 1);
    expect({ ...written, calibration: undefined }).toEqual({ ...manifest, calibration: undefined });
    expect(parseModelManifest(written, path).calibration).toEqual(calibration);
  });

  it('replaces an earlier block and refuses an invalid one', () => {
    writeManifestCalibration(path, { ...calibration, temperature: 0.8 });
    expect(JSON.parse(readFileSync(path, 'utf8')).calibration.temperature).toBe(0.8);
    expect(() => writeManifestCalibration(path, { ...calibration, temperature: -1 })).toThrow(
      /calibration\.temperature/,
    );
    expect(JSON.parse(readFileSync(path, 'utf8')).calibration.temperature).toBe(0.8);
  });
});
