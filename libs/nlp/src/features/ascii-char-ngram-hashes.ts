import { fmix32, mixBlock, scrambleBlock } from './murmur3';

/**
 * MurmurHash3 x86_32 of every character n-gram (lengths min..max) of an ASCII text held as bytes,
 * `bytes[0, length)`, equal to `murmur3(text, seed, start, start + n)` for each, but computed
 * incrementally: the n-grams that share a start share their hash state, so each start absorbs each
 * of its 4-byte blocks once. Writes the hashes to `out` in the order start-major, length-minor and
 * returns how many there are (`out` must have room for all of them; see charNgramCount).
 */
export function asciiCharNgramHashes(
  bytes: Uint8Array,
  length: number,
  seed: number,
  min: number,
  max: number,
  out: Uint32Array,
): number {
  let count = 0;
  for (let start = 0; start + min <= length; start++) {
    const longest = Math.min(max, length - start);
    let state = seed | 0;
    let absorbed = 0;
    for (let n = min; n <= longest; n++) {
      for (; absorbed + 4 <= n; absorbed += 4) {
        const at = start + absorbed;
        state = mixBlock(
          state,
          bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24),
        );
      }
      let tail = 0;
      for (let k = absorbed; k < n; k++) tail |= bytes[start + k] << ((k - absorbed) << 3);
      // No tail scrambles to 0, which leaves the state as it is.
      out[count++] = fmix32(state ^ scrambleBlock(tail) ^ n);
    }
  }
  return count;
}

/** How many character n-grams of lengths min..max a text of `length` characters has. */
export function charNgramCount(length: number, min: number, max: number): number {
  let count = 0;
  for (let n = min; n <= max; n++) count += Math.max(0, length - n + 1);
  return count;
}
