import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HashedFeaturiser,
  loadModelFiles,
  TopLayersEmbedder,
  ENCODER_TIERS,
  loadEncoderTierModels,
  type EncoderTierModels,
  loadEncoderManifest,
  denseInputWidth,
  writeDenseInput,
  type DenseHeadInput,
  applyTemperature,
  fetchedEncoderFiles,
} from '@riptide/nlp';
import { onnx } from 'onnx-proto';
import { fromFloat16Bits } from '../onnx/float16';
import { decide } from '../train/tune-decision-offsets';
import { mixedProbabilities, type MixedHead } from './mixed-head-graph';

/** The mixed head read back from the committed ONNX file, for a TypeScript reference computation. */
function mixedHeadOf(onnxBytes: Uint8Array, classes: number): MixedHead {
  const graph = onnx.ModelProto.decode(onnxBytes).graph!;
  const tensor = (name: string) => graph.initializer!.find((t) => t.name === name)!;
  const floats = (name: string) => {
    const raw = tensor(name).rawData!;
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  };
  const raw = tensor('weights_f16').rawData!;
  const bits = new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const hasMlp = graph.initializer!.some((t) => t.name === 'mlp_w1');
  const [inputs, hidden] = tensor(hasMlp ? 'mlp_w1' : 'dense_w').dims!.map(Number);
  return {
    sparse: {
      dimensions: Number(tensor('weights_f16').dims![0]),
      classes,
      weights: Float32Array.from(bits, fromFloat16Bits),
      bias: floats('bias'),
    },
    dense: hasMlp
      ? {
          kind: 'mlp',
          mlp: {
            inputs,
            hidden,
            classes,
            w1: floats('mlp_w1'),
            b1: floats('mlp_b1'),
            w2: floats('mlp_w2'),
            b2: floats('mlp_b2'),
          },
        }
      : {
          kind: 'linear',
          linear: { dimensions: inputs, classes, weights: floats('dense_w'), bias: floats('dense_b') },
        },
    sparseWeight: floats('sparse_weight')[0],
  };
}

describe.each(ENCODER_TIERS)('AccurateClassifier (committed heads of the $name tier)', (tier) => {
  let models: EncoderTierModels;
  beforeAll(async () => {
    fetchedEncoderFiles(loadEncoderManifest(tier.encoderManifest));
    models = await loadEncoderTierModels(tier);
  });
  afterAll(async () => models?.close());

  const texts = [
    'I love this so much!',
    'worst service ever, never again',
    'Meeting moved to 3pm',
    'We must act on climate change now #ActOnClimate',
  ];

  it.each([
    ['sentiment', undefined],
    ['stance', 'climate'],
  ] as const)(
    '%s: onnxruntime probabilities equal the TypeScript reference of the mixed head',
    async (task, target) => {
      const path = join(tier.headsDir, `${tier.headIds[task]}.json`);
      const { manifest, onnxBytes } = loadModelFiles(path);
      const block = (JSON.parse(readFileSync(path, 'utf8')) as { embedding: DenseHeadInput }).embedding;
      // The head's own input: the general embedding, or the sentiment head's fine-tuned top layers.
      const embedder = task === 'sentiment' ? models.sentimentEmbedder : models.embedder;
      expect(embedder.modelId).toBe(block.encoder);
      const embeddings = await embedder.embed(texts);
      const results = await models[task].classifyEmbedded(texts, embeddings, { target });
      const featuriser = new HashedFeaturiser(manifest.featuriser);
      const head = mixedHeadOf(onnxBytes, manifest.labels.length);
      results.forEach((result, i) => {
        const dense = new Float32Array(denseInputWidth(block));
        writeDenseInput(block, embeddings[i], target, dense);
        const expected = mixedProbabilities(head, featuriser.featurise(texts[i], target), dense);
        // The label is decided on the graph's own probabilities; the calibrated ones are served.
        expect(result.label).toBe(
          manifest.labels[decide(expected, expected.length, manifest.decisionOffsets)[0]],
        );
        const served = Float32Array.from(expected);
        if (manifest.calibration) applyTemperature(served, served.length, manifest.calibration.temperature);
        result.probs.forEach((p, c) => expect(p).toBeCloseTo(served[c], 4));
      });
    },
  );

  it('reads fine-tuned top layers exactly when the sentiment manifest names them', () => {
    const path = join(tier.headsDir, `${tier.headIds.sentiment}.json`);
    const tuned = 'topLayers' in (JSON.parse(readFileSync(path, 'utf8')) as object);
    expect(models.sentimentEmbedder instanceof TopLayersEmbedder).toBe(tuned);
    expect(models.sentimentEmbedder === models.embedder).toBe(!tuned);
  });

  it('scores obvious sentiment correctly', async () => {
    const labels = (await models.sentiment.classify(texts.slice(0, 2))).map((result) => result.label);
    expect(labels).toEqual(['positive', 'negative']);
  });

  it('refuses a stance request without a target', async () => {
    await expect(models.stance.classify(['x'])).rejects.toThrow(
      `target: the stance model ${tier.headIds.stance} needs a stance target`,
    );
  });
});
