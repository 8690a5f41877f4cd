import { describe, expect, it } from 'vitest';
import { type ModelManifest, applyTemperature, parseConfusionFile } from '@riptide/nlp';
import { outOfFoldConfusionFile } from './out-of-fold-confusion';

const manifest = {
  id: 'stance-small',
  version: '1.2.0',
  task: 'stance',
  labels: ['none', 'against', 'favor'],
  decisionOffsets: [0, 0, 0.7],
  onnx: { file: 'stance-small.onnx', sha256: 'b'.repeat(64), bytes: 1 },
} as unknown as ModelManifest;

// Four texts; the third is a near tie between none and favor that only the favor offset (+0.7) flips.
const train = {
  texts: ['a', 'b', 'c', 'd'],
  labels: Int32Array.from([0, 1, 2, 0]),
  targets: ['abortion', 'abortion', 'climate', 'climate'],
};
const probs = Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.5, 0.1, 0.4, 0.45, 0.1, 0.45]);

describe('outOfFoldConfusionFile', () => {
  it('decides labels by the manifest offsets, as the scorer does, and names the model id@version', () => {
    const file = parseConfusionFile(
      outOfFoldConfusionFile(manifest, train, { probs, folds: 5, seed: 7 }, 'test recipe'),
    );
    expect(file.model).toBe('stance-small@1.2.0');
    expect(file.onnxSha256).toBe('b'.repeat(64));
    // Text c (favor, p = 0.5 / 0.1 / 0.4): log 0.4 + 0.7 > log 0.5, so favor; text d (none) ties
    // none and favor at 0.45 and the offset sends it to favor as well.
    expect(file.targets.climate.counts).toEqual([
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(file.targets.abortion.counts).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('says which folds were held out when not all were predicted', () => {
    const file = outOfFoldConfusionFile(
      manifest,
      train,
      { probs, folds: 5, seed: 7, heldOut: { folds: [0], of: 20 } },
      'test recipe',
    );
    expect(file.method).toMatch(/^predictions on held-out fold 0 of a 5-fold split of the training split/);
    expect(file.data).toMatch(/4 held-out texts of 20/);
  });

  it('fits a temperature when the manifest has none, and tallies the calibrated probabilities', () => {
    const file = outOfFoldConfusionFile(manifest, train, { probs, folds: 5, seed: 7 }, 'test recipe');
    const temperature = file.calibration?.temperature ?? NaN;
    expect(file.calibration).toMatchObject({ method: 'temperature', folds: 5 });
    expect(temperature).not.toBeCloseTo(1, 2);
    expect(file.method).toMatch(new RegExp(`T ${temperature} fitted on these predictions`));
    const served = Float32Array.from(probs);
    applyTemperature(served, 3, temperature);
    // Climate's true `none` row is text d alone: its mean probabilities are its calibrated ones.
    file.targets.climate.mean_probs[0].forEach((p, k) => expect(p).toBeCloseTo(served[9 + k], 5));
  });

  it("uses the manifest's temperature when it has one, and the same labels as without", () => {
    const calibration = {
      method: 'temperature',
      temperature: 2,
      folds: 5,
      eceBefore: 0.2,
      eceAfter: 0.1,
    } as const;
    const calibrated = outOfFoldConfusionFile(
      { ...manifest, calibration },
      train,
      { probs, folds: 5, seed: 7 },
      'test recipe',
    );
    const plain = outOfFoldConfusionFile(manifest, train, { probs, folds: 5, seed: 7 }, 'test recipe');
    expect(calibrated.calibration).toEqual(calibration);
    expect(calibrated.method).toMatch(/T 2 from the model's manifest/);
    expect(calibrated.targets['*'].counts).toEqual(plain.targets['*'].counts);
    const served = Float32Array.from(probs.subarray(0, 3));
    applyTemperature(served, 3, 2);
    expect(calibrated.targets.abortion.mean_probs[0][0]).toBeCloseTo(served[0], 5);
    expect(parseConfusionFile(JSON.parse(JSON.stringify(calibrated))).calibration).toEqual(calibration);
  });
});
