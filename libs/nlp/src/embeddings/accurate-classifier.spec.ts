import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { loadModelFiles } from '../model/load-model-manifest';
import { predictProbabilities } from '../train/linear-model';
import { AccurateClassifier } from './accurate-classifier';
import { ACCURATE_MODELS_DIR, ACCURATE_MODEL_IDS } from './accurate-tier';
import { onnx } from 'onnx-proto';
import { fromFloat16Bits } from '../onnx/float16';
import { SentenceEmbedder } from './sentence-embedder';
import { stackedRow, type EmbeddingBlock } from './stacked-features';
import { fetchedEncoderFiles } from './test-encoder';

/** Weights and bias read back from the committed ONNX file, for a TypeScript reference computation. */
function linearModelOf(onnxBytes: Uint8Array, dimensions: number, classes: number) {
  const graph = onnx.ModelProto.decode(onnxBytes).graph!;
  const tensor = (name: string) => graph.initializer!.find((t) => t.name === name)!;
  const raw = tensor('weights_f16').rawData!;
  const bits = new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const biasRaw = tensor('bias').rawData!;
  return {
    dimensions,
    classes,
    weights: Float32Array.from(bits, fromFloat16Bits),
    bias: new Float32Array(biasRaw.buffer.slice(biasRaw.byteOffset, biasRaw.byteOffset + biasRaw.byteLength)),
  };
}

describe('AccurateClassifier (committed models/accurate heads)', () => {
  let embedder: SentenceEmbedder;
  beforeAll(async () => {
    fetchedEncoderFiles();
    embedder = await SentenceEmbedder.load();
  });
  afterAll(async () => embedder?.release());

  const texts = [
    'I love this so much!',
    'worst service ever, never again',
    'Meeting moved to 3pm',
    'We must act on climate change now #ActOnClimate',
  ];

  it.each([
    [ACCURATE_MODEL_IDS.sentiment, undefined],
    [ACCURATE_MODEL_IDS.stance, 'climate'],
  ])(
    '%s: onnxruntime probabilities equal the TypeScript reference over the stacked features',
    async (id, target) => {
      const path = join(ACCURATE_MODELS_DIR, `${id}.json`);
      const classifier = await AccurateClassifier.load(path, embedder);
      const { manifest, onnxBytes } = loadModelFiles(path);
      const block = (JSON.parse(readFileSync(path, 'utf8')) as { embedding: EmbeddingBlock }).embedding;
      const embeddings = await embedder.embed(texts);
      const results = await classifier.classifyEmbedded(texts, embeddings, { target });
      await classifier.close();
      const featuriser = new HashedFeaturiser(manifest.featuriser);
      const onnxGraph = onnx.ModelProto.decode(onnxBytes).graph!;
      const rows = onnxGraph.initializer!.find((t) => t.name === 'weights_f16')!.dims![0] as number;
      const model = linearModelOf(onnxBytes, rows, manifest.labels.length);
      results.forEach((result, i) => {
        const expected = predictProbabilities(
          model,
          stackedRow(featuriser, block, texts[i], embeddings[i], target),
        );
        result.probs.forEach((p, c) => expect(p).toBeCloseTo(expected[c], 4));
        expect(result.label).toBe(manifest.labels[expected.indexOf(Math.max(...expected))]);
      });
    },
  );

  it('scores obvious sentiment correctly', async () => {
    const classifier = await AccurateClassifier.load(
      join(ACCURATE_MODELS_DIR, `${ACCURATE_MODEL_IDS.sentiment}.json`),
      embedder,
    );
    const labels = (await classifier.classify(texts.slice(0, 2))).map((result) => result.label);
    await classifier.close();
    expect(labels).toEqual(['positive', 'negative']);
  });

  it('refuses a stance request without a target', async () => {
    const classifier = await AccurateClassifier.load(
      join(ACCURATE_MODELS_DIR, `${ACCURATE_MODEL_IDS.stance}.json`),
      embedder,
    );
    await expect(classifier.classify(['x'])).rejects.toThrow(
      'target: the stance model stance-accurate needs a stance target',
    );
    await classifier.close();
  });
});
