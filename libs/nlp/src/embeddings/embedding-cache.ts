import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Row-major [count x dimensions] sentence vectors, the form heads are trained on. */
export interface EmbeddingMatrix {
  readonly count: number;
  readonly dimensions: number;
  readonly values: Float32Array;
}

export function rowOf(matrix: EmbeddingMatrix, row: number): Float32Array {
  return matrix.values.subarray(row * matrix.dimensions, (row + 1) * matrix.dimensions);
}

/** Anything that turns texts into unit vectors (the SentenceEmbedder, or a stand-in in tests). */
export interface TextEmbedder {
  readonly modelId: string;
  readonly dimensions: number;
  /**
   * How texts are grouped into encoder calls (e.g. `length-sorted/64`). The int8 encoder quantises a
   * batch's activations with one scale, so a text's vector depends slightly on its batch-mates: the
   * same texts batched differently are different vectors, and the cache key must tell them apart.
   */
  readonly batching: string;
  embed(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
}

/**
 * Embeds texts once and keeps the result on disk: embedding the 50k training tweets takes minutes,
 * and training runs reuse it. The key covers the model, its batching and every text, so a changed
 * model, batch layout or data file can never be served stale vectors.
 */
export async function embedWithCache(
  embedder: TextEmbedder,
  texts: readonly string[],
  cacheDirectory: string,
  onProgress?: (done: number, total: number) => void,
): Promise<EmbeddingMatrix> {
  const hash = createHash('sha256')
    .update(embedder.modelId)
    .update('\0')
    .update(embedder.batching)
    .update('\0');
  for (const text of texts) hash.update(text).update('\n');
  const path = join(cacheDirectory, `${embedder.modelId}-${hash.digest('hex').slice(0, 32)}.f32`);
  const expectedBytes = texts.length * embedder.dimensions * Float32Array.BYTES_PER_ELEMENT;
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    if (bytes.length === expectedBytes) {
      onProgress?.(texts.length, texts.length);
      const values = new Float32Array(
        bytes.buffer,
        bytes.byteOffset,
        bytes.length / Float32Array.BYTES_PER_ELEMENT,
      );
      return { count: texts.length, dimensions: embedder.dimensions, values: values.slice() };
    }
  }
  const vectors = await embedder.embed(texts, (done) => onProgress?.(done, texts.length));
  const values = new Float32Array(texts.length * embedder.dimensions);
  vectors.forEach((vector, row) => values.set(vector, row * embedder.dimensions));
  mkdirSync(cacheDirectory, { recursive: true });
  writeFileSync(`${path}.partial`, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  renameSync(`${path}.partial`, path);
  return { count: texts.length, dimensions: embedder.dimensions, values };
}
