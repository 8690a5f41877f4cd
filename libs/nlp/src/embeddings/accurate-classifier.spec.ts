import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { loadModelFiles } from '../model/load-model-manifest';
import { AccurateClassifier } from './accurate-classifier';
import { ENCODER_TIERS } from './accurate-tier';
import { loadEncoderManifest } from './encoder-manifest';
import { onnx } from 'onnx-proto';
import { fromFloat16Bits } from '../onnx/float16';
import { SentenceEmbedder } from './sentence-embedder';
import { denseInputWidth, writeDenseInput, type DenseHeadInput } from './dense-head-input';
import { decide } from '../train/tune-decision-offsets';
import { mixedProbabilities, type MixedHead } from './mixed-head-graph';
import { fetchedEncoderFiles } from './test-encoder';

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
  let embedder: SentenceEmbedder;
  beforeAll(async () => {
    const manifest = loadEncoderManifest(tier.encoderManifest);
    fetchedEncoderFiles(manifest);
    embedder = await SentenceEmbedder.load(manifest);
  });
  afterAll(async () => embedder?.release());

  const texts = [
    'I love this so much!',
    'worst service ever, never again',
    'Meeting moved to 3pm',
    'We must act on climate change now #ActOnClimate',
  ];

  it.each([
    [tier.headIds.sentiment, undefined],
    [tier.headIds.stance, 'climate'],
  ])('%s: onnxruntime probabilities equal the TypeScript reference of the mixed head', async (id, target) => {
    const path = join(tier.headsDir, `${id}.json`);
    const classifier = await AccurateClassifier.load(path, embedder);
    const { manifest, onnxBytes } = loadModelFiles(path);
    const block = (JSON.parse(readFileSync(path, 'utf8')) as { embedding: DenseHeadInput }).embedding;
    const embeddings = await embedder.embed(texts);
    const results = await classifier.classifyEmbedded(texts, embeddings, { target });
    await classifier.close();
    const featuriser = new HashedFeaturiser(manifest.featuriser);
    const head = mixedHeadOf(onnxBytes, manifest.labels.length);
    results.forEach((result, i) => {
      const dense = new Float32Array(denseInputWidth(block));
      writeDenseInput(block, embeddings[i], target, dense);
      const expected = mixedProbabilities(head, featuriser.featurise(texts[i], target), dense);
      result.probs.forEach((p, c) => expect(p).toBeCloseTo(expected[c], 4));
      expect(result.label).toBe(
        manifest.labels[decide(expected, expected.length, manifest.decisionOffsets)[0]],
      );
    });
  });

  it('scores obvious sentiment correctly', async () => {
    const classifier = await AccurateClassifier.load(
      join(tier.headsDir, `${tier.headIds.sentiment}.json`),
      embedder,
    );
    const labels = (await classifier.classify(texts.slice(0, 2))).map((result) => result.label);
    await classifier.close();
    expect(labels).toEqual(['positive', 'negative']);
  });

  it('refuses a stance request without a target', async () => {
    const classifier = await AccurateClassifier.load(
      join(tier.headsDir, `${tier.headIds.stance}.json`),
      embedder,
    );
    await expect(classifier.classify(['x'])).rejects.toThrow(
      `target: the stance model ${tier.headIds.stance} needs a stance target`,
    );
    await classifier.close();
  });
});
