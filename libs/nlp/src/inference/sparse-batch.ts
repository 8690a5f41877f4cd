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
 * The texts of one call laid out in parts of similar feature counts: `order[k]` is the input position of
 * the k-th laid-out row, so part p holds the texts `order[p * rowsPerPart ...]`.
 */
export interface SortedParts {
  readonly parts: PaddedSparseBatch[];
  readonly order: Int32Array;
}

/**
 * Featurises texts into padded batches. Every text appends its features to one flat buffer (no copy
 * per row), then rows are laid out at their part's widest row in tensors taken from a small pool: a
 * batch of 512 tweets needs about 1.3 MB, and allocating (and zeroing) that per batch cost more than
 * the featurisation of a few dozen tweets. Give a batch back with `release` once the model has read
 * it; a batch never released is simply collected.
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

  /** One batch of every text, in input order. */
  build(texts: readonly string[], target?: string): PaddedSparseBatch {
    this.featuriseAll(texts, target);
    const order = new Int32Array(texts.length);
    for (let r = 0; r < order.length; r++) order[r] = r;
    return this.layout(order, 0, order.length);
  }

  /**
   * Parts of at most `rowsPerPart` texts, sorted by feature count. Tweets range from a handful of
   * features to several hundred, and one padded batch pads every row to the longest: about 40% of a
   * batch of 512 real tweets was padding, which the model's Gather and MatMul process all the same.
   */
  buildSortedParts(texts: readonly string[], target: string | undefined, rowsPerPart: number): SortedParts {
    const rowEnds = this.featuriseAll(texts, target);
    const lengthOf = (r: number) => rowEnds[r] - (r === 0 ? 0 : rowEnds[r - 1]);
    const order = Int32Array.from(texts.keys()).sort((a, b) => lengthOf(a) - lengthOf(b));
    const parts: PaddedSparseBatch[] = [];
    for (let from = 0; from < order.length; from += rowsPerPart)
      parts.push(this.layout(order, from, Math.min(order.length, from + rowsPerPart)));
    return { parts, order };
  }

  /** Returns a batch's tensors to the pool, for a later build to reuse. */
  release(batch: PaddedSparseBatch): void {
    if (this.pool.length < 8) this.pool.push({ indices: batch.indices, values: batch.values });
  }

  /** Appends every text's features to the flat buffer; returns where each text's entries end. */
  private featuriseAll(texts: readonly string[], target: string | undefined): Int32Array {
    const flat = this.flat;
    flat.length = 0;
    if (this.rowEnds.length < texts.length) this.rowEnds = new Int32Array(texts.length * 2);
    for (let r = 0; r < texts.length; r++) {
      this.featuriser.appendTo(flat, texts[r], target);
      this.rowEnds[r] = flat.length;
    }
    return this.rowEnds;
  }

  /** Lays out the featurised rows `order[from..to)` as one padded batch at their widest row's width. */
  private layout(order: Int32Array, from: number, to: number): PaddedSparseBatch {
    const rowEnds = this.rowEnds;
    const startOf = (r: number) => (r === 0 ? 0 : rowEnds[r - 1]);
    let width = 1;
    for (let k = from; k < to; k++) width = Math.max(width, rowEnds[order[k]] - startOf(order[k]));
    const rows = to - from;
    const size = rows * width;
    const { indices, values } = this.take(size);
    // Indices are non-negative and below 2^31, so each int64 is its low 32-bit word and a zero high
    // word: writing both words through an Int32Array view avoids a BigInt per entry. Padding is
    // index 0 (PADDING_INDEX) with value 0, written explicitly since the tensors are reused.
    const words = new Int32Array(indices.buffer, indices.byteOffset, size * 2);
    const flatIndices = this.flat.indices;
    const flatValues = this.flat.values;
    // Plain loops: a typed-array set/fill/subarray call per row cost more than the copy itself.
    for (let k = from; k < to; k++) {
      const r = order[k];
      const end = rowEnds[r];
      let at = (k - from) * width;
      const rowEnd = at + width;
      for (let j = startOf(r); j < end; j++, at++) {
        words[2 * at] = flatIndices[j];
        words[2 * at + 1] = 0;
        values[at] = flatValues[j];
      }
      for (; at < rowEnd; at++) {
        words[2 * at] = 0;
        words[2 * at + 1] = 0;
        values[at] = 0;
      }
    }
    return { rows, width, indices, values };
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
