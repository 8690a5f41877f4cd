import { readFileSync } from 'node:fs';
import { InferenceSession } from 'onnxruntime-node';
import { meanPoolNormalize } from './mean-pool';
import type { EncoderManifest } from './encoder-manifest';
import { loadEncoderManifest, modelsDirectory } from './encoder-manifest';
import { requireEncoderFiles } from './model-files';
import { HfTokenizer } from './hf-tokenizer';
import { encoderFeeds } from './encoder-feeds';
import { mapLengthSortedBatches } from './length-sorted-batches';

export interface SentenceEmbedderOptions {
  /** onnxruntime intra-op threads; defaults to 1 so that instances scale by process, not by thread. */
  readonly threads?: number;
  /** Texts per ONNX run. Larger batches amortise the call; padding grows with the longest text. */
  readonly batchSize?: number;
  /** Directory holding fetched models; defaults to `.local/models` or RIPTIDE_MODELS_DIR. */
  readonly modelsDir?: string;
}

/**
 * Sentence vectors from a BERT-style encoder (all-MiniLM-L6-v2, E5-small-v2): the manifest's text
 * prefix, WordPiece ids -> ONNX token embeddings -> mean over the attention mask -> L2 normalisation. Each text gets a unit Float32Array of `dimensions` values.
 */
export class SentenceEmbedder {
  private constructor(
    private readonly session: InferenceSession,
    readonly tokenizer: HfTokenizer,
    readonly dimensions: number,
    readonly modelId: string,
    private readonly batchSize: number,
    private readonly textPrefix: string,
  ) {
    this.batching = `token-length-sorted/${batchSize}`;
  }

  /** See TextEmbedder.batching: texts sorted by token count, cut into batches of batchSize (embed). */
  readonly batching: string;

  static async load(
    manifest: EncoderManifest = loadEncoderManifest(),
    options: SentenceEmbedderOptions = {},
  ): Promise<SentenceEmbedder> {
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
    const files = requireEncoderFiles(manifest, options.modelsDir ?? modelsDirectory());
    const tokenizer = new HfTokenizer(
      JSON.parse(readFileSync(files.tokenizerPath, 'utf8')),
      manifest.maxTokens,
    );
    const threads = options.threads ?? 1;
    const session = await InferenceSession.create(files.modelPath, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    return new SentenceEmbedder(
      session,
      tokenizer,
      manifest.dimensions,
      manifest.id,
      batchSize,
      manifest.textPrefix,
    );
  }

  /**
   * Embeds texts in batches. Texts are grouped by token count before batching so that short tweets
   * are not padded to a long one's length; results come back in the input order.
   */
  async embed(raw: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const texts = this.textPrefix === '' ? raw : raw.map((text) => this.textPrefix + text);
    const lengths = texts.map((text) => this.tokenizer.encode(text).length);
    return mapLengthSortedBatches(
      lengths,
      this.batchSize,
      (indices) => this.embedBatch(indices.map((index) => texts[index])),
      onBatch,
    );
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  private async embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const batch = this.tokenizer.encodeBatch(texts);
    const outputs = await this.session.run(encoderFeeds(batch));
    const hidden = outputs[this.session.outputNames[0]];
    if (hidden.type !== 'float32' || hidden.dims[2] !== this.dimensions) {
      throw new Error(
        `${this.modelId}: expected float32 token embeddings of width ${this.dimensions}, got ${hidden.type} ${hidden.dims.join('x')}`,
      );
    }
    return meanPoolNormalize(
      hidden.data as Float32Array,
      batch.attentionMask,
      batch.batchSize,
      batch.sequenceLength,
      this.dimensions,
    );
  }
}
