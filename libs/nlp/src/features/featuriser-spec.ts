/**
 * Everything needed to turn a text into the exact feature indices a model was trained on. It is
 * stored in each model's manifest: a model is only valid with the featuriser that made its inputs.
 */
export interface FeaturiserSpec {
  readonly kind: 'hashed-ngrams';
  /** MurmurHash3 x86_32 over UTF-8 bytes; see murmur3.ts. */
  readonly hash: 'murmur3_x86_32';
  readonly seed: number;
  /**
   * Rows of the shared weight matrix: index 0 is padding, 1..RESERVED_FEATURES-1 dense cues, the
   * rest hashed. Target blocks, if any, follow (see weightRows).
   */
  readonly dimensions: number;
  /** Inclusive range of word n-gram lengths, e.g. [1, 2]. */
  readonly wordNgrams: readonly [number, number];
  /** Inclusive range of character n-gram lengths over the normalised text, e.g. [2, 5]; [0, 0] for none. */
  readonly charNgrams: readonly [number, number];
  /** Sentiment lexicon read for the dense cues, or 'none'. */
  readonly lexicon: 'afinn-165' | 'none';
  /** Stance: every word feature and dense cue is also emitted conjoined with the target id. */
  readonly targetConjoined: boolean;
  /**
   * Stance: one block of `rows` rows per listed target after the shared rows, holding that target's
   * own copy of the plain features (row 0 its bias, 1..RESERVED_FEATURES-1 its cues, the rest its
   * hashed word and character n-grams), so a per-target model can sit beside the joint one
   * (train/target-blocks.ts). A target not listed gets the shared features only.
   */
  readonly targetBlocks?: TargetBlocks;
}

export interface TargetBlocks {
  readonly targets: readonly string[];
  readonly rows: number;
}

/** Rows of the weight matrix a spec's features index: the shared rows, then the target blocks. */
export function weightRows(spec: FeaturiserSpec): number {
  return (
    spec.dimensions + (spec.targetBlocks ? spec.targetBlocks.targets.length * spec.targetBlocks.rows : 0)
  );
}

/** Index 0 pads a batch row; indices 1..15 hold the dense cues of dense-cues.ts. */
export const PADDING_INDEX = 0;
export const RESERVED_FEATURES = 16;
