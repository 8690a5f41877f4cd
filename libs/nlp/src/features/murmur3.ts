/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over the UTF-8 bytes of a string.
 *
 * Chosen for feature hashing because it is fixed and documented: the same token gets the same
 * index on every run and machine, so a model trained here keeps working wherever it is loaded.
 * The hash reads a range of the string without slicing it, so that hashing every character n-gram
 * of a tweet allocates nothing.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Running state of the current hash. Module-level rather than a closure or object so that the hot
// loop stays allocation-free; the function below is synchronous, so no two hashes interleave.
let state = 0;
let pendingBlock = 0;
let byteLength = 0;

function absorbByte(byte: number): void {
  pendingBlock |= byte << ((byteLength & 3) << 3);
  byteLength++;
  if ((byteLength & 3) === 0) {
    state = mixBlock(state, pendingBlock);
    pendingBlock = 0;
  }
}

/** MurmurHash3 x86_32 finaliser: spreads every input bit over the whole word. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash of `text.slice(start, end)` encoded as UTF-8, as an unsigned 32-bit integer. Equal to the
 * reference implementation on the same bytes (lone surrogates are encoded as U+FFFD, as
 * TextEncoder does).
 */
export function murmur3(text: string, seed = 0, start = 0, end = text.length): number {
  state = seed | 0;
  pendingBlock = 0;
  byteLength = 0;
  for (let i = start; i < end; i++) {
    let codePoint = text.charCodeAt(i);
    if (codePoint < 0x80) {
      absorbByte(codePoint);
      continue;
    }
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (codePoint <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        codePoint = 0xfffd;
      }
    }
    if (codePoint < 0x800) {
      absorbByte(0xc0 | (codePoint >> 6));
    } else if (codePoint < 0x10000) {
      absorbByte(0xe0 | (codePoint >> 12));
      absorbByte(0x80 | ((codePoint >> 6) & 0x3f));
    } else {
      absorbByte(0xf0 | (codePoint >> 18));
      absorbByte(0x80 | ((codePoint >> 12) & 0x3f));
      absorbByte(0x80 | ((codePoint >> 6) & 0x3f));
    }
    absorbByte(0x80 | (codePoint & 0x3f));
  }
  state ^= scrambleBlock(pendingBlock);
  return fmix32(state ^ byteLength);
}

/** The state after absorbing the first `prefix.length` bytes (a multiple of 4) of an ASCII text. */
export function murmur3PrefixState(prefix: string, seed: number): number {
  if (prefix.length % 4 !== 0) throw new Error(`prefix: must be a multiple of 4 bytes, got "${prefix}"`);
  let h = seed | 0;
  for (let i = 0; i < prefix.length; i += 4) {
    const block =
      prefix.charCodeAt(i) |
      (prefix.charCodeAt(i + 1) << 8) |
      (prefix.charCodeAt(i + 2) << 16) |
      (prefix.charCodeAt(i + 3) << 24);
    h = mixBlock(h, block);
  }
  return h;
}

/**
 * murmur3 of `bytes[start, end)` (bytes, so already UTF-8), continuing from `state` after
 * `absorbed` bytes (a multiple of 4; 0 with `state` = seed for a plain hash). With the state of a
 * fixed prefix (murmur3PrefixState) it hashes prefix + bytes without writing the prefix.
 */
export function murmur3Bytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  state: number,
  absorbed = 0,
): number {
  let h = state | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = mixBlock(h, bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
  }
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= bytes[i] << shift;
  // No tail scrambles to 0, which leaves h as it is.
  h ^= scrambleBlock(tail);
  return fmix32(h ^ (absorbed + end - start));
}

/** The per-block scramble of MurmurHash3 x86_32 (also applied to the last, partial block). */
export function scrambleBlock(block: number): number {
  const k = Math.imul(block, C1);
  return Math.imul((k << 15) | (k >>> 17), C2);
}

/** One full 4-byte block into the running state. */
export function mixBlock(h: number, block: number): number {
  const mixed = h ^ scrambleBlock(block);
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}
