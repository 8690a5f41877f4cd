import { endianness } from 'node:os';
import { FeatureBuffer } from '../features/feature-buffer';
import type { HashedFeaturiser } from '../features/hashed-featuriser';

/** A batch in the graph's input layout: row-major [rows][width], short rows padded with index 0, value 0. */
export interface PaddedSparseBatch {
  readonly rows: number;
  readonly width: number;
  readonly indices: BigInt64Array;
  readonly values: Float32Array;
}

/**
 * Featurises texts into one padded batch. Every text appends its features to one flat buffer (no
 * copy per row), then the rows are laid out at the widest row's width in tensors taken from a small
 * pool: a batch of 512 tweets needs about 1.3 MB, and allocating (and zeroing) that per batch cost
 * more than the featurisation of a few dozen tweets. Give a batch back with `release` once the
 * model has read it; a batch never released is simply collected.
 */
export class SparseBatchBuilder {
  static {
    if (endianness() !== 'LE')
      throw new Error(
        'SparseBatchBuilder: writes int64 indices as little-endian words; this machine is big-endian',
      );
  }

  private readonly flat = new FeatureBuffer(1 << 16);
  private rowEnds = new Int32Array(1024);
  private readonly pool: { indices: BigInt64Array; values: Float32Array }[] = [];

  constructor(private readonly featuriser: HashedFeaturiser) {}

  build(texts: readonly string[], target?: string): PaddedSparseBatch {
    const flat = this.flat;
    flat.length = 0;
    if (this.rowEnds.length < texts.length) this.rowEnds = new Int32Array(texts.length * 2);
    const rowEnds = this.rowEnds;
    let width = 1;
    let rowStart = 0;
    for (let r = 0; r < texts.length; r++) {
      this.featuriser.appendTo(flat, texts[r], target);
      rowEnds[r] = flat.length;
      if (flat.length - rowStart > width) width = flat.length - rowStart;
      rowStart = flat.length;
    }
    const size = texts.length * width;
    const { indices, values } = this.take(size);
    // Indices are non-negative and below 2^31, so each int64 is its low 32-bit word and a zero high
    // word: writing both words through an Int32Array view avoids a BigInt per entry. Padding is
    // index 0 (PADDING_INDEX) with value 0, written explicitly since the tensors are reused.
    const words = new Int32Array(indices.buffer, indices.byteOffset, size * 2);
    const flatIndices = flat.indices;
    const flatValues = flat.values;
    // Plain loops: a typed-array set/fill/subarray call per row cost more than the copy itself.
    let start = 0;
    for (let r = 0; r < texts.length; r++) {
      const end = rowEnds[r];
      const rowEnd = (r + 1) * width;
      let at = r * width;
      for (let j = start; j < end; j++, at++) {
        words[2 * at] = flatIndices[j];
        words[2 * at + 1] = 0;
        values[at] = flatValues[j];
      }
      for (; at < rowEnd; at++) {
        words[2 * at] = 0;
        words[2 * at + 1] = 0;
        values[at] = 0;
      }
      start = end;
    }
    return { rows: texts.length, width, indices, values };
  }

  /** Returns a batch's tensors to the pool, for a later build to reuse. */
  release(batch: PaddedSparseBatch): void {
    if (this.pool.length < 4) this.pool.push({ indices: batch.indices, values: batch.values });
  }

  /** Tensors of exactly `size` entries: views on a pooled buffer when one is large enough. */
  private take(size: number): { indices: BigInt64Array; values: Float32Array } {
    const pooled = this.pool.pop();
    if (pooled !== undefined && pooled.indices.buffer.byteLength >= size * 8) {
      return {
        indices: new BigInt64Array(pooled.indices.buffer, 0, size),
        values: new Float32Array(pooled.values.buffer, 0, size),
      };
    }
    return { indices: new BigInt64Array(size), values: new Float32Array(size) };
  }
}
