import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyModels } from './verify-models';

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

describe('verifyModels', () => {
  let root: string;
  let models: string;
  let encoders: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'riptide-verify-models-'));
    models = join(root, 'models');
    encoders = join(root, 'encoders');
    mkdirSync(join(models, 'small'), { recursive: true });
    mkdirSync(join(encoders, 'tiny-encoder'), { recursive: true });
    writeFileSync(join(models, 'small/head.onnx'), 'head');
    writeFileSync(join(models, 'small/layers.onnx'), 'layers');
    writeFileSync(
      join(models, 'small/head.json'),
      JSON.stringify({
        onnx: { file: 'head.onnx', sha256: sha256('head'), bytes: 4 },
        topLayers: { file: 'layers.onnx', sha256: sha256('layers') },
      }),
    );
    writeFileSync(join(encoders, 'tiny-encoder/model.onnx'), 'encoder');
    writeFileSync(join(encoders, 'tiny-encoder/tokenizer.json'), '{}');
    writeFileSync(
      join(models, 'small/tiny.manifest.json'),
      JSON.stringify({
        id: 'tiny-encoder',
        license: 'MIT',
        maven: { groupId: 'g', artifactId: 'a', version: '1' },
        files: {
          model: { jarEntry: 'm.onnx', fileName: 'model.onnx', sha256: sha256('encoder') },
          tokenizer: { jarEntry: 't.json', fileName: 'tokenizer.json', sha256: sha256('{}') },
        },
        dimensions: 4,
        maxTokens: 8,
      }),
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes pinned tier files and encoders, with the checksum and size of each', () => {
    const verified = verifyModels(models, encoders).map((file) => ({
      ...file,
      path: file.path.slice(root.length + 1),
    }));
    expect(verified).toEqual([
      { path: 'encoders/tiny-encoder/model.onnx', sha256: sha256('encoder'), bytes: 7 },
      { path: 'encoders/tiny-encoder/tokenizer.json', sha256: sha256('{}'), bytes: 2 },
      { path: 'models/small/head.onnx', sha256: sha256('head'), bytes: 4 },
      { path: 'models/small/layers.onnx', sha256: sha256('layers'), bytes: 6 },
    ]);
  });

  it('fails on a changed tier file, a changed encoder, a missing one and an unpinned ONNX file', () => {
    writeFileSync(join(models, 'small/layers.onnx'), 'tampered');
    writeFileSync(join(encoders, 'tiny-encoder/model.onnx'), 'other');
    rmSync(join(models, 'small/head.onnx'));
    writeFileSync(join(models, 'small/stray.onnx'), 'stray');
    let message = '';
    try {
      verifyModels(models, encoders);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/layers\.onnx has sha256 [0-9a-f]{64}, its manifest pins/);
    expect(message).toMatch(/tiny-encoder\/model\.onnx has sha256 [0-9a-f]{64}, its manifest pins/);
    expect(message).toMatch(/head\.onnx is missing/);
    expect(message).toMatch(/stray\.onnx is pinned by no manifest/);
  });
});
