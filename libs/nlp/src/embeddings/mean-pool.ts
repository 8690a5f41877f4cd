/**
 * Sentence vectors from token embeddings, as sentence-transformers does for all-MiniLM-L6-v2: the
 * mean of the token vectors where the attention mask is 1 (padding excluded), then L2-normalised so
 * that a dot product is the cosine similarity.
 *
 * `hidden` is [batch, sequence, dim] row-major; `mask` is [batch, sequence].
 */
export function meanPoolNormalize(
  hidden: Float32Array,
  mask: BigInt64Array,
  batchSize: number,
  sequenceLength: number,
  dim: number,
): Float32Array[] {
  if (hidden.length !== batchSize * sequenceLength * dim) {
    throw new Error(`hidden: expected ${batchSize}x${sequenceLength}x${dim} values, got ${hidden.length}`);
  }
  if (mask.length !== batchSize * sequenceLength) {
    throw new Error(`mask: expected ${batchSize}x${sequenceLength} values, got ${mask.length}`);
  }
  const vectors: Float32Array[] = [];
  for (let row = 0; row < batchSize; row++) {
    // Accumulate in float64: 256 float32 additions lose digits that the normalisation then amplifies.
    const sum = new Float64Array(dim);
    let count = 0;
    for (let t = 0; t < sequenceLength; t++) {
      if (mask[row * sequenceLength + t] === 0n) continue;
      count++;
      const offset = (row * sequenceLength + t) * dim;
      for (let d = 0; d < dim; d++) sum[d] += hidden[offset + d];
    }
    let squares = 0;
    for (let d = 0; d < dim; d++) {
      sum[d] /= Math.max(count, 1);
      squares += sum[d] * sum[d];
    }
    // Same floor as torch.nn.functional.normalize, so an all-zero vector stays zero instead of NaN.
    const norm = Math.max(Math.sqrt(squares), 1e-12);
    const vector = new Float32Array(dim);
    for (let d = 0; d < dim; d++) vector[d] = sum[d] / norm;
    vectors.push(vector);
  }
  return vectors;
}

/** Dot product of two equal-length vectors; the cosine similarity when both are unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`dot: vectors of length ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
