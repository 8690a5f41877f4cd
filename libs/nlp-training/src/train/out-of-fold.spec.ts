import type { SparseRow } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import type { LinearModel } from './linear-model';
import { assignFolds, contiguousFolds, outOfFoldProbabilities } from './out-of-fold';

describe('contiguousFolds', () => {
  it("cuts each group's rows, in order, into contiguous runs", () => {
    const groups = ['a', 'a', 'b', 'a', 'b', 'a', 'b', 'b', 'a', 'b'];
    // a: rows 0, 1, 3 | 5, 8; b: rows 2, 4, 6 | 7, 9.
    expect(Array.from(contiguousFolds(groups, 2))).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 1, 1]);
    expect(Array.from(contiguousFolds(new Array(7).fill(undefined), 3))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(() => contiguousFolds(['a'], 1)).toThrow(/folds/);
  });
});

describe('outOfFoldProbabilities', () => {
  // Each row's single feature is its index; a fold model puts weight 1 on class 1 for every row it saw.
  const rows: SparseRow[] = Array.from({ length: 6 }, (_, i) => ({
    indices: Int32Array.from([i]),
    values: Float32Array.from([1]),
  }));
  const labels = Int32Array.from([0, 1, 0, 1, 0, 1]);
  const fit = (fitRows: readonly SparseRow[]): LinearModel => {
    const weights = new Float32Array(6 * 2);
    for (const row of fitRows) weights[row.indices[0] * 2 + 1] = 5;
    return { dimensions: 6, classes: 2, weights, bias: new Float32Array(2) };
  };

  it('scores every row with a model that did not see it, on the folds given', () => {
    for (const foldOf of [contiguousFolds(new Array(6).fill(undefined), 3), assignFolds(6, 3, 7)]) {
      const probs = outOfFoldProbabilities(rows, labels, { folds: 3, classes: 2, seed: 7, foldOf }, fit);
      // Unseen rows have zero logits: probabilities one half each.
      expect(Array.from(probs)).toEqual(new Array(12).fill(0.5));
    }
    expect(() =>
      outOfFoldProbabilities(rows, labels, { folds: 3, classes: 2, seed: 7, foldOf: new Int32Array(2) }, fit),
    ).toThrow(/foldOf/);
  });
});
