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

/**
 * Lower-cased words with links and @mentions removed: retweet boilerplate must not make texts similar.
 * Defined as `text.toLowerCase()`, every `https?://\S+` and `@\w+` replaced by a space (leftmost
 * first, as a global regular expression replaces), then split on runs of characters other than
 * letters, digits and `#` (`/[^\p{L}\p{N}#]+/u`), empty strings dropped. Computed in one scan over
 * char codes instead, because the scorer splits every post and the Unicode-class regular
 * expressions cost several microseconds a tweet; the spec checks the scan against that definition.
 */
export function normaliseForShingles(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  let at = 0;
  while (at < lower.length) {
    const code = lower.charCodeAt(at);
    const skip =
      code === 0x68 /* h */ ? linkLength(lower, at) : code === 0x40 /* @ */ ? mentionLength(lower, at) : 0;
    if (skip > 0) {
      if (start >= 0) words.push(lower.slice(start, at));
      start = -1;
      at += skip;
      continue;
    }
    const astral = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(lower.charCodeAt(at + 1));
    if (isWordCodePoint(astral ? lower.codePointAt(at)! : code)) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      words.push(lower.slice(start, at));
      start = -1;
    }
    at += astral ? 2 : 1;
  }
  if (start >= 0) words.push(lower.slice(start));
  return words;
}

/** Length of a `https?://\S+` match at `at`, 0 if none. */
function linkLength(text: string, at: number): number {
  if (!text.startsWith('http', at)) return 0;
  let end = at + 4;
  if (text.charCodeAt(end) === 0x73 /* s */) end++;
  if (!text.startsWith('://', end)) return 0;
  end += 3;
  const first = end;
  while (end < text.length && !isJsWhitespace(text.charCodeAt(end))) end++;
  return end > first ? end - at : 0;
}

/** Length of an `@\w+` match at `at` (\w is ASCII letters, digits and `_`), 0 if none. */
function mentionLength(text: string, at: number): number {
  let end = at + 1;
  while (end < text.length && isAsciiWordChar(text.charCodeAt(end))) end++;
  return end > at + 1 ? end - at : 0;
}

function isAsciiWordChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f
  );
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** What `\s` matches in a JavaScript regular expression. */
function isJsWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The LSH bucket keys of a text (`"<band>:<hex>"`); empty for a text with no words. */
export function textBucketKeys(text: string, options: TextBucketOptions = {}): string[] {
  return wordBucketKeys(normaliseForShingles(text), options);
}

/** textBucketKeys of a text already split by normaliseForShingles (callers that also count its words). */
export function wordBucketKeys(words: readonly string[], options: TextBucketOptions = {}): string[] {
  const shingleWords = positiveInteger('shingleWords', options.shingleWords ?? 3);
  const bands = positiveInteger('bands', options.bands ?? 16);
  const rows = positiveInteger('rows', options.rows ?? 4);
  const seed = options.seed ?? 0x5eed;
  if (words.length === 0) return [];
  const span = Math.min(shingleWords, words.length);
  const count = words.length - span + 1;
  if (shingleScratch.length < count) shingleScratch = new Uint32Array(count * 2);
  const shingles = shingleScratch;
  for (let i = 0; i < count; i++) shingles[i] = shingleHash(words, i, span);
  // Each band's key folds its rows' minima as they are found: no signature array is kept. The minima
  // are compared on int32 bits with the sign bit flipped (the same order as unsigned), so that the
  // loop stays in 32-bit integer arithmetic; the keys are those of the unsigned definition.
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    let hash = band + 1;
    for (let row = 0; row < rows; row++) {
      const salt = mix32Bits(seed + Math.imul(band * rows + row, 0x9e3779b9));
      let leastFlipped = 0x7fffffff;
      for (let i = 0; i < count; i++) {
        const flipped = mix32Bits(shingles[i] ^ salt) ^ 0x80000000;
        if (flipped < leastFlipped) leastFlipped = flipped;
      }
      hash = mix32Bits(hash ^ leastFlipped ^ 0x80000000);
    }
    keys.push(`${band}:${(hash >>> 0).toString(16)}`);
  }
  return keys;
}

/** Shingle hashes of the text in hand, reused between calls (the scorer keys every post). */
let shingleScratch = new Uint32Array(64);

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  return value;
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

/** A 32-bit finaliser (murmur3 fmix32): spreads close inputs apart. Returns the bits as an int32. */
function mix32Bits(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Whether each non-ASCII code point is a letter or digit, learnt on first sight: 0 unknown, 1 no, 2 yes. */
const nonAsciiWordCodePoints = new Uint8Array(0x110000);

/** Whether a code point belongs to a word: a letter, a digit or `#`. */
function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 0x80) return isAsciiWordChar(codePoint) ? codePoint !== 0x5f : codePoint === 0x23;
  let known = nonAsciiWordCodePoints[codePoint];
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint)) ? 2 : 1;
    nonAsciiWordCodePoints[codePoint] = known;
  }
  return known === 2;
}
