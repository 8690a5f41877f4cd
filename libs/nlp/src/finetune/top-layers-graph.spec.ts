import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../train/seeded-random';
import { fromFloat16Bits, toFloat16Bits } from '../onnx/float16';
import {
  buildTopLayersScoringGraph,
  buildTopLayersServingGraph,
  buildTopLayersTrainingGraph,
  readTopLayersWeights,
  TOP_LAYERS_IO,
  topLayerParameters,
} from './top-layers-graph';
import { batchFeeds, weightedLoss } from './top-layers-batch';

const SPEC = { shape: { hidden: 8, heads: 2, feedForward: 16 }, layers: 2, classes: 3 };

function randomWeights(seed: number): Map<string, Float32Array> {
  const random = seededRandom(seed);
  return new Map(
    topLayerParameters(SPEC).map((p) => {
      const size = p.dims.reduce((a, b) => a * b, 1);
      const isNormGain = p.name.endsWith('_norm.weight');
      return [
        p.name,
        Float32Array.from({ length: size }, () => (isNormGain ? 1 : 0) + (random() - 0.5) * 0.8),
      ];
    }),
  );
}

// Two texts of 3 and 2 tokens: the second row is padded, so masking is exercised.
const random = seededRandom(7);
const TEXTS = [
  Float32Array.from({ length: 3 * 8 }, () => random() * 2 - 1),
  Float32Array.from({ length: 2 * 8 }, () => random() * 2 - 1),
];
const LABELS = [2, 0];
const CLASS_WEIGHTS = [1, 1.5, 0.7];

async function run(session: ort.InferenceSession, weights: Map<string, Float32Array>) {
  const feeds = batchFeeds(TEXTS, 8, { labels: LABELS, classWeights: CLASS_WEIGHTS, classes: 3 });
  for (const p of topLayerParameters(SPEC))
    feeds[p.name] = new ort.Tensor('float32', weights.get(p.name) as Float32Array, p.dims);
  return session.run(feeds);
}

