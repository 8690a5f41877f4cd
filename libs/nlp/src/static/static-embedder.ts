import type { TextEmbedder } from '../embeddings/embedding-cache';
import { loadStaticEmbedding, type LoadedStaticEmbedding } from './static-embedding-manifest';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

/**
 * Post vectors from a static token-embedding table (Model2Vec-style, distilled from a sentence
 * encoder by `riptide models distill`): the WordPiece ids of the text, the sum of their rows (each
 * row already carries its token's frequency weight) and L2 normalisation. No encoder runs, so a
 * post costs microseconds. Implements TextEmbedder, so training treats it as any encoder.
 *
 * The vectors of the last `embed` call are remembered by text: the sentiment head and then the
 * stance head embed the same batch (or a part of it), and the second call reuses the first's work.
 */
export class StaticEmbedder implements TextEmbedder {
  readonly modelId: string;
  readonly dimensions: number;
  /** Each text is pooled alone, so vectors never depend on batch-mates. */
  readonly batching = 'none';
  private readonly tokenizer: WordPieceTokenizer;
  private readonly values: Int8Array;
  private readonly scales: Float32Array;
  private lastCall = new Map<string, Float32Array>();
  private readonly ids: number[] = [];
  private readonly sum: Float64Array;

  constructor(table: LoadedStaticEmbedding) {
    this.modelId = table.manifest.id;
    this.dimensions = table.manifest.dimensions;
    this.tokenizer = WordPieceTokenizer.fromVocabularyLines(
      table.vocabularyLines,
      table.manifest.vocabulary.unknownToken,
    );
    this.values = table.values;
    this.scales = table.scales;
    this.sum = new Float64Array(this.dimensions);
  }

  static load(manifestPath: string): StaticEmbedder {
    return new StaticEmbedder(loadStaticEmbedding(manifestPath));
  }

  async embed(texts: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const remembered = this.lastCall;
    const thisCall = new Map<string, Float32Array>();
    const vectors = texts.map((text) => {
      const vector = remembered.get(text) ?? thisCall.get(text) ?? this.embedOne(text);
      thisCall.set(text, vector);
      return vector;
    });
    this.lastCall = thisCall;
    onBatch?.(texts.length);
    return vectors;
  }

  /** The unit vector of one text (all zeros when it has no tokens). */
  embedOne(text: string): Float32Array {
    const { dimensions, values, scales, sum } = this;
    const ids = this.tokenizer.ids(text, this.ids);
    sum.fill(0);
    for (const id of ids) {
      const scale = scales[id];
      const row = id * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d] += scale * values[row + d];
    }
    ids.length = 0;
    let squares = 0;
    for (let d = 0; d < dimensions; d++) squares += sum[d] * sum[d];
    const norm = Math.max(Math.sqrt(squares), 1e-12);
    const vector = new Float32Array(dimensions);
    for (let d = 0; d < dimensions; d++) vector[d] = sum[d] / norm;
    return vector;
  }
}
