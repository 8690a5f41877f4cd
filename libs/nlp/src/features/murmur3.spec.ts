import { describe, expect, it } from 'vitest';
import { murmur3 } from './murmur3';

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
