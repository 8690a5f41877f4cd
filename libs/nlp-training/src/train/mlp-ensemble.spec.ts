import { describe, expect, it } from 'vitest';
import { averageMlpHeads } from './mlp-ensemble';
import { mlpProbabilities, type MlpHead } from './mlp-head';
import { seededRandom } from '@riptide/nlp';

function randomHead(seed: number, hidden: number, inputs = 4, classes = 3): MlpHead {
  const random = seededRandom(seed);
  const values = (length: number) => Float32Array.from({ length }, () => random() * 2 - 1);
  return {
    inputs,
    hidden,
    classes,
    w1: values(inputs * hidden),
    b1: values(hidden),
    w2: values(hidden * classes),
    b2: values(classes),
  };
}

describe('averageMlpHeads', () => {
  it('gives the renormalised geometric mean of the members’ probabilities', () => {
    const members = [randomHead(1, 5), randomHead(2, 3), randomHead(3, 5)];
    const merged = averageMlpHeads(members);
    expect(merged.hidden).toBe(13);
    const random = seededRandom(7);
    for (let trial = 0; trial < 5; trial++) {
      const row = Array.from({ length: 4 }, () => random() * 4 - 2);
      const logMean = [0, 1, 2].map(
        (c) => members.reduce((sum, head) => sum + Math.log(mlpProbabilities(head, row)[c]), 0) / 3,
      );
      const total = logMean.reduce((sum, value) => sum + Math.exp(value), 0);
      const probs = mlpProbabilities(merged, row);
      logMean.forEach((value, c) => expect(probs[c]).toBeCloseTo(Math.exp(value) / total, 5));
    }
  });

  it('leaves a single head as it was', () => {
    const head = randomHead(4, 6);
    const merged = averageMlpHeads([head]);
    expect(Array.from(mlpProbabilities(merged, [1, -1, 0.5, 2]))).toEqual(
      Array.from(mlpProbabilities(head, [1, -1, 0.5, 2])),
    );
  });

  it('refuses no heads and heads of different shapes', () => {
    expect(() => averageMlpHeads([])).toThrow('heads: expected at least one MLP head');
    expect(() => averageMlpHeads([randomHead(1, 2), randomHead(2, 2, 5)])).toThrow(
      'heads[1]: 5 inputs and 3 classes, heads[0] has 4 and 3',
    );
  });
});
