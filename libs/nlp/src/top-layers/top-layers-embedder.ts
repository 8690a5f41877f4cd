import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { TextEmbedder } from '../embeddings/embedding-cache';
import type { EncoderManifest } from '../embeddings/encoder-manifest';
import { modelsDirectory } from '../embeddings/encoder-manifest';
import { encoderFeeds } from '../embeddings/encoder-feeds';
import { HfTokenizer } from '../embeddings/hf-tokenizer';
import { mapLengthSortedBatches } from '../embeddings/length-sorted-batches';
import { meanPoolNormalize } from '../embeddings/mean-pool';
import { requireEncoderFiles } from '../embeddings/model-files';
import { encoderAbove, encoderWithOutputs, layerOutputName } from './encoder-layer-states';
import { batchFeeds, maskFeeds } from './top-layers-batch';
import { TOP_LAYERS_IO } from './top-layers-io';

/** A head's re-trained top layers: the graph file and the encoder layer they replace from. */
export interface TopLayersFile {
  /** Identifies the tuned vectors (the head's manifest names it as its `embedding.encoder`). */
  readonly id: string;
  /** The graph file's bytes, already checked against its manifest's checksum. */
  readonly onnxBytes: Uint8Array;
  /** The first encoder layer the file replaces (0-based); the encoder runs up to the one before. */
  readonly firstLayer: number;
}

export interface TopLayersEmbedderOptions {
  readonly threads?: number;
  readonly batchSize?: number;
  readonly modelsDir?: string;
  /**
   * Token states below the cut kept from the last `embed` call, in tokens (each `dimensions`
   * float32 values: 131,072 tokens of a 384-wide encoder are 200 MB), so that `general` can reuse them.
   */
  readonly rememberTokens?: number;
}

/** The lower layers' states of one text (tokens x width, unpadded). */
type RememberedStates = Float32Array;

/**
 * Sentence vectors from an encoder whose top layers were fine-tuned for one task
 * (train-top-layers.ts): the int8 encoder up to `firstLayer`, then the tuned layers and the mean
 * pool. The vectors are what the head's classifier was trained on (not L2-normalised), and they
 * serve that head only.
 *
 * `general` gives the encoder's own sentence vectors (as SentenceEmbedder: its remaining layers, mean
 * pool, L2 norm) from the same lower layers: texts the last `embed` call saw reuse their remembered
 * states and run only the layers above the cut. The scorer scores sentiment on every text of a batch
 * and then stance on the texts that matched a topic, so those share the lower layers' work.
 */
export class TopLayersEmbedder implements TextEmbedder {
  readonly batching: string;
  readonly general: TextEmbedder;
  private remembered = new Map<string, RememberedStates>();

  private constructor(
    readonly modelId: string,
    readonly dimensions: number,
    encoderId: string,
    private readonly tokenizer: HfTokenizer,
    private readonly textPrefix: string,
    private readonly below: InferenceSession,
    private readonly tuned: InferenceSession,
    private readonly above: InferenceSession,
    /** The tensor the encoder is cut at: `below`'s output, `above`'s input. */
    private readonly cut: string,
    private readonly batchSize: number,
    private readonly rememberTokens: number,
  ) {
    this.batching = `token-length-sorted/${batchSize}`;
    this.general = {
      modelId: encoderId,
      dimensions,
      batching: this.batching,
      embed: (texts, onBatch) => this.embedGeneral(texts, onBatch),
    };
  }

