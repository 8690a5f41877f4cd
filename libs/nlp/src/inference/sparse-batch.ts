import { endianness } from 'node:os';
import { HashedFeaturiser } from '../features/hashed-featuriser';

/** A batch in the graph's input layout: row-major [rows][width], short rows padded with index 0, value 0. */
export interface PaddedSparseBatch {
  readonly rows: number;
  readonly width: number;
  readonly indices: BigInt64Array;
  readonly values: Float32Array;
}

/**
 * Featurises texts into one padded batch. Features are first gathered into flat growable buffers
 * (one pass over the texts), then laid out at the widest row's width.
 */
export class SparseBatchBuilder {
  static {
    if (endianness() !== 'LE')
      throw new Error(
        'SparseBatchBuilder: writes int64 indices as little-endian words; this machine is big-endian',
      );
  }

  private flatIndices = new Int32Array(1 << 16);
  private flatValues = new Float32Array(1 << 16);
  private readonly rowEnds: number[] = [];

  constructor(private readonly featuriser: HashedFeaturiser) {}

  build(texts: readonly string[], target?: string): PaddedSparseBatch {
    let used = 0;
    let width = 1;
    this.rowEnds.length = 0;
    for (const text of texts) {
      const row = this.featuriser.fill(text, target);
      if (used + row.length > this.flatIndices.length) this.grow(used + row.length);
      this.flatIndices.set(row.indices.subarray(0, row.length), used);
      this.flatValues.set(row.values.subarray(0, row.length), used);
      used += row.length;
      this.rowEnds.push(used);
      width = Math.max(width, row.length);
    }
    // Padding is index 0 (PADDING_INDEX) with value 0: the zero-filled arrays already hold it.
    const indices = new BigInt64Array(texts.length * width);
    const values = new Float32Array(texts.length * width);
    // Indices are non-negative and below 2^31, so each int64 is its low 32-bit word and a zero high
    // word: writing the low words through an Int32Array view avoids a BigInt per entry.
    const lowWords = new Int32Array(indices.buffer);
    let start = 0;
    for (let r = 0; r < texts.length; r++) {
      const end = this.rowEnds[r];
      const offset = r * width;
      for (let j = start; j < end; j++) lowWords[(offset + j - start) * 2] = this.flatIndices[j];
      values.set(this.flatValues.subarray(start, end), offset);
      start = end;
    }
    return { rows: texts.length, width, indices, values };
  }

  private grow(needed: number): void {
    let size = this.flatIndices.length;
    while (size < needed) size *= 2;
    const indices = new Int32Array(size);
    indices.set(this.flatIndices);
    this.flatIndices = indices;
    const values = new Float32Array(size);
    values.set(this.flatValues);
    this.flatValues = values;
  }
}
