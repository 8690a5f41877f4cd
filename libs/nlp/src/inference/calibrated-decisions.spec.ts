import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_MODELS_DIR } from '../tiers/small-tier';
import { applyTemperature } from './calibration';
import { OnnxLinearClassifier } from './onnx-linear-classifier';

const TEXTS = [
  'I love this so much, best day ever!',
  'not good at all, really disappointed',
  'The meeting is at 3pm tomorrow',
  "can't wait for the weekend :)",
  'meh, it was ok I guess',
  'Worst service I have ever had #fail',
  'New phone arrives on Monday',
  'so happy for you guys, congrats',
  'I do not hate it but I do not like it either',
  'traffic again on the 405...',
  'watching the game tonight with friends',
  'why does this always happen to me',
  'great, another rainy day',
  'thanks for nothing @user',
  'the new album is out now http://t.co/x',
  'honestly not bad for a first try',
];

/** The same committed model twice: as committed, and with offsets and a temperature in its manifest. */
describe('calibration in OnnxLinearClassifier', () => {
  const offsets = [0, -0.4, 0.3];
  const temperature = 3;
  let plain: OnnxLinearClassifier;
  let calibrated: OnnxLinearClassifier;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riptide-calibration-'));
    const manifest = JSON.parse(readFileSync(join(SMALL_MODELS_DIR, 'sentiment-small.json'), 'utf8'));
    copyFileSync(join(SMALL_MODELS_DIR, manifest.onnx.file), join(dir, manifest.onnx.file));
    const calibration = { method: 'temperature', temperature, folds: 5, eceBefore: 0.1, eceAfter: 0.01 };
    // `calibration: undefined` drops the committed model's own block from the plain copy.
    writeFileSync(
      join(dir, 'plain.json'),
      JSON.stringify({ ...manifest, decisionOffsets: offsets, calibration: undefined }),
    );
    writeFileSync(
      join(dir, 'calibrated.json'),
      JSON.stringify({ ...manifest, decisionOffsets: offsets, calibration }),
    );
    plain = await OnnxLinearClassifier.load(join(dir, 'plain.json'));
    calibrated = await OnnxLinearClassifier.load(join(dir, 'calibrated.json'));
  });

  afterAll(async () => {
    await plain.close();
    await calibrated.close();
  });

  it('returns softmax(log p / T) of the uncalibrated probabilities', async () => {
    const raw = await plain.classify(TEXTS);
    const served = await calibrated.classify(TEXTS);
    expect(calibrated.calibration?.temperature).toBe(temperature);
    expect(plain.calibration).toBeUndefined();
    raw.forEach((result, i) => {
      const expected = Float32Array.from(result.probs);
      applyTemperature(expected, 3, temperature);
      expected.forEach((p, c) => expect(served[i].probs[c]).toBeCloseTo(p, 6));
      expect(Math.max(...served[i].probs)).toBeLessThan(Math.max(...result.probs));
    });
  });

  it('decides every label as without calibration, where offsets on calibrated log-probs would not', async () => {
    const raw = await plain.classify(TEXTS);
    const served = await calibrated.classify(TEXTS);
    expect(served.map((r) => r.label)).toEqual(raw.map((r) => r.label));
    // The check has teeth: the offsets applied to the calibrated log-probabilities change some labels.
    const naive = served.map((r) => {
      const scores = Array.from(r.probs, (p, c) => Math.log(p) + offsets[c]);
      return calibrated.labels[scores.indexOf(Math.max(...scores))];
    });
    expect(naive).not.toEqual(raw.map((r) => r.label));
  });
});
