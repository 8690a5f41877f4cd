import { describe, expect, it } from 'vitest';
import { forEachAsciiCharNgramHash } from './ascii-char-ngram-hashes';
import { murmur3 } from './murmur3';

describe('forEachAsciiCharNgramHash', () => {
  it('gives exactly the murmur3 of every n-gram, for lengths across the 4-byte block boundary', () => {
    const text = ' @user i loved it!!! #nofilter http ';
    for (const [min, max] of [
      [1, 1],
      [3, 5],
      [2, 9],
      [4, 4],
    ]) {
      const fast: number[] = [];
      forEachAsciiCharNgramHash(text, 1234, min, max, (hash) => fast.push(hash));
      const reference: number[] = [];
      for (let start = 0; start < text.length; start++) {
        for (let n = min; n <= max && start + n <= text.length; n++)
          reference.push(murmur3(text, 1234, start, start + n));
      }
      expect(fast).toEqual(reference);
    }
  });

  it('emits nothing for a text shorter than the shortest n-gram', () => {
    const hashes: number[] = [];
    forEachAsciiCharNgramHash('ab', 1, 3, 5, (hash) => hashes.push(hash));
    expect(hashes).toEqual([]);
  });
});
