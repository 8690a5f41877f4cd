import { describe, expect, it } from 'vitest';
import { type FeaturiserSpec, HashedFeaturiser, type SparseRow } from '@riptide/nlp';
import type { LinearModel } from './linear-model';
import { fitSharedAndBlockModels } from './target-blocks';

const spec: FeaturiserSpec = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 256,
  wordNgrams: [1, 1],
  charNgrams: [0, 0],
  lexicon: 'none',
  targetConjoined: true,
  targetBlocks: { targets: ['cats', 'dogs'], rows: 128 },
};

/** A deterministic stand-in for training: weight = the row's value sum per (feature, label), bias = label count. */
function countingFit(rows: readonly SparseRow[], labels: Int32Array, dimensions: number): LinearModel {
  const weights = new Float32Array(dimensions * 3);
  const bias = new Float32Array(3);
  rows.forEach((row, r) => {
    bias[labels[r]] += 1;
    row.indices.forEach((index, j) => (weights[index * 3 + labels[r]] += row.values[j]));
  });
  return { dimensions, classes: 3, weights, bias };
}

function logits(model: LinearModel, row: SparseRow): number[] {
  const out = Array.from(model.bias);
  row.indices.forEach((index, j) => {
    for (let c = 0; c < 3; c++) out[c] += row.values[j] * model.weights[index * 3 + c];
  });
  return out;
}

describe('fitSharedAndBlockModels', () => {
  const featuriser = new HashedFeaturiser(spec);
  const data: [string, string, number][] = [
    ['love cats', 'cats', 2],
    ['hate cats', 'cats', 1],
    ['cats ok', 'cats', 0],
    ['love dogs', 'dogs', 2],
    ['dogs bite', 'dogs', 1],
  ];
  const rows = data.map(([text, target]) => featuriser.featurise(text, target));
  const labels = Int32Array.from(data, ([, , label]) => label);

  it('gives the mean of the joint model and the own target model, as one linear model', () => {
    const model = fitSharedAndBlockModels(rows, labels, spec, countingFit);
    expect(model.dimensions).toBe(256 + 2 * 128);
    const sharedPart = (row: SparseRow): SparseRow => ({
      indices: row.indices.filter((i) => i < 256),
      values: row.values.filter((_, j) => row.indices[j] < 256),
    });
    const joint = countingFit(rows.map(sharedPart), labels, 256);
    // The cats model, fitted on the cats rows' block entries re-indexed from the block start.
    const catsRows = rows.slice(0, 3).map((row) => ({
      indices: row.indices.filter((i) => i >= 256 && i < 384).map((i) => i - 256),
      values: row.values.filter((_, j) => row.indices[j] >= 256 && row.indices[j] < 384),
    }));
    const cats = countingFit(catsRows, labels.slice(0, 3), 128);
    const expected = logits(joint, sharedPart(rows[0])).map((l, c) => (l + logits(cats, catsRows[0])[c]) / 2);
    // The cats model's bias is in `expected`: the combined model carries it in the cats bias row.
    logits(model, rows[0]).forEach((l, c) => expect(l).toBeCloseTo(expected[c], 5));
  });

  it('without the joint model, gives the own target model alone and zero shared rows', () => {
    const model = fitSharedAndBlockModels(rows, labels, spec, countingFit, { joint: false });
    expect(model.weights.subarray(0, 256 * 3).every((w) => w === 0)).toBe(true);
    expect(Array.from(model.bias)).toEqual([0, 0, 0]);
    const dogsRows = rows.slice(3).map((row) => ({
      indices: row.indices.filter((i) => i >= 384).map((i) => i - 384),
      values: row.values.filter((_, j) => row.indices[j] >= 384),
    }));
    const dogs = countingFit(dogsRows, labels.slice(3), 128);
    logits(model, rows[4]).forEach((l, c) => expect(l).toBeCloseTo(logits(dogs, dogsRows[1])[c], 5));
  });

  it('leaves the other target block untouched by a target with no rows', () => {
    const catsOnly = fitSharedAndBlockModels(rows.slice(0, 3), labels.slice(0, 3), spec, countingFit);
    expect(catsOnly.weights.subarray(384 * 3).every((w) => w === 0)).toBe(true);
  });

  it('refuses rows without a target block entry', () => {
    const untargeted = [featuriser.featurise('love cats')];
    expect(() => fitSharedAndBlockModels(untargeted, Int32Array.from([2]), spec, countingFit)).toThrow(
      'rows: row 0 has no target block entry',
    );
  });
});
