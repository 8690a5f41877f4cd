import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  E5_MANIFEST_PATH,
  loadEncoderManifest,
  dot,
  SentenceEmbedder,
  fetchedEncoderFiles,
  TopLayersEmbedder,
} from '@riptide/nlp';
import { readBertLayerWeights } from './encoder-layer-weights';
import { buildTopLayersServingGraph } from './top-layers-graph';

const TEXTS = [
  'I love this so much, best day ever!',
  'Worst service I have had in years. Never again.',
  'The meeting is at 3pm tomorrow in room 4.',
  'Not bad at all, honestly better than I expected',
];

function unit(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, vector));
  return vector.map((v) => v / norm);
}

describe('TopLayersEmbedder (E5-small-v2, top two layers rebuilt in float32)', () => {
  const manifest = loadEncoderManifest(E5_MANIFEST_PATH);
  const architecture = manifest.architecture as NonNullable<typeof manifest.architecture>;
  const shape = { hidden: 384, heads: architecture.heads, feedForward: architecture.feedForward };
  let onnxBytes: Uint8Array;
  let tuned: TopLayersEmbedder;
  let general: SentenceEmbedder;

  beforeAll(async () => {
    const modelBytes = readFileSync(fetchedEncoderFiles(manifest).modelPath);
    // Untuned: the encoder's own layers 10 and 11, dequantised, so the output must be E5's embedding.
    const weights = new Map<string, Float32Array>();
    for (let i = 0; i < 2; i++)
      for (const [name, values] of readBertLayerWeights(modelBytes, 10 + i, shape))
        weights.set(`layer${i}.${name}`, values);
    onnxBytes = buildTopLayersServingGraph({ shape, layers: 2, classes: 3 }, weights, {
      name: 't',
      version: '1',
    });
    tuned = await TopLayersEmbedder.load(manifest, { id: 'e5+untuned', onnxBytes, firstLayer: 10 });
    general = await SentenceEmbedder.load(manifest);
  });
  afterAll(async () => {
    await tuned?.release();
    await general?.release();
  });

  it('reproduces the int8 encoder when the layers are its own (cosine > 0.998)', async () => {
    const mine = await tuned.embed(TEXTS);
    const theirs = await general.embed(TEXTS);
    expect(mine).toHaveLength(TEXTS.length);
    mine.forEach((vector, i) => {
      expect(vector).toHaveLength(384);
      expect(dot(unit(vector), theirs[i])).toBeGreaterThan(0.998);
    });
  });

  it('returns vectors in input order, whatever the batching', async () => {
    const together = await tuned.embed(TEXTS);
    const reversed = await tuned.embed([...TEXTS].reverse());
    const alone = await tuned.embed([TEXTS[1]]);
    TEXTS.forEach((_, i) =>
      expect(dot(unit(together[i]), unit(reversed[TEXTS.length - 1 - i]))).toBeGreaterThan(0.9999),
    );
    // The int8 encoder quantises a batch's activations with one scale: batch-mates shift a vector slightly.
    expect(dot(unit(together[1]), unit(alone[0]))).toBeGreaterThan(0.995);
    expect(dot(unit(together[0]), unit(together[1]))).toBeLessThan(0.99);
  });

  it("gives the encoder's own vectors from the same lower layers, remembered or not", async () => {
    const theirs = await general.embed(TEXTS);
    await tuned.embed([]);
    expect(tuned.rememberedTexts).toBe(0);
    // Nothing remembered: the lower layers, then the encoder's own layers above the cut, in the same
    // batches as SentenceEmbedder: the same computation.
    const fresh = await tuned.general.embed(TEXTS);
    await tuned.embed(TEXTS.slice(0, 2));
    expect(tuned.rememberedTexts).toBe(2);
    // Two remembered (only the layers above the cut run, on their states re-padded), two not: batched
    // apart, so within the batch-mate noise of the int8 encoder (see the test above).
    const mixed = await tuned.general.embed(TEXTS);
    expect(tuned.general.modelId).toBe(manifest.id);
    TEXTS.forEach((_, i) => {
      expect(dot(fresh[i], theirs[i])).toBeGreaterThan(0.99999);
      expect(dot(mixed[i], theirs[i])).toBeGreaterThan(0.995);
    });
    expect(dot(mixed[0], theirs[1])).toBeLessThan(0.99);
  });

  it('remembers lower-layer states only up to its token budget', async () => {
    const small = await TopLayersEmbedder.load(
      manifest,
      { id: 'e5+untuned', onnxBytes, firstLayer: 10 },
      { rememberTokens: 20 },
    );
    try {
      await small.embed(TEXTS);
      expect(small.rememberedTexts).toBeGreaterThan(0);
      expect(small.rememberedTexts).toBeLessThan(TEXTS.length);
    } finally {
      await small.release();
    }
  });

  it('names a missing layer output clearly', async () => {
    await expect(TopLayersEmbedder.load(manifest, { id: 'x', onnxBytes, firstLayer: 40 })).rejects.toThrow(
      /no node produces "\/encoder\/layer\.39\/output\/LayerNorm\/Add_1_output_0"/,
    );
  });
});
