import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTopLayersBlock, topLayersOfManifest } from './top-layers-manifest';

const GRAPH = Buffer.from('not really onnx, but bytes with a checksum');
const BLOCK = {
  file: 'head.top-layers.onnx',
  sha256: createHash('sha256').update(GRAPH).digest('hex'),
  bytes: GRAPH.length,
  encoder: 'e5-small-v2-q',
  firstLayer: 10,
  layers: 2,
};

describe('top-layers manifest block', () => {
  const folder = mkdtempSync(join(tmpdir(), 'top-layers-manifest-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  writeFileSync(join(folder, BLOCK.file), GRAPH);
  const manifest = (content: object) => {
    const path = join(folder, `m${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('gives the layers file, the tuned vectors id and the first replaced layer', () => {
    const path = manifest({ topLayers: BLOCK, embedding: { encoder: 'e5-small-v2-q+head' } });
    const file = topLayersOfManifest(path);
    expect({ ...file, onnxBytes: Buffer.from(file?.onnxBytes ?? []) }).toEqual({
      id: 'e5-small-v2-q+head',
      onnxBytes: GRAPH,
      firstLayer: 10,
    });
  });

  it('is undefined for a head on the frozen encoder', () => {
    expect(topLayersOfManifest(manifest({ embedding: { encoder: 'e5-small-v2-q' } }))).toBeUndefined();
  });

  it('names the field of a malformed block', () => {
    expect(() => parseTopLayersBlock({ ...BLOCK, firstLayer: 0 }, 'm.json')).toThrow(
      'm.json: topLayers.firstLayer: expected an integer >= 1',
    );
    expect(() => parseTopLayersBlock({ ...BLOCK, sha256: 'abc' }, 'm.json')).toThrow(
      'm.json: topLayers.sha256: expected 64 lower-case hex digits',
    );
    expect(() => parseTopLayersBlock({ ...BLOCK, file: '' }, 'm.json')).toThrow(
      'm.json: topLayers.file: expected a non-empty string',
    );
    expect(() => parseTopLayersBlock([], 'm.json')).toThrow('m.json: topLayers.(block): expected an object');
  });

  it('refuses a layers file whose checksum differs, naming both sums', () => {
    const path = manifest({ topLayers: { ...BLOCK, sha256: '0'.repeat(64) }, embedding: { encoder: 'x' } });
    expect(() => topLayersOfManifest(path)).toThrow(
      `topLayers.sha256: ${BLOCK.file} has sha256 ${BLOCK.sha256}, the manifest expects ${'0'.repeat(64)}`,
    );
  });

  it('says which file cannot be read', () => {
    const path = manifest({ topLayers: { ...BLOCK, file: 'gone.onnx' }, embedding: { encoder: 'x' } });
    expect(() => topLayersOfManifest(path)).toThrow(/topLayers\.file: .*gone\.onnx cannot be read/);
  });
});
