/**
 * Near-duplicate text as co-share objects: MinHash over word shingles, banded for LSH, so that
 * two texts whose shingle sets have Jaccard similarity s share at least one bucket key with
 * probability 1 - (1 - s^rows)^bands. Feed each key as an object of the `co-text` signal and the
 * co-share rule does the rest, without comparing texts pairwise.
 */
export interface TextBucketOptions {
  /** Words per shingle. Default 3. */
  readonly shingleWords?: number;
  /** Bands x rows = number of hash functions. Defaults 16 x 4: ~50% at s = 0.6, ~96% at s = 0.8. */
  readonly bands?: number;
  readonly rows?: number;
  readonly seed?: number;
}

const MENTIONS_AND_LINKS = /(?:https?:\/\/\S+|@\w+)/gu;
const NON_WORD = /[^\p{L}\p{N}#]+/gu;

/** Lower-cased words with links and @mentions removed: retweet boilerplate must not make texts similar. */
export function normaliseForShingles(text: string): string[] {
  return text
    .toLowerCase()
    .replace(MENTIONS_AND_LINKS, ' ')
    .split(NON_WORD)
    .filter((word) => word.length > 0);
}

/** The LSH bucket keys of a text (`"<band>:<hex>"`); empty for a text with no words. */
export function textBucketKeys(text: string, options: TextBucketOptions = {}): string[] {
  return wordBucketKeys(normaliseForShingles(text), options);
}

/** textBucketKeys of a text already split by normaliseForShingles (callers that also count its words). */
export function wordBucketKeys(words: readonly string[], options: TextBucketOptions = {}): string[] {
  const shingleWords = options.shingleWords ?? 3;
  const bands = options.bands ?? 16;
  const rows = options.rows ?? 4;
  const seed = options.seed ?? 0x5eed;
  for (const [name, value] of Object.entries({ shingleWords, bands, rows })) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  }
  if (words.length === 0) return [];
  const span = Math.min(shingleWords, words.length);
  const shingles = new Uint32Array(words.length - span + 1);
  for (let i = 0; i < shingles.length; i++) shingles[i] = shingleHash(words, i, span);
  const signature = new Uint32Array(bands * rows).fill(0xffffffff);
  for (let h = 0; h < signature.length; h++) {
    const salt = mix32(seed + Math.imul(h, 0x9e3779b9));
    let least = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const value = mix32(shingles[i] ^ salt);
      if (value < least) least = value;
    }
    signature[h] = least;
  }
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    let hash = band + 1;
    for (let row = 0; row < rows; row++) hash = mix32(hash ^ signature[band * rows + row]);
    keys.push(`${band}:${hash.toString(16)}`);
  }
  return keys;
}

/**
 * FNV-1a of `words[start, start + span)` joined by single spaces, computed word by word so that no
 * shingle string is built (the scorer hashes every shingle of every post).
 */
function shingleHash(words: readonly string[], start: number, span: number): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < span; k++) {
    if (k > 0) hash = Math.imul(hash ^ 0x20, 0x01000193);
    const word = words[start + k];
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit finaliser (murmur3 fmix32): spreads close inputs apart. */
function mix32(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
