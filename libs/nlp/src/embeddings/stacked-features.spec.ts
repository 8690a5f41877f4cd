import { describe, expect, it } from 'vitest';
import { stackedDimensions, stackedRow, type EmbeddingBlock } from './stacked-features';

const block: EmbeddingBlock = { encoder: 'e', offset: 100, dimensions: 3, targets: ['abortion', 'climate'] };
const embedding = Float32Array.from([0.5, -0.25, 0.75]);

describe('stackedRow', () => {
  it('places the embedding after the hashed rows, then per-target copies and a target bias row', () => {
    expect(stackedDimensions(block)).toBe(100 + 3 * 3 + 2);
    const row = stackedRow(undefined, block, 'text', embedding, 'climate');
    expect(Array.from(row.indices)).toEqual([100, 101, 102, 106, 107, 108, 110]);
    expect(Array.from(row.values)).toEqual([0.5, -0.25, 0.75, 0.5, -0.25, 0.75, 1]);
  });

  it('uses only the shared embedding rows without a target, or for an unknown target', () => {
    expect(Array.from(stackedRow(undefined, block, 'text', embedding).indices)).toEqual([100, 101, 102]);
    expect(Array.from(stackedRow(undefined, block, 'text', embedding, 'hillary').indices)).toEqual([
      100, 101, 102,
    ]);
  });

  it('rejects an embedding of the wrong width', () => {
    expect(() => stackedRow(undefined, block, 'text', new Float32Array(2))).toThrow(
      'embedding: expected 3 values, got 2',
    );
  });
});
