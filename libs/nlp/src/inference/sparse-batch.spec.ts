import { describe, expect, it } from 'vitest';
import type { FeaturiserSpec } from '../features/featuriser-spec';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { SparseBatchBuilder } from './sparse-batch';

const spec: FeaturiserSpec = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 2 ** 16,
  wordNgrams: [1, 2],
  charNgrams: [4, 4],
  lexicon: 'afinn-165',
  targetConjoined: false,
};

describe('SparseBatchBuilder', () => {
  const texts = ['a rather longer tweet about good things, with #hashtags and @people :)', 'ok', 'fine day'];
  const reference = new HashedFeaturiser(spec);

  /** The batch as rows of [index, value] pairs, padding included. */
  function rowsOf(batch: ReturnType<SparseBatchBuilder['build']>): [number, number][][] {
    return Array.from({ length: batch.rows }, (_, r) =>
      Array.from({ length: batch.width }, (_, j): [number, number] => [
        Number(batch.indices[r * batch.width + j]),
        batch.values[r * batch.width + j],
      ]),
    );
  }

  function expectedRows(batchTexts: string[], width: number): [number, number][][] {
    return batchTexts.map((text) => {
      const row = reference.featurise(text);
      return Array.from({ length: width }, (_, j): [number, number] =>
        j < row.indices.length ? [row.indices[j], row.values[j]] : [0, 0],
      );
    });
  }

  it('lays each text out at the widest row, padded with index 0 and value 0', () => {
    const batch = new SparseBatchBuilder(new HashedFeaturiser(spec)).build(texts);
    expect(batch.width).toBe(reference.featurise(texts[0]).indices.length);
    expect(batch.indices.length).toBe(3 * batch.width);
    expect(rowsOf(batch)).toEqual(expectedRows(texts, batch.width));
  });

  it('reuses released tensors without leaking the previous batch into the padding', () => {
    const builder = new SparseBatchBuilder(new HashedFeaturiser(spec));
    const wide = builder.build(texts);
    builder.release(wide);
    const narrow = builder.build(['ok', 'fine day']);
    expect(narrow.indices.buffer).toBe(wide.indices.buffer);
    expect(rowsOf(narrow)).toEqual(expectedRows(['ok', 'fine day'], narrow.width));
  });

  it('gives a batch of one padding entry per row for empty texts', () => {
    const batch = new SparseBatchBuilder(new HashedFeaturiser(spec)).build(['', '']);
    expect(batch.width).toBe(1);
    expect(rowsOf(batch)).toEqual([[[0, 0]], [[0, 0]]]);
  });

  it('cuts sorted parts of similar feature counts, and says where each row came from', () => {
    const many = [
      'ok',
      texts[0],
      'fine day',
      'a somewhat longer text about the weather',
      '',
      texts[0] + ' again',
    ];
    const { parts, order } = new SparseBatchBuilder(new HashedFeaturiser(spec)).buildSortedParts(
      many,
      undefined,
      4,
    );
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parts.map((part) => part.rows)).toEqual([4, 2]);
    const lengths = [...order].map((r) => reference.featurise(many[r]).indices.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    // Each part is padded only to its own widest row, and holds exactly the rows order names.
    expect(parts[0].width).toBe(Math.max(1, ...lengths.slice(0, 4)));
    expect(rowsOf(parts[0])).toEqual(
      expectedRows(
        [...order.slice(0, 4)].map((r) => many[r]),
        parts[0].width,
      ),
    );
    expect(rowsOf(parts[1])).toEqual(
      expectedRows(
        [...order.slice(4)].map((r) => many[r]),
        parts[1].width,
      ),
    );
  });
});
