import { describe, expect, it } from 'vitest';
import { effectiveSampleSize } from './effective-sample-size';

describe('effectiveSampleSize', () => {
  it('is n for equal weights, whatever their scale', () => {
    expect(effectiveSampleSize([2, 2, 2, 2])).toBe(4);
  });

  it('shrinks with unequal weights (hand-computed: 1, 1, 4 -> 36 / 18 = 2)', () => {
    expect(effectiveSampleSize([1, 1, 4])).toBe(2);
  });

  it('is 0 without weight', () => {
    expect(effectiveSampleSize([])).toBe(0);
    expect(effectiveSampleSize([0, 0])).toBe(0);
  });
});
