import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { HashedFeaturiser, SparseBatchBuilder, seededRandom } from '@riptide/nlp';
import { predictProbabilities, type LinearModel } from '../train/linear-model';
import { fromFloat16Bits, toFloat16Bits } from './float16';
import { buildLinearClassifierOnnx, roundWeightsToFloat16 } from './linear-classifier-graph';

describe('float16', () => {
  it('rounds to nearest even and reads back exactly', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(fromFloat16Bits(toFloat16Bits(0.1))).toBeCloseTo(0.0999755859375, 12);
    expect(fromFloat16Bits(toFloat16Bits(2 ** -20))).toBe(2 ** -20);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
  });
});

describe('buildLinearClassifierOnnx', () => {
  it('computes on onnxruntime what the TypeScript reference computes (within 1e-5)', async () => {
    const random = seededRandom(3);
    const dimensions = 1024;
    const classes = 3;
    const trained: LinearModel = {
      dimensions,
      classes,
      weights: Float32Array.from({ length: dimensions * classes }, () => (random() - 0.5) * 4),
      bias: Float32Array.from([0.3, -0.2, 0.1]),
    };
    const model = roundWeightsToFloat16(trained);
    const featuriser = new HashedFeaturiser({
      kind: 'hashed-ngrams',
      hash: 'murmur3_x86_32',
      seed: 1,
      dimensions,
      wordNgrams: [1, 2],
      charNgrams: [2, 4],
      lexicon: 'afinn-165',
      targetConjoined: false,
    });
    const texts = ['I love this!', 'worst day ever :(', '@user see http://x.co #NoWay', 'ok'];
    const batch = new SparseBatchBuilder(featuriser).build(texts);
    const session = await ort.InferenceSession.create(
      buildLinearClassifierOnnx(model, { name: 'test', version: '0' }),
    );
    const output = await session.run({
      indices: new ort.Tensor('int64', batch.indices, [batch.rows, batch.width]),
      values: new ort.Tensor('float32', batch.values, [batch.rows, batch.width]),
    });
    const probs = output.probs.data as Float32Array;
    expect(output.probs.dims).toEqual([texts.length, classes]);
    texts.forEach((text, r) => {
      const expected = predictProbabilities(model, featuriser.featurise(text));
      for (let c = 0; c < classes; c++)
        expect(Math.abs(probs[r * classes + c] - expected[c])).toBeLessThan(1e-5);
    });
    // The texts differ, so a graph that ignored its inputs would fail here.
    expect(Math.abs(probs[0] - probs[classes])).toBeGreaterThan(1e-3);
    await session.release();
  });
});
