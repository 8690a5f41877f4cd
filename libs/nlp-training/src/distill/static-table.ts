/**
 * Smooth inverse frequency weights (Arora et al. 2017, as Model2Vec weights its tokens): a / (a + p)
 * with p a token's relative frequency in the corpus (add-one smoothed, so unseen tokens weigh
 * about 1). Frequent pieces (the, ##s, punctuation) count for little in a pooled vector.
 */
export function smoothInverseFrequencyWeights(counts: Float64Array, a: number): Float32Array {
  if (!(a > 0)) throw new Error(`a: must be positive, got ${a}`);
  let total = 0;
  for (const count of counts) total += count;
  const weights = new Float32Array(counts.length);
  for (let id = 0; id < counts.length; id++) {
    const p = (counts[id] + 1) / (total + counts.length);
    weights[id] = a / (a + p);
  }
  return weights;
}

/** Multiplies each row by its weight, in place. */
export function weightRows(table: Float32Array, dimensions: number, weights: Float32Array): void {
  if (table.length !== weights.length * dimensions)
    throw new Error(`table: expected ${weights.length} rows of ${dimensions}, got ${table.length} values`);
  for (let row = 0; row < weights.length; row++)
    for (let d = 0; d < dimensions; d++) table[row * dimensions + d] *= weights[row];
}

/**
 * int8 with one scale per row (max |value| / 127): a quarter of float32's size, and the rounding
 * error of each row stays below 0.4% of its largest value, which averaging over a post's tokens
 * shrinks further. The file layout the runtime reads: int8 values, then the float32 scales.
 */
export function quantiseRows(table: Float32Array, dimensions: number): Uint8Array {
  const rows = table.length / dimensions;
  if (!Number.isInteger(rows)) throw new Error(`table: ${table.length} values are not rows of ${dimensions}`);
  const bytes = new Uint8Array(rows * dimensions + 4 * rows);
  const values = new Int8Array(bytes.buffer, 0, rows * dimensions);
  const scales = new DataView(bytes.buffer, rows * dimensions);
  for (let row = 0; row < rows; row++) {
    let largest = 0;
    for (let d = 0; d < dimensions; d++) largest = Math.max(largest, Math.abs(table[row * dimensions + d]));
    const scale = largest / 127;
    scales.setFloat32(4 * row, scale, true);
    if (scale === 0) continue;
    for (let d = 0; d < dimensions; d++)
      values[row * dimensions + d] = Math.round(table[row * dimensions + d] / scale);
  }
  return bytes;
}
