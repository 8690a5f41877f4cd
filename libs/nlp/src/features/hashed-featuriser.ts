import { normaliseTweet, type NormalisedTweet } from '../text/normalise-tweet';
import { isAscii } from '../text/is-ascii';
import {
  TOKEN_EMOJI_NEGATIVE,
  TOKEN_EMOJI_POSITIVE,
  TOKEN_EXCLAMATION,
  TOKEN_QUESTION,
  TweetByteScanner,
} from '../text/tweet-byte-scanner';
import { NEGATION_PREFIX } from '../text/negation-scope';
import { asciiCharNgramHashes, charNgramCount } from './ascii-char-ngram-hashes';
import { DenseCueTally, VALENCE_TABLE, denseCues } from './dense-cues';
import { FeatureBuffer } from './feature-buffer';
import { RESERVED_FEATURES, type FeaturiserSpec } from './featuriser-spec';
import { fmix32, murmur3, murmur3Bytes, murmur3PrefixState } from './murmur3';

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
 * which gives each target its own weights on top of the shared ones; with `targetBlocks`, every
 * feature is also copied into the target's own block, where a per-target model keeps its weights.
 *
 * Two paths give the same entries in the same order: the byte path (TweetByteScanner, then hashing
 * token bytes; no string per token) for text it takes, which is nearly every English tweet, and the
 * reference path over a NormalisedTweet (token strings) for the rest. hashed-featuriser.spec.ts
 * holds them equal.
 */
export class HashedFeaturiser {
  private readonly own = new FeatureBuffer();
  private readonly scanner = new TweetByteScanner();
  private readonly tally = new DenseCueTally();
  private tokenHashes = new Uint32Array(256);
  private asciiBytes = new Uint8Array(256);
  private charHashes = new Uint32Array(1024);
  private readonly hashedRows: number;
  private readonly blockHashedRows: number;
  private readonly charSeed: number;
  private readonly negatedTokenState: number;
  private lastTarget: string | undefined;
  private lastTargetKey: number | undefined;
  // Where the bound callbacks below write: the callbacks are made once, not per text.
  private out: FeatureBuffer = this.own;
  private targetKey: number | undefined;
  /** First row of the target's block when its features are also copied there, else undefined. */
  private blockStart: number | undefined;
  private charValue = 0;
  private readonly pushCharHash = (hash: number): void => {
    this.pushHashed(hash, this.charValue);
    if (this.blockStart !== undefined) this.pushBlock(hash, this.charValue);
  };
  private readonly pushCue = (slot: number, value: number): void => {
    this.out.push(slot, value);
    if (this.targetKey !== undefined) this.pushHashed(fmix32(slot ^ this.targetKey), value);
    if (this.blockStart !== undefined) this.out.push(this.blockStart + slot, value);
  };

  constructor(readonly spec: FeaturiserSpec) {
    this.hashedRows = spec.dimensions - RESERVED_FEATURES;
    this.blockHashedRows = (spec.targetBlocks?.rows ?? 0) - RESERVED_FEATURES;
    this.charSeed = (spec.seed + CHAR_SEED_OFFSET) | 0;
    this.negatedTokenState = murmur3PrefixState(NEGATION_PREFIX, spec.seed);
  }

  /** Features of one text, as a fresh row (training and tests). */
  featurise(text: string, target?: string): SparseRow {
    this.fill(text, target);
    return {
      indices: this.own.indices.slice(0, this.own.length),
      values: this.own.values.slice(0, this.own.length),
    };
  }

  /**
   * Features of one text into the featuriser's scratch buffers, valid until the next call; the
   * allocation-free path for callers that read one row at a time.
   */
  fill(text: string, target?: string): { indices: Int32Array; values: Float32Array; length: number } {
    this.own.length = 0;
    this.appendTo(this.own, text, target);
    return { indices: this.own.indices, values: this.own.values, length: this.own.length };
  }

  /** Appends the features of one text to `buffer` (a batch builder appends many rows to one buffer). */
  appendTo(buffer: FeatureBuffer, text: string, target?: string): void {
    if (this.scanner.scan(text)) this.appendScanned(buffer, target);
    else this.appendNormalised(buffer, normaliseTweet(text), target);
  }