describe('top layers training graph', () => {
  it('gives every parameter the gradient finite differences give', async () => {
    const session = await ort.InferenceSession.create(buildTopLayersTrainingGraph(SPEC));
    const weights = randomWeights(3);
    const loss = async (w: Map<string, Float32Array>) =>
      weightedLoss(
        (await run(session, w))[TOP_LAYERS_IO.logits].data as Float32Array,
        LABELS,
        CLASS_WEIGHTS,
        3,
      );
    const analytic = await run(session, weights);
    const probe = seededRandom(11);
    let worst = 0;
    for (const p of topLayerParameters(SPEC)) {
      const gradient = analytic[`grad.${p.name}`].data as Float32Array;
      expect(gradient.length).toBe(p.dims.reduce((a, b) => a * b, 1));
      for (let k = 0; k < 3; k++) {
        const index = Math.floor(probe() * gradient.length);
        const h = 1e-2;
        const plus = new Map(weights);
        const minus = new Map(weights);
        plus.set(p.name, Float32Array.from(weights.get(p.name) as Float32Array));
        minus.set(p.name, Float32Array.from(weights.get(p.name) as Float32Array));
        (plus.get(p.name) as Float32Array)[index] += h;
        (minus.get(p.name) as Float32Array)[index] -= h;
        const numeric = ((await loss(plus)) - (await loss(minus))) / (2 * h);
        const error =
          Math.abs(numeric - gradient[index]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(gradient[index]));
        worst = Math.max(worst, error);
        expect(error, `${p.name}[${index}]: numeric ${numeric}, graph ${gradient[index]}`).toBeLessThan(0.03);
      }
    }
    expect(worst).toBeLessThan(0.03);
  });

  it('scores with the logits the training graph computes', async () => {
    const weights = randomWeights(5);
    const training = await ort.InferenceSession.create(buildTopLayersTrainingGraph(SPEC));
    const scoring = await ort.InferenceSession.create(buildTopLayersScoringGraph(SPEC));
    const trained = (await run(training, weights))[TOP_LAYERS_IO.logits].data as Float32Array;
    const scored = (await run(scoring, weights))[TOP_LAYERS_IO.logits].data as Float32Array;
    for (let i = 0; i < trained.length; i++) expect(scored[i]).toBeCloseTo(trained[i], 5);
  });

  it('serves the pooled vector of float16-rounded weight matrices', async () => {
    const weights = randomWeights(5);
    // Weight matrices are stored as float16; biases and LayerNorm parameters stay float32.
    const isMatrix = (name: string) => name.endsWith('.weight') && !name.endsWith('_norm.weight');
    const rounded = new Map(
      [...weights].map(([name, values]) => [
        name,
        isMatrix(name) ? values.map((v) => fromFloat16Bits(toFloat16Bits(v))) : values,
      ]),
    );
    const scoring = await ort.InferenceSession.create(buildTopLayersScoringGraph(SPEC));
    const serving = await ort.InferenceSession.create(
      buildTopLayersServingGraph(SPEC, weights, { name: 't', version: '1' }),
    );
    const expected = (await run(scoring, rounded))[TOP_LAYERS_IO.pooled].data as Float32Array;
    const served = await serving.run(batchFeeds(TEXTS, 8));
    expect(serving.outputNames).toEqual([TOP_LAYERS_IO.pooled]);
    expect(served[TOP_LAYERS_IO.pooled].dims).toEqual([2, 8]);
    const pooled = served[TOP_LAYERS_IO.pooled].data as Float32Array;
    for (let i = 0; i < expected.length; i++) expect(pooled[i]).toBeCloseTo(expected[i], 5);
  });

  it('ignores padding: a text is pooled the same alone as in a padded batch', async () => {
    const serving = await ort.InferenceSession.create(
      buildTopLayersServingGraph(SPEC, randomWeights(9), { name: 't', version: '1' }),
    );
    const batched = (await serving.run(batchFeeds(TEXTS, 8)))[TOP_LAYERS_IO.pooled].data as Float32Array;
    const alone = (await serving.run(batchFeeds([TEXTS[1]], 8)))[TOP_LAYERS_IO.pooled].data as Float32Array;
    for (let d = 0; d < 8; d++) expect(batched[8 + d]).toBeCloseTo(alone[d], 5);
  });
});

describe('top layers served with int8 weights', () => {
  it('pools within quantisation error of float32, and reads its weights back', async () => {
    const weights = randomWeights(12);
    const meta = { name: 't', version: '1' };
    const half = await ort.InferenceSession.create(
      buildTopLayersServingGraph(SPEC, weights, meta, 'float16'),
    );
    const int8Bytes = buildTopLayersServingGraph(SPEC, weights, meta, 'int8');
    const int8 = await ort.InferenceSession.create(int8Bytes);
    const expected = (await half.run(batchFeeds(TEXTS, 8)))[TOP_LAYERS_IO.pooled].data as Float32Array;
    const served = (await int8.run(batchFeeds(TEXTS, 8)))[TOP_LAYERS_IO.pooled].data as Float32Array;
    for (let row = 0; row < 2; row++) {
      const a = expected.subarray(row * 8, (row + 1) * 8);
      const b = served.subarray(row * 8, (row + 1) * 8);
      const cosine = a.reduce((sum, x, i) => sum + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
      expect(cosine).toBeGreaterThan(0.99);
      expect(Array.from(a)).not.toEqual(Array.from(b));
    }
    const readBack = readTopLayersWeights(SPEC, int8Bytes);
    const original = weights.get('layer0.query.weight') as Float32Array;
    const stored = readBack.get('layer0.query.weight') as Float32Array;
    const largest = Math.max(...original.map(Math.abs));
    original.forEach((w, i) => expect(Math.abs(stored[i] - w)).toBeLessThanOrEqual(largest / 127));
    expect(readBack.get('layer1.output_norm.bias')).toEqual(weights.get('layer1.output_norm.bias'));
    expect(
      readTopLayersWeights(SPEC, buildTopLayersServingGraph(SPEC, weights, meta)).get('layer0.key.weight'),
    ).toEqual(
      (weights.get('layer0.key.weight') as Float32Array).map((v) => fromFloat16Bits(toFloat16Bits(v))),
    );
  });
});
