import { normaliseTweet } from '../text/normalise-tweet';
import { isAscii } from '../text/scan-ascii-tweet';
import { forEachAsciiCharNgramHash } from './ascii-char-ngram-hashes';
import { denseCues } from './dense-cues';
import { RESERVED_FEATURES, type FeaturiserSpec } from './featuriser-spec';
import { fmix32, murmur3 } from './murmur3';

/** One text as a sparse vector. Indices may repeat: repeated entries add up, as in the ONNX graph. */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

// Word and character n-grams hash with different seeds so that the word "the" and the
// character trigram "the" fall on different rows.
const CHAR_SEED_OFFSET = 0x5bd1e995;
const BIGRAM_MIX = 0x9e3779b1;

/**
 * Text -> hashed features: word n-grams of the normalised tokens and character n-grams of the
 * normalised text, each group scaled by 1/sqrt(its size) (so long tweets do not dominate), plus
 * the dense cues. For stance, word n-grams and cues are also emitted conjoined with the target,
 * which gives each target its own weights on top of the shared ones.
 */
export class HashedFeaturiser {
  private indices = new Int32Array(1024);
  private values = new Float32Array(1024);
  private length = 0;
  private readonly hashedRows: number;
  private charValue = 0;
  // Bound once: the per-n-gram callback of the ASCII fast path must not allocate a closure per text.
  private readonly pushCharHash = (hash: number): void => this.pushHashed(hash, this.charValue);

  constructor(readonly spec: FeaturiserSpec) {
    this.hashedRows = spec.dimensions - RESERVED_FEATURES;
  }

  /** Features of one text, as a fresh row (training and tests). */
  featurise(text: string, target?: string): SparseRow {
    this.fill(text, target);
    return { indices: this.indices.slice(0, this.length), values: this.values.slice(0, this.length) };
  }

  /**
   * Features of one text into the featuriser's scratch buffers, valid until the next call; the
   * allocation-free path used by batched inference.
   */
  fill(text: string, target?: string): { indices: Int32Array; values: Float32Array; length: number } {
    this.length = 0;
    const spec = this.spec;
    const tweet = normaliseTweet(text);
    const targetKey = spec.targetConjoined && target !== undefined ? murmur3(target, spec.seed) : undefined;

    const tokenHashes = tweet.tokens.map((token) => murmur3(token, spec.seed));
    const [wordMin, wordMax] = spec.wordNgrams;
    let wordCount = 0;
    for (let n = wordMin; n <= wordMax; n++) wordCount += Math.max(0, tokenHashes.length - n + 1);
    const wordValue = wordCount > 0 ? 1 / Math.sqrt(wordCount) : 0;
    for (let n = wordMin; n <= wordMax; n++) {
      for (let start = 0; start + n <= tokenHashes.length; start++) {
        let hash = tokenHashes[start];
        for (let k = 1; k < n; k++) hash = fmix32(Math.imul(hash, BIGRAM_MIX) ^ tokenHashes[start + k]);
        this.pushHashed(hash, wordValue);
        if (targetKey !== undefined) this.pushHashed(fmix32(hash ^ targetKey), wordValue);
      }
    }

    const [charMin, charMax] = spec.charNgrams;
    if (charMax > 0) {
      const padded = ` ${tweet.text} `;
      let charCount = 0;
      for (let n = charMin; n <= charMax; n++) charCount += Math.max(0, padded.length - n + 1);
      const charValue = charCount > 0 ? 1 / Math.sqrt(charCount) : 0;
      const charSeed = (spec.seed + CHAR_SEED_OFFSET) | 0;
      if (charMin >= 1 && isAscii(padded)) {
        this.charValue = charValue;
        forEachAsciiCharNgramHash(padded, charSeed, charMin, charMax, this.pushCharHash);
      } else {
        for (let n = charMin; n <= charMax; n++) {
          for (let start = 0; start + n <= padded.length; start++) {
            this.pushHashed(murmur3(padded, charSeed, start, start + n), charValue);
          }
        }
      }
    }

    denseCues(tweet, spec.lexicon !== 'none', (slot, value) => {
      this.push(slot, value);
      if (targetKey !== undefined) this.pushHashed(fmix32(slot ^ targetKey), value);
    });
    return { indices: this.indices, values: this.values, length: this.length };
  }

  private pushHashed(hash: number, value: number): void {
    this.push(RESERVED_FEATURES + (hash % this.hashedRows), value);
  }

  private push(index: number, value: number): void {
    if (this.length === this.indices.length) {
      const indices = new Int32Array(this.length * 2);
      indices.set(this.indices);
      this.indices = indices;
      const values = new Float32Array(this.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.indices[this.length] = index;
    this.values[this.length] = value;
    this.length++;
  }
}
