import { describe, expect, it } from 'vitest';
import { denseInputWidth, writeDenseInput, type DenseHeadInput } from './dense-head-input';

const oneHot: DenseHeadInput = {
  encoder: 'e',
  dimensions: 3,
  targets: ['abortion', 'climate'],
  layout: 'one-hot',
  input: 'embedding',
};
const copies: DenseHeadInput = { ...oneHot, layout: 'per-target-copies' };
const embedding = Float32Array.from([0.5, -0.25, 0.75]);

describe('writeDenseInput', () => {
  it('one-hot: writes the embedding then a one-hot of the target, at the offset given', () => {
    expect(denseInputWidth(oneHot)).toBe(5);
    const out = new Float32Array(7);
    writeDenseInput(oneHot, embedding, 'climate', out, 2);
    expect(Array.from(out)).toEqual([0, 0, 0.5, -0.25, 0.75, 0, 1]);
  });

  it("per-target copies: the shared embedding, a copy in the target's block, then the one-hot", () => {
    expect(denseInputWidth(copies)).toBe(3 * 3 + 2);
    const out = new Float32Array(11).fill(9);
    writeDenseInput(copies, embedding, 'climate', out);
    expect(Array.from(out)).toEqual([0.5, -0.25, 0.75, 0, 0, 0, 0.5, -0.25, 0.75, 0, 1]);
  });

  it('gives the shared part only without a target or for an unknown one', () => {
    const out = new Float32Array(11).fill(9);
    writeDenseInput(copies, embedding, 'hillary', out);
    expect(Array.from(out)).toEqual([0.5, -0.25, 0.75, 0, 0, 0, 0, 0, 0, 0, 0]);
    const sentiment: DenseHeadInput = { ...oneHot, targets: [] };
    expect(denseInputWidth(sentiment)).toBe(3);
  });

  it('rejects an embedding of the wrong width', () => {
    expect(() => writeDenseInput(oneHot, new Float32Array(2), undefined, new Float32Array(5))).toThrow(
      'embedding: expected 3 values, got 2',
    );
  });
});
