import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom, TOP_LAYERS_IO, batchFeeds, weightedLoss } from '@riptide/nlp';
import { onnx } from 'onnx-proto';
import {
  buildTopLayersScoringGraph,
  buildTopLayersServingGraph,
  buildTopLayersTrainingGraph,
  topLayerParameters,
} from './top-layers-graph';

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

  it('serves the pooled vector of int8 weight matrices within quantisation error', async () => {
    const weights = randomWeights(5);
    const scoring = await ort.InferenceSession.create(buildTopLayersScoringGraph(SPEC));
    const serving = await ort.InferenceSession.create(
      buildTopLayersServingGraph(SPEC, weights, { name: 't', version: '1' }),
    );
    const expected = (await run(scoring, weights))[TOP_LAYERS_IO.pooled].data as Float32Array;
    const served = await serving.run(batchFeeds(TEXTS, 8));
    expect(serving.outputNames).toEqual([TOP_LAYERS_IO.pooled]);
    expect(served[TOP_LAYERS_IO.pooled].dims).toEqual([2, 8]);
    const pooled = served[TOP_LAYERS_IO.pooled].data as Float32Array;
    for (let row = 0; row < 2; row++) {
      const a = expected.subarray(row * 8, (row + 1) * 8);
      const b = pooled.subarray(row * 8, (row + 1) * 8);
      const cosine = a.reduce((sum, x, i) => sum + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
      expect(cosine).toBeGreaterThan(0.99);
      expect(Array.from(a)).not.toEqual(Array.from(b));
    }
  });

  it('stores weight matrices as int8 with per-column scales, and the rest as float32', () => {
    const weights = randomWeights(12);
    const graph = onnx.ModelProto.decode(
      buildTopLayersServingGraph(SPEC, weights, { name: 't', version: '1' }),
    ).graph;
    const stored = new Map(
      (graph?.initializer ?? []).map((t) => [t.name ?? '', Uint8Array.from(t.rawData ?? []).buffer]),
    );
    const quantised = new Int8Array(stored.get('layer0.query.weight.int8') as ArrayBuffer);
    const scales = new Float32Array(stored.get('layer0.query.weight.scale') as ArrayBuffer);
    const original = weights.get('layer0.query.weight') as Float32Array;
    expect(scales).toHaveLength(8);
    original.forEach((w, i) =>
      expect(Math.abs(quantised[i] * scales[i % 8] - w)).toBeLessThanOrEqual(scales[i % 8] / 2 + 1e-7),
    );
    expect(new Float32Array(stored.get('layer1.output_norm.bias') as ArrayBuffer)).toEqual(
      weights.get('layer1.output_norm.bias'),
    );
    expect(stored.has('layer0.query.weight')).toBe(false);
  });

  it('ignores padding: a text is pooled the same alone as in a padded batch', async () => {
    // The float32 scoring graph: int8 serving quantises activations per batch, so only it is exact.
    const weights = randomWeights(9);
    const scoring = await ort.InferenceSession.create(buildTopLayersScoringGraph(SPEC));
    const pooled = async (texts: Float32Array[]) => {
      const feeds = batchFeeds(texts, 8);
      for (const p of topLayerParameters(SPEC))
        feeds[p.name] = new ort.Tensor('float32', weights.get(p.name) as Float32Array, p.dims);
      return (await scoring.run(feeds))[TOP_LAYERS_IO.pooled].data as Float32Array;
    };
    const batched = await pooled(TEXTS);
    const alone = await pooled([TEXTS[1]]);
    for (let d = 0; d < 8; d++) expect(batched[8 + d]).toBeCloseTo(alone[d], 5);
  });
});
