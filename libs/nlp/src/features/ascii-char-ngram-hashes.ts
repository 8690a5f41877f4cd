import { fmix32 } from './murmur3';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function scrambleBlock(block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/**
 * MurmurHash3 x86_32 of every character n-gram (lengths min..max) of an ASCII text, equal to
 * `murmur3(text, seed, start, start + n)` for each, but computed incrementally: the n-grams that
 * share a start share their hash state, so each start costs max byte steps instead of a full hash
 * per n-gram. Calls `emit(hash)` in the order start-major, length-minor; the caller only needs the
 * multiset of hashes. The text must be ASCII (one byte per code unit).
 */
export function forEachAsciiCharNgramHash(
  text: string,
  seed: number,
  min: number,
  max: number,
  emit: (hash: number) => void,
): void {
  const length = text.length;
  for (let start = 0; start + min <= length; start++) {
    let state = seed | 0;
    let block = 0;
    const longest = Math.min(max, length - start);
    for (let n = 1; n <= longest; n++) {
      block |= text.charCodeAt(start + n - 1) << (((n - 1) & 3) << 3);
      if ((n & 3) === 0) {
        state ^= scrambleBlock(block);
        state = (state << 13) | (state >>> 19);
        state = (Math.imul(state, 5) + 0xe6546b64) | 0;
        block = 0;
      }
      if (n >= min) emit(fmix32(((n & 3) === 0 ? state : state ^ scrambleBlock(block)) ^ n));
    }
  }
}