  /** The reference path: features of an already normalised tweet, from its token strings. */
  appendNormalised(buffer: FeatureBuffer, tweet: NormalisedTweet, target?: string): void {
    this.begin(buffer, target);
    const tokens = tweet.tokens;
    const hashes = this.tokenHashRoom(tokens.length);
    for (let t = 0; t < tokens.length; t++) hashes[t] = murmur3(tokens[t], this.spec.seed);
    this.appendWordNgrams(tokens.length);

    const [charMin, charMax] = this.spec.charNgrams;
    if (charMax > 0) {
      const padded = ` ${tweet.text} `;
      this.charValue = this.charNgramValue(padded.length);
      if (charMin >= 1 && isAscii(padded)) {
        if (this.asciiBytes.length < padded.length) this.asciiBytes = new Uint8Array(padded.length * 2);
        for (let i = 0; i < padded.length; i++) this.asciiBytes[i] = padded.charCodeAt(i);
        this.appendAsciiCharNgrams(this.asciiBytes, padded.length);
      } else {
        for (let n = charMin; n <= charMax; n++) {
          for (let start = 0; start + n <= padded.length; start++) {
            this.pushCharHash(murmur3(padded, this.charSeed, start, start + n));
          }
        }
      }
    }
    denseCues(tweet, this.spec.lexicon !== 'none', this.pushCue);
  }

  /** The byte path: features of the tweet the scanner has just read. */
  private appendScanned(buffer: FeatureBuffer, target: string | undefined): void {
    this.begin(buffer, target);
    const scan = this.scanner;
    const bytes = scan.tokenBytes;
    const starts = scan.tokenStarts;
    const count = scan.tokenCount;
    const hashes = this.tokenHashRoom(count);
    const seed = this.spec.seed;
    for (let t = 0; t < count; t++) {
      hashes[t] = scan.tokenNegated[t]
        ? murmur3Bytes(bytes, starts[t], starts[t + 1], this.negatedTokenState, NEGATION_PREFIX.length)
        : murmur3Bytes(bytes, starts[t], starts[t + 1], seed);
    }
    this.appendWordNgrams(count);

    if (this.spec.charNgrams[1] > 0) {
      this.charValue = this.charNgramValue(scan.paddedTextLength);
      this.appendAsciiCharNgrams(scan.paddedText, scan.paddedTextLength);
    }

    const tally = this.tally;
    tally.reset(scan.shoutedWords, scan.elongatedWords);
    const useLexicon = this.spec.lexicon !== 'none';
    for (let t = 0; t < count; t++) {
      const flags = scan.tokenFlags[t];
      const negated = scan.tokenNegated[t] === 1;
      // A negated polarity token reads `not_emo_pos`, which is not `emo_pos`.
      tally.addMarks(
        !negated && (flags & TOKEN_EMOJI_POSITIVE) !== 0,
        !negated && (flags & TOKEN_EMOJI_NEGATIVE) !== 0,
        (flags & TOKEN_EXCLAMATION) !== 0,
        (flags & TOKEN_QUESTION) !== 0,
      );
      if (!useLexicon) continue;
      const entry = VALENCE_TABLE.find(bytes, starts[t], starts[t + 1], scan.tokenKeys[t]);
      if (entry >= 0) tally.addValence(negated ? -VALENCE_TABLE.value(entry) : VALENCE_TABLE.value(entry));
    }
    tally.emit(this.pushCue);
  }

  private begin(buffer: FeatureBuffer, target: string | undefined): void {
    this.out = buffer;
    this.targetKey = this.spec.targetConjoined && target !== undefined ? this.targetKeyOf(target) : undefined;
    this.blockStart = target === undefined ? undefined : this.blockStartOf(target);
    // The target's bias row, first of the block's entries (train/target-blocks.ts finds the target by it).
    if (this.blockStart !== undefined) this.out.push(this.blockStart, 1);
  }

  private blockStartOf(target: string): number | undefined {
    const blocks = this.spec.targetBlocks;
    const k = blocks ? blocks.targets.indexOf(target) : -1;
    return blocks && k >= 0 ? this.spec.dimensions + k * blocks.rows : undefined;
  }

