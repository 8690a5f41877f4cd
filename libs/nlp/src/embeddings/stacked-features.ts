import type { HashedFeaturiser, SparseRow } from '../features/hashed-featuriser';

/**
 * Where the sentence embedding sits in a stacked model's feature space: after the hashed n-gram rows
 * come `dimensions` shared embedding rows, then (stance) `dimensions` rows per target and one bias
 * row per target. So one linear model, exported with the small models' sparse ONNX graph, adds
 * the embedding's evidence to the n-grams', and each stance target gets its own embedding weights.
 */
export interface EmbeddingBlock {
  readonly encoder: string;
  readonly offset: number;
  readonly dimensions: number;
  /** Stance targets with their own embedding weights, in row order; empty for sentiment. */
  readonly targets: readonly string[];
}

export function stackedDimensions(block: EmbeddingBlock): number {
  return block.offset + block.dimensions * (1 + block.targets.length) + block.targets.length;
}

/** The feature row of one text: its hashed n-grams and dense cues, then its embedding entries. */
export function stackedRow(
  featuriser: HashedFeaturiser | undefined,
  block: EmbeddingBlock,
  text: string,
  embedding: Float32Array,
  target?: string,
): SparseRow {
  if (embedding.length !== block.dimensions)
    throw new Error(`embedding: expected ${block.dimensions} values, got ${embedding.length}`);
  const hashed = featuriser?.fill(text, target);
  const hashedLength = hashed?.length ?? 0;
  const targetIndex = target === undefined ? -1 : block.targets.indexOf(target);
  const length = hashedLength + block.dimensions * (targetIndex >= 0 ? 2 : 1) + (targetIndex >= 0 ? 1 : 0);
  const indices = new Int32Array(length);
  const values = new Float32Array(length);
  if (hashed) {
    indices.set(hashed.indices.subarray(0, hashedLength));
    values.set(hashed.values.subarray(0, hashedLength));
  }
  let at = hashedLength;
  for (let d = 0; d < block.dimensions; d++, at++) {
    indices[at] = block.offset + d;
    values[at] = embedding[d];
  }
  if (targetIndex >= 0) {
    const targetOffset = block.offset + block.dimensions * (1 + targetIndex);
    for (let d = 0; d < block.dimensions; d++, at++) {
      indices[at] = targetOffset + d;
      values[at] = embedding[d];
    }
    indices[at] = block.offset + block.dimensions * (1 + block.targets.length) + targetIndex;
    values[at] = 1;
  }
  return { indices, values };
}
