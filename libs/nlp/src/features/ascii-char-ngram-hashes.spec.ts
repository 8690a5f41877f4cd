import { describe, expect, it } from 'vitest';
import { asciiCharNgramHashes, charNgramCount } from './ascii-char-ngram-hashes';
import { murmur3 } from './murmur3';

const bytesOf = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe('asciiCharNgramHashes', () => {
  it('gives exactly the murmur3 of every n-gram, for lengths across the 4-byte block boundary', () => {
    const text = ' @user i loved it!!! #nofilter http ';
    for (const [min, max] of [
      [1, 1],
      [3, 5],
      [2, 9],
      [4, 4],
    ]) {
      const out = new Uint32Array(charNgramCount(text.length, min, max));
      const count = asciiCharNgramHashes(bytesOf(text), text.length, 1234, min, max, out);
      expect(count).toBe(out.length);
      const fast = Array.from(out);
      const reference: number[] = [];
      for (let start = 0; start < text.length; start++) {
        for (let n = min; n <= max && start + n <= text.length; n++)
          reference.push(murmur3(text, 1234, start, start + n));
      }
      expect(fast).toEqual(reference);
    }
  });

  it('reads only the first `length` bytes of a larger buffer', () => {
    const out = new Uint32Array(4);
    expect(asciiCharNgramHashes(bytesOf('abcdXYZ'), 4, 7, 4, 4, out)).toBe(1);
    expect(out[0]).toBe(murmur3('abcd', 7));
  });

  it('emits nothing for a text shorter than the shortest n-gram', () => {
    expect(asciiCharNgramHashes(bytesOf('ab'), 2, 1, 3, 5, new Uint32Array(0))).toBe(0);
    expect(charNgramCount(2, 3, 5)).toBe(0);
  });
});