  static async load(
    manifest: EncoderManifest,
    file: TopLayersFile,
    options: TopLayersEmbedderOptions = {},
  ): Promise<TopLayersEmbedder> {
    const files = requireEncoderFiles(manifest, options.modelsDir ?? modelsDirectory());
    const sessionOptions: InferenceSession.SessionOptions = {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const modelBytes = readFileSync(files.modelPath);
    const cut = layerOutputName(file.firstLayer - 1);
    const below = await InferenceSession.create(encoderWithOutputs(modelBytes, [cut]), sessionOptions);
    const tuned = await InferenceSession.create(file.onnxBytes, sessionOptions);
    const above = await InferenceSession.create(encoderAbove(modelBytes, cut), sessionOptions);
    if ([...above.inputNames].sort().join() !== [cut, 'attention_mask'].sort().join())
      throw new Error(
        `${manifest.id}: the layers above ${cut} read ${above.inputNames.join(', ')}; expected that tensor and attention_mask`,
      );
    const tokenizer = new HfTokenizer(
      JSON.parse(readFileSync(files.tokenizerPath, 'utf8')),
      manifest.maxTokens,
    );
    return new TopLayersEmbedder(
      file.id,
      manifest.dimensions,
      manifest.id,
      tokenizer,
      manifest.textPrefix,
      below,
      tuned,
      above,
      cut,
      options.batchSize ?? 64,
      options.rememberTokens ?? 131_072,
    );
  }

  /** The tuned vectors; the lower layers' states of these texts are remembered for `general`. */
  async embed(raw: readonly string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const texts = raw.map((text) => this.textPrefix + text);
    const lengths = texts.map((text) => this.tokenizer.encode(text).length);
    // A call of its own map: an overlapping call replaces it without growing it past the budget.
    const remembered = new Map<string, RememberedStates>();
    this.remembered = remembered;
    let rememberedTokens = 0;
    return mapLengthSortedBatches(
      lengths,
      this.batchSize,
      async (indices) => {
        const batch = this.tokenizer.encodeBatch(indices.map((index) => texts[index]));
        const states = await this.statesBelow(encoderFeeds(batch));
        indices.forEach((index, row) => {
          if (rememberedTokens + lengths[index] > this.rememberTokens) return;
          rememberedTokens += lengths[index];
          const from = row * batch.sequenceLength * this.dimensions;
          remembered.set(
            texts[index],
            (states.data as Float32Array).slice(from, from + lengths[index] * this.dimensions),
          );
        });
        const result = await this.tuned.run({
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

  /** How many texts of the last `embed` call `general` can serve from the layers above the cut alone. */
  get rememberedTexts(): number {
    return this.remembered.size;
  }

  async release(): Promise<void> {
    this.remembered = new Map();
    await Promise.all([this.below.release(), this.tuned.release(), this.above.release()]);
  }

  /**
   * The encoder's own vectors: remembered texts run only the layers above the cut, on their states
   * re-padded into batches of their own; the others run the whole encoder in two steps.
   */
  private async embedGeneral(
    raw: readonly string[],
    onBatch?: (done: number) => void,
  ): Promise<Float32Array[]> {
    const texts = raw.map((text) => this.textPrefix + text);
    const known = texts.map((text) => this.remembered.get(text));
    const lengths = texts.map((text, i) =>
      known[i] ? (known[i] as RememberedStates).length / this.dimensions : this.tokenizer.encode(text).length,
    );
    const rows = texts.map((_, i) => i);
    const groups = [rows.filter((i) => known[i]), rows.filter((i) => !known[i])];
    const vectors = new Array<Float32Array>(texts.length);
    let done = 0;
    for (const group of groups) {
      const results = await mapLengthSortedBatches(
        group.map((i) => lengths[i]),
        this.batchSize,
        async (positions) => {
          const indices = positions.map((position) => group[position]);
          const sequence = Math.max(...indices.map((i) => lengths[i]));
          const mask = new BigInt64Array(indices.length * sequence);
          indices.forEach((i, row) => mask.fill(1n, row * sequence, row * sequence + lengths[i]));
          const states = known[indices[0]]
            ? batchFeeds(
                indices.map((i) => known[i] as RememberedStates),
                this.dimensions,
              )[TOP_LAYERS_IO.states]
            : await this.statesBelow(encoderFeeds(this.tokenizer.encodeBatch(indices.map((i) => texts[i]))));
          const result = await this.above.run({
            [this.cut]: states,
            attention_mask: new Tensor('int64', mask, [indices.length, sequence]),
          });
          const hidden = result[this.above.outputNames[0]].data as Float32Array;
          done += indices.length;
          onBatch?.(done);
          return meanPoolNormalize(hidden, mask, indices.length, sequence, this.dimensions);
        },
      );
      group.forEach((i, position) => (vectors[i] = results[position]));
    }
    return vectors;
  }

  private async statesBelow(feeds: Record<string, Tensor>): Promise<Tensor> {
    return (await this.below.run(feeds))[this.below.outputNames[0]];
  }
}
