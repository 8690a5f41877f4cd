import * as ort from 'onnxruntime-node';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { loadModelFiles } from '../model/load-model-manifest';
import type { ModelManifest } from '../model/model-manifest';
import { SparseBatchBuilder } from './sparse-batch';
import type { Classification, ClassifyOptions, TextClassifier } from './text-classifier';

export interface InferenceOptions {
  /** onnxruntime intra-op threads; 1 suits a scorer that scales by partitions. Default 1. */
  readonly intraOpThreads?: number;
  /** Texts per onnxruntime call; larger batches amortise the call overhead. Default 512. */
  readonly maxBatch?: number;
}

/** A small model (manifest + hashed linear ONNX graph) served on onnxruntime-node. */
export class OnnxLinearClassifier implements TextClassifier {
  readonly id: string;
  readonly task: ModelManifest['task'];
  readonly labels: readonly string[];
  private readonly batchBuilder: SparseBatchBuilder;
  private readonly maxBatch: number;

  private constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    maxBatch: number,
  ) {
    this.id = manifest.id;
    this.task = manifest.task;
    this.labels = manifest.labels;
    this.batchBuilder = new SparseBatchBuilder(new HashedFeaturiser(manifest.featuriser));
    this.maxBatch = maxBatch;
  }

  /** Loads `<name>.json` and its ONNX file; throws ManifestError on any invalid field or checksum mismatch. */
  static async load(manifestPath: string, options: InferenceOptions = {}): Promise<OnnxLinearClassifier> {
    const intraOpThreads = options.intraOpThreads ?? 1;
    const maxBatch = options.maxBatch ?? 512;
    if (!Number.isInteger(intraOpThreads) || intraOpThreads < 1)
      throw new Error(`intraOpThreads: must be an integer >= 1, got ${intraOpThreads}`);
    if (!Number.isInteger(maxBatch) || maxBatch < 1)
      throw new Error(`maxBatch: must be an integer >= 1, got ${maxBatch}`);
    const { manifest, onnxBytes } = loadModelFiles(manifestPath);
    const session = await ort.InferenceSession.create(onnxBytes, {
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OnnxLinearClassifier(manifest, session, maxBatch);
  }

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    if (this.task === 'stance' && !options.target)
      throw new Error(`target: the stance model ${this.id} needs a stance target`);
    const results: Classification[] = [];
    for (let start = 0; start < texts.length; start += this.maxBatch) {
      results.push(...(await this.classifyBatch(texts.slice(start, start + this.maxBatch), options.target)));
    }
    return results;
  }

  /** Raw probabilities [rows][labels] for one batch; the decision rule is applied by classify. */
  async probabilities(texts: readonly string[], target?: string): Promise<Float32Array> {
    const batch = this.batchBuilder.build(texts, target);
    const { indices, values, output } = this.manifest.input;
    const feeds = {
      [indices.name]: new ort.Tensor('int64', batch.indices, [batch.rows, batch.width]),
      [values.name]: new ort.Tensor('float32', batch.values, [batch.rows, batch.width]),
    };
    try {
      const result = await this.session.run(feeds);
      return result[output.name].data as Float32Array;
    } finally {
      // Only once the run is over: another classify call may build its batch in the meantime.
      this.batchBuilder.release(batch);
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async classifyBatch(
    texts: readonly string[],
    target: string | undefined,
  ): Promise<Classification[]> {
    if (texts.length === 0) return [];
    const probs = await this.probabilities(texts, target);
    const classes = this.labels.length;
    const offsets = this.manifest.decisionOffsets;
    const batch: Classification[] = new Array(texts.length);
    for (let r = 0; r < texts.length; r++) {
      const row = probs.subarray(r * classes, (r + 1) * classes);
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < classes; c++) {
        const score = Math.log(row[c]) + offsets[c];
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      batch[r] = { label: this.labels[best], probs: row };
    }
    return batch;
  }
}
