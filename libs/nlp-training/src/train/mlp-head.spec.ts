import { describe, expect, it } from 'vitest';
import { argmax } from './linear-model';
import { mlpProbabilities, trainMlpHead, type DenseMatrix } from './mlp-head';

// XOR of the signs of the two inputs: no linear model separates it, one hidden layer does.
const points: number[][] = [];
const labels: number[] = [];
for (let i = 0; i < 200; i++) {
  const x = ((i * 37) % 100) / 50 - 1 + 0.01;
  const y = ((i * 61) % 100) / 50 - 1 + 0.01;
  points.push([x, y]);
  labels.push(x * y > 0 ? 1 : 0);
}
const matrix: DenseMatrix = { count: points.length, width: 2, values: Float32Array.from(points.flat()) };
const options = {
  hidden: 16,
  classes: 2,
  epochs: 60,
  learningRate: 0.02,
  weightDecay: 0,
  dropout: 0,
  batchSize: 16,
  classWeights: [1, 1],
  seed: 5,
};

describe('trainMlpHead', () => {
  it('learns XOR, which a linear model cannot', () => {
    const head = trainMlpHead(matrix, Int32Array.from(labels), options);
    const correct = points.filter((p, i) => argmax(mlpProbabilities(head, p)) === labels[i]).length;
    expect(correct / points.length).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed, dropout included', () => {
    const withDropout = { ...options, epochs: 3, dropout: 0.3 };
    const a = trainMlpHead(matrix, Int32Array.from(labels), withDropout);
    const b = trainMlpHead(matrix, Int32Array.from(labels), withDropout);
    expect(Array.from(a.w1)).toEqual(Array.from(b.w1));
    expect(Array.from(a.w2)).toEqual(Array.from(b.w2));
  });

  it('reports each epoch and names bad options', () => {
    const epochs: number[] = [];
    trainMlpHead(matrix, Int32Array.from(labels), { ...options, epochs: 2, onEpoch: (e) => epochs.push(e) });
    expect(epochs).toEqual([1, 2]);
    expect(() => trainMlpHead(matrix, Int32Array.from(labels), { ...options, dropout: 1 })).toThrow(
      'dropout: must be in [0, 1), got 1',
    );
    expect(() => trainMlpHead(matrix, Int32Array.from([1]), options)).toThrow(
      'labels: expected 200 labels, got 1',
    );
    expect(() =>
      mlpProbabilities(trainMlpHead(matrix, Int32Array.from(labels), { ...options, epochs: 0 }), [1]),
    ).toThrow('row: expected 2 values, got 1');
  });
});
