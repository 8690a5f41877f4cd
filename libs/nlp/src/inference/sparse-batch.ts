import { HashedFeaturiser } from '../features/hashed-featuriser';
import { PADDING_INDEX } from '../features/featuriser-spec';

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
    const indices = new BigInt64Array(texts.length * width).fill(BigInt(PADDING_INDEX));
    const values = new Float32Array(texts.length * width);
    let start = 0;
    for (let r = 0; r < texts.length; r++) {
      const end = this.rowEnds[r];
      const offset = r * width;
      for (let j = start; j < end; j++) indices[offset + j - start] = BigInt(this.flatIndices[j]);
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