  private targetKeyOf(target: string): number {
    if (target !== this.lastTarget || this.lastTargetKey === undefined) {
      this.lastTarget = target;
      this.lastTargetKey = murmur3(target, this.spec.seed);
    }
    return this.lastTargetKey;
  }

  private tokenHashRoom(count: number): Uint32Array {
    if (this.tokenHashes.length < count) this.tokenHashes = new Uint32Array(count * 2);
    return this.tokenHashes;
  }

  /** Word n-grams over the first `count` token hashes: all unigrams, then all bigrams, and so on. */
  private appendWordNgrams(count: number): void {
    const hashes = this.tokenHashes;
    const [wordMin, wordMax] = this.spec.wordNgrams;
    let wordCount = 0;
    for (let n = wordMin; n <= wordMax; n++) wordCount += Math.max(0, count - n + 1);
    const wordValue = wordCount > 0 ? 1 / Math.sqrt(wordCount) : 0;
    const targetKey = this.targetKey;
    for (let n = wordMin; n <= wordMax; n++) {
      for (let start = 0; start + n <= count; start++) {
        let hash = hashes[start];
        for (let k = 1; k < n; k++) hash = fmix32(Math.imul(hash, BIGRAM_MIX) ^ hashes[start + k]);
        this.pushHashed(hash, wordValue);
        if (targetKey !== undefined) this.pushHashed(fmix32(hash ^ targetKey), wordValue);
        if (this.blockStart !== undefined) this.pushBlock(hash, wordValue);
      }
    }
  }

  private charNgramValue(paddedLength: number): number {
    const charCount = charNgramCount(paddedLength, this.spec.charNgrams[0], this.spec.charNgrams[1]);
    return charCount > 0 ? 1 / Math.sqrt(charCount) : 0;
  }

  /** Char n-grams of an ASCII padded text, written straight into the output arrays. */
  private appendAsciiCharNgrams(bytes: Uint8Array, length: number): void {
    const [charMin, charMax] = this.spec.charNgrams;
    const room = charNgramCount(length, charMin, charMax);
    if (this.charHashes.length < room) this.charHashes = new Uint32Array(room * 2);
    const hashes = this.charHashes;
    const count = asciiCharNgramHashes(bytes, length, this.charSeed, charMin, charMax, hashes);
    const blockStart = this.blockStart;
    const out = this.out;
    out.reserve(blockStart === undefined ? count : 2 * count);
    const indices = out.indices;
    const values = out.values;
    const rows = this.hashedRows;
    const value = this.charValue;
    let at = out.length;
    if (blockStart === undefined) {
      for (let i = 0; i < count; i++) {
        indices[at] = RESERVED_FEATURES + hashBucket(hashes[i], rows);
        values[at++] = value;
      }
    } else {
      // The order pushCharHash gives: each n-gram's shared row, then its target-block row.
      const blockHashed = blockStart + RESERVED_FEATURES;
      const blockRows = this.blockHashedRows;
      for (let i = 0; i < count; i++) {
        indices[at] = RESERVED_FEATURES + hashBucket(hashes[i], rows);
        values[at++] = value;
        indices[at] = blockHashed + hashBucket(hashes[i], blockRows);
        values[at++] = value;
      }
    }
    out.length = at;
  }

  private pushHashed(hash: number, value: number): void {
    this.out.push(RESERVED_FEATURES + hashBucket(hash, this.hashedRows), value);
  }

  /** A hashed feature's copy in the current target's block (only called when there is one). */
  private pushBlock(hash: number, value: number): void {
    this.out.push(
      (this.blockStart as number) + RESERVED_FEATURES + hashBucket(hash, this.blockHashedRows),
      value,
    );
  }
}

/**
 * `hash % rows` for an unsigned 32-bit hash, without `%`: V8 computes `%` on a value above 2^31 as a
 * floating-point remainder (a library call, ~20 ns, which made it the featuriser's largest cost).
 * Exact: the division is correctly rounded, so a whole quotient comes out whole, and any other is
 * off by less than 2^-21 / rows, short of the 1 / rows it lies below the next whole number.
 */
export function hashBucket(hash: number, rows: number): number {
  return hash - Math.floor(hash / rows) * rows;
}
