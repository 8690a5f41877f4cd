import { describe, expect, it } from 'vitest';
import { dot, meanPoolNormalize } from './mean-pool';

describe('meanPoolNormalize', () => {
  it('averages only unmasked tokens, then scales to unit length', () => {
    // Batch of 2, sequence 3, dim 2. Row 0 masks its last token (a padding value of 100 must not count).
    const hidden = Float32Array.from([1, 0, 3, 0, 100, 100, 0, 2, 0, 4, 0, 6]);
    const mask = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]);
    const [first, second] = meanPoolNormalize(hidden, mask, 2, 3, 2);
    expect(Array.from(first)).toEqual([1, 0]);
    expect(Array.from(second)).toEqual([0, 1]);
  });

  it('keeps a direction: mean of (3,4) and (3,4) is (0.6, 0.8)', () => {
    const [vector] = meanPoolNormalize(
      Float32Array.from([3, 4, 3, 4]),
      BigInt64Array.from([1n, 1n]),
      1,
      2,
      2,
    );
    expect(vector[0]).toBeCloseTo(0.6, 6);
    expect(vector[1]).toBeCloseTo(0.8, 6);
  });

  it('returns a zero vector rather than NaN for an all-zero input', () => {
    const [vector] = meanPoolNormalize(new Float32Array(2), BigInt64Array.from([1n]), 1, 1, 2);
    expect(Array.from(vector)).toEqual([0, 0]);
  });

  it('rejects shapes that do not fit the data', () => {
    expect(() => meanPoolNormalize(new Float32Array(5), BigInt64Array.from([1n]), 1, 1, 2)).toThrow(
      'hidden: expected 1x1x2 values, got 5',
    );
    expect(() => meanPoolNormalize(new Float32Array(4), BigInt64Array.from([1n]), 1, 2, 2)).toThrow(
      'mask: expected 1x2 values, got 1',
    );
  });
});

describe('dot', () => {
  it('multiplies and sums, and refuses vectors of different lengths', () => {
    expect(dot(Float32Array.from([1, 2, 3]), Float32Array.from([4, 5, 6]))).toBe(32);
    expect(() => dot(new Float32Array(2), new Float32Array(3))).toThrow('vectors of length 2 and 3');
  });
});
