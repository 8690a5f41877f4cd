import { readFileSync } from 'node:fs';
import { InferenceSession } from 'onnxruntime-node';
import type { TextEmbedder } from '../embeddings/embedding-cache';
import type { EncoderManifest } from '../embeddings/encoder-manifest';
import { modelsDirectory } from '../embeddings/encoder-manifest';
import { encoderFeeds } from '../embeddings/encoder-feeds';
import { HfTokenizer } from '../embeddings/hf-tokenizer';
import { mapLengthSortedBatches } from '../embeddings/length-sorted-batches';
import { requireEncoderFiles } from '../embeddings/model-files';
import { encoderWithOutputs, layerOutputName } from './encoder-layer-states';
import { maskFeeds } from './top-layers-batch';
import { TOP_LAYERS_IO } from './top-layers-graph';

/** A head's re-trained top layers: the graph file and the encoder layer they replace from. */
export interface TopLayersFile {
  /** Identifies the tuned vectors (the head's manifest names it as its `embedding.encoder`). */
  readonly id: string;
  /** The graph file's bytes, already checked against its manifest's checksum. */
  readonly onnxBytes: Uint8Array;
  /** The first encoder layer the file replaces (0-based); the encoder runs up to the one before. */
  readonly firstLayer: number;
}

/**
 * Sentence vectors from an encoder whose top layers were fine-tuned for one task
 * (train-top-layers.ts): the int8 encoder up to `firstLayer`, then the tuned float32 layers and the
 * mean pool. The vectors are what the head's classifier was trained on (not L2-normalised), and
 * they serve that head only: near-duplicate detection keeps the general SentenceEmbedder.
 */
export class TopLayersEmbedder implements TextEmbedder {
  readonly batching: string;

  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    private readonly tokenizer: HfTokenizer,
    private readonly textPrefix: string,
    private readonly encoder: InferenceSession,
    private readonly topLayers: InferenceSession,
    private readonly batchSize: number,
  ) {
    this.batching = `token-length-sorted/${batchSize}`;
  }

  static async load(
    manifest: EncoderManifest,
    file: TopLayersFile,
    options: { readonly threads?: number; readonly batchSize?: number; readonly modelsDir?: string } = {},
  ): Promise<TopLayersEmbedder> {
    const files = requireEncoderFiles(manifest, options.modelsDir ?? modelsDirectory());
    const sessionOptions: InferenceSession.SessionOptions = {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const encoder = await InferenceSession.create(
      encoderWithOutputs(readFileSync(files.modelPath), [layerOutputName(file.firstLayer - 1)]),
      sessionOptions,
    );
    const topLayers = await InferenceSession.create(file.onnxBytes, sessionOptions);
    const tokenizer = new HfTokenizer(
      JSON.parse(readFileSync(files.tokenizerPath, 'utf8')),
      manifest.maxTokens,
    );
    return new TopLayersEmbedder(
      file.id,
      manifest.dimensions,
      tokenizer,
      manifest.textPrefix,
      encoder,
      topLayers,
      options.batchSize ?? 64,
    );
  }

  async embed(raw: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const texts = raw.map((text) => this.textPrefix + text);
    const lengths = texts.map((text) => this.tokenizer.encode(text).length);
    return mapLengthSortedBatches(
      lengths,
      this.batchSize,
      async (indices) => {
        const batch = this.tokenizer.encodeBatch(indices.map((index) => texts[index]));
        const states = (await this.encoder.run(encoderFeeds(batch)))[this.encoder.outputNames[0]];
        const result = await this.topLayers.run({
          [TOP_LAYERS_IO.states]: states,
          ...maskFeeds(
            indices.map((index) => lengths[index]),
            batch.sequenceLength,
          ),
        });
        const pooled = result[TOP_LAYERS_IO.pooled].data as Float32Array;
        return indices.map((_, row) => pooled.slice(row * this.dimensions, (row + 1) * this.dimensions));
      },
      onBatch,
    );
  }

  async release(): Promise<void> {
    await Promise.all([this.encoder.release(), this.topLayers.release()]);
  }
}
