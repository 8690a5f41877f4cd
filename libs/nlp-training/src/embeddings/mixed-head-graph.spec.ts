import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type SparseRow, seededRandom } from '@riptide/nlp';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { buildMixedHeadOnnx, MIXED_GRAPH_IO, mixedProbabilities, type MixedHead } from './mixed-head-graph';

const random = seededRandom(3);
const uniform = (length: number, scale: number) =>
  Float32Array.from({ length }, () => (random() - 0.5) * scale);
const head: MixedHead = {
  sparse: roundWeightsToFloat16({ dimensions: 32, classes: 3, weights: uniform(96, 2), bias: uniform(3, 1) }),
  dense: {
    kind: 'mlp',
    mlp: {
      inputs: 6,
      hidden: 5,
      classes: 3,
      w1: uniform(30, 2),
      b1: uniform(5, 1),
      w2: uniform(15, 2),
      b2: uniform(3, 1),
    },
  },
  sparseWeight: 0.4,
};
const rows: SparseRow[] = [
  { indices: Int32Array.from([3, 7, 7, 31]), values: Float32Array.from([0.5, 1, 0.25, 2]) },
  { indices: Int32Array.from([1, 0, 0, 0]), values: Float32Array.from([1, 0, 0, 0]) },
];
const embeddings = [uniform(6, 2), uniform(6, 2)];

const linearHead: MixedHead = {
  ...head,
  dense: {
    kind: 'linear',
    linear: { dimensions: 6, classes: 3, weights: uniform(18, 2), bias: uniform(3, 1) },
  },
};

describe('buildMixedHeadOnnx', () => {
  it.each([
    ['an MLP', head],
    ['a linear layer', linearHead],
  ])('computes on onnxruntime what mixedProbabilities computes in TypeScript, with %s', async (_, head) => {
    const session = await ort.InferenceSession.create(
      buildMixedHeadOnnx(head, { name: 'test', version: '0' }),
    );
    const result = await session.run({
      [MIXED_GRAPH_IO.indices]: new ort.Tensor(
        'int64',
        BigInt64Array.from(rows.flatMap((r) => [...r.indices].map(BigInt))),
        [2, 4],
      ),
      [MIXED_GRAPH_IO.values]: new ort.Tensor(
        'float32',
        Float32Array.from(rows.flatMap((r) => [...r.values])),
        [2, 4],
      ),
      [MIXED_GRAPH_IO.embedding]: new ort.Tensor(
        'float32',
        Float32Array.from(embeddings.flatMap((e) => [...e])),
        [2, 6],
      ),
    });
    const probs = result[MIXED_GRAPH_IO.probs].data as Float32Array;
    await session.release();
    rows.forEach((row, r) => {
      const expected = mixedProbabilities(head, row, embeddings[r]);
      for (let c = 0; c < 3; c++) expect(probs[r * 3 + c]).toBeCloseTo(expected[c], 5);
    });
  });

  it('is the sparse model alone at weight 1 and the MLP alone at weight 0', () => {
    const sparseOnly = mixedProbabilities({ ...head, sparseWeight: 1 }, rows[0], embeddings[0]);
    const mlpOnly = mixedProbabilities({ ...head, sparseWeight: 0 }, rows[0], embeddings[0]);
    expect(sparseOnly[0]).not.toBeCloseTo(mlpOnly[0], 3);
    const mixed = mixedProbabilities(head, rows[0], embeddings[0]);
    expect(mixed[0]).not.toBeCloseTo(sparseOnly[0], 3);
  });

  it('refuses a mixing weight outside [0, 1], naming the field', () => {
    expect(() => buildMixedHeadOnnx({ ...head, sparseWeight: 1.5 }, { name: 'x', version: '0' })).toThrow(
      'sparseWeight: must be in [0, 1], got 1.5',
    );
  });
});
