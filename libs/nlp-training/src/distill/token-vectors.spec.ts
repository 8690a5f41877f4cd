import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchedEncoderFiles, HfTokenizer } from '@riptide/nlp';
import { InferenceSession } from 'onnxruntime-node';
import { contextualTokenSums, isolatedTokenVectors, shrunkTokenVectors } from './token-vectors';

const SPECIAL = { cls: 101, sep: 102 };

describe('shrunkTokenVectors', () => {
  it('keeps the isolated vector of an unseen token and moves toward the average as counts grow', () => {
    const isolated = Float32Array.of(1, 1, 0, 0);
    const sums = { sums: Float64Array.of(0, 0, 30, 60), counts: Float64Array.of(0, 6) };
    const table = shrunkTokenVectors(sums, isolated, 2, 4);
    expect([...table.subarray(0, 2)]).toEqual([1, 1]);
    // (30 + 4 * 0) / (6 + 4), (60 + 0) / 10
    expect([...table.subarray(2, 4)]).toEqual([3, 6]);
  });
});

describe('token vectors from the MiniLM encoder', () => {
  let encoder: InferenceSession;
  let tokenizer: HfTokenizer;
  beforeAll(async () => {
    const files = fetchedEncoderFiles();
    encoder = await InferenceSession.create(files.modelPath, { intraOpNumThreads: 1 });
    tokenizer = new HfTokenizer(JSON.parse(readFileSync(files.tokenizerPath, 'utf8')));
  });
  afterAll(async () => {
    await encoder.release();
  });

  it('gives each vocabulary id its own 384-d vector, the same on every run', async () => {
    const first = await isolatedTokenVectors(encoder, 3, 384, SPECIAL);
    const second = await isolatedTokenVectors(encoder, 3, 384, SPECIAL);
    expect(first).toHaveLength(3 * 384);
    expect(first).toEqual(second);
    expect(first.subarray(0, 384)).not.toEqual(first.subarray(384, 768));
    expect(first.every(Number.isFinite)).toBe(true);
  });

  it('counts every piece of the corpus once per occurrence, without [CLS] and [SEP]', async () => {
    const texts = ['hello world', 'hello hello!'];
    const { sums, counts } = await contextualTokenSums(encoder, tokenizer, texts, 30522, 384, SPECIAL);
    expect(counts[tokenizer.idOf('hello') as number]).toBe(3);
    expect(counts[tokenizer.idOf('world') as number]).toBe(1);
    expect(counts[SPECIAL.cls] + counts[SPECIAL.sep]).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    const world = (tokenizer.idOf('world') as number) * 384;
    expect(Math.hypot(...sums.subarray(world, world + 384))).toBeGreaterThan(0);
  });
});
