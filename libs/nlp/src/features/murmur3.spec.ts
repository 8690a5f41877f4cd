import { describe, expect, it } from 'vitest';
import { murmur3, murmur3Bytes, murmur3PrefixState } from './murmur3';

describe('murmur3 (x86_32 over UTF-8)', () => {
  it('matches the reference implementation on known vectors', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello', 0)).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723);
  });

  it('hashes multi-byte text as its UTF-8 bytes (fixed value, stable across runs)', () => {
    expect(murmur3('héllo😀', 0)).toBe(0x9e27ee88);
  });

  it('hashes a range exactly like the sliced string', () => {
    const text = 'xx#climate change😀yy';
    expect(murmur3(text, 42, 2, 19)).toBe(murmur3(text.slice(2, 19), 42));
  });
});

describe('murmur3Bytes', () => {
  const bytesOf = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

  it('equals murmur3 of the same ASCII range, for every length mod 4', () => {
    const text = 'xxhello world!';
    for (let end = 2; end <= text.length; end++) {
      expect(murmur3Bytes(bytesOf(text), 2, end, 42)).toBe(murmur3(text, 42, 2, end));
    }
  });

  it('continues from a prefix state as if the prefix had been written', () => {
    const state = murmur3PrefixState('not_', 42);
    expect(murmur3Bytes(bytesOf('good'), 0, 4, state, 4)).toBe(murmur3('not_good', 42));
    expect(murmur3Bytes(bytesOf('ok'), 0, 2, state, 4)).toBe(murmur3('not_ok', 42));
    expect(() => murmur3PrefixState('not', 42)).toThrow(/prefix: must be a multiple of 4 bytes/);
  });
});
