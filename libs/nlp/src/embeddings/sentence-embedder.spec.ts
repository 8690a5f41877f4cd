import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot } from './mean-pool';
import { E5_MANIFEST_PATH, loadEncoderManifest } from './encoder-manifest';
import { SentenceEmbedder } from './sentence-embedder';
import { fetchedEncoderFiles } from './test-encoder';

describe('SentenceEmbedder (all-MiniLM-L6-v2, quantized)', () => {
  let embedder: SentenceEmbedder;
  beforeAll(async () => {
    fetchedEncoderFiles();
    embedder = await SentenceEmbedder.load(undefined, { batchSize: 2 });
  });
  afterAll(async () => embedder?.release());

  const texts = [
    'A man is eating food.',
    'Someone is having a meal.',
    'The stock market crashed today.',
    'Climate change is the biggest threat we face, we must act now!',
    'Global warming is a real danger and we need action immediately',
  ];

  it('returns one unit vector of 384 values per text, in input order', async () => {
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(5);
    for (const vector of vectors) {
      expect(vector).toHaveLength(384);
      expect(dot(vector, vector)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic and independent of batching and padding', async () => {
    const together = await embedder.embed(texts);
    const alone = await embedder.embed([texts[3]]);
    expect(dot(together[3], alone[0])).toBeCloseTo(1, 5);
    expect(Array.from(await embedder.embed(texts))).toEqual(Array.from(together));
  });

  it('puts paraphrases closer together than unrelated sentences', async () => {
    const [eating, meal, stocks, climate, warming] = await embedder.embed(texts);
    expect(dot(eating, meal)).toBeGreaterThan(dot(eating, stocks) + 0.3);
    expect(dot(climate, warming)).toBeGreaterThan(dot(climate, stocks) + 0.3);
  });

  it('embeds an empty list and an empty text', async () => {
    expect(await embedder.embed([])).toEqual([]);
    const [empty] = await embedder.embed(['']);
    expect(dot(empty, empty)).toBeCloseTo(1, 5);
  });
});

describe('SentenceEmbedder (E5-small-v2, quantized): the manifest text prefix', () => {
  it('embeds a text as the encoder without a prefix embeds the prefixed text', async () => {
    const manifest = loadEncoderManifest(E5_MANIFEST_PATH);
    fetchedEncoderFiles(manifest);
    const withPrefix = await SentenceEmbedder.load(manifest);
    const withoutPrefix = await SentenceEmbedder.load({ ...manifest, textPrefix: '' });
    try {
      const text = 'We must act on climate change now';
      const [prefixed] = await withPrefix.embed([text]);
      const [explicit] = await withoutPrefix.embed([`query: ${text}`]);
      const [bare] = await withoutPrefix.embed([text]);
      expect(dot(prefixed, explicit)).toBeCloseTo(1, 5);
      expect(dot(prefixed, bare)).toBeLessThan(0.999);
    } finally {
      await withPrefix.release();
      await withoutPrefix.release();
    }
  });
});
