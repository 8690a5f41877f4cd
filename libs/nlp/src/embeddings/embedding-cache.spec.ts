import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embedWithCache, rowOf, type TextEmbedder } from './embedding-cache';

/** A stand-in encoder: vector = [length, first char code], counting how many texts it embedded. */
function countingEmbedder(modelId = 'fake', batching = 'all-at-once'): TextEmbedder & { embedded: number } {
  return {
    modelId,
    dimensions: 2,
    batching,
    embedded: 0,
    async embed(texts) {
      this.embedded += texts.length;
      return texts.map((text) => Float32Array.from([text.length, text.charCodeAt(0) || 0]));
    },
  };
}

describe('embedWithCache', () => {
  it('embeds once, then serves the same matrix from disk', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'riptide-cache-'));
    const embedder = countingEmbedder();
    const first = await embedWithCache(embedder, ['ab', 'c'], directory);
    const second = await embedWithCache(embedder, ['ab', 'c'], directory);
    expect(embedder.embedded).toBe(2);
    expect(Array.from(rowOf(second, 0))).toEqual([2, 97]);
    expect(Array.from(second.values)).toEqual(Array.from(first.values));
    expect(readdirSync(directory)).toHaveLength(1);
  });

  it('misses when a text, the model or the batching changes', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'riptide-cache-'));
    const embedder = countingEmbedder();
    await embedWithCache(embedder, ['ab', 'c'], directory);
    await embedWithCache(embedder, ['ab', 'd'], directory);
    await embedWithCache(countingEmbedder('other'), ['ab', 'c'], directory);
    const rebatched = countingEmbedder('fake', 'sorted/2');
    await embedWithCache(rebatched, ['ab', 'c'], directory);
    expect(embedder.embedded).toBe(4);
    expect(rebatched.embedded).toBe(2);
    expect(readdirSync(directory)).toHaveLength(4);
  });
});
