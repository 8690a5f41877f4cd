import * as ort from 'onnxruntime-node';
import {
  denseInputWidth,
  readDenseHeadInput,
  writeDenseInput,
  type DenseHeadInput,
} from '../embeddings/dense-head-input';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { applyTemperature, type TemperatureCalibration } from '../inference/calibration';
import { SparseBatchBuilder } from '../inference/sparse-batch';
import type { Classification, ClassifyOptions, TextClassifier } from '../inference/text-classifier';
import { loadModelFiles } from '../model/load-model-manifest';
import type { ModelManifest } from '../model/model-manifest';
import type { StaticEmbedder } from './static-embedder';

/** Texts per onnxruntime call, sorted by feature count (as the small models run: less padding). */
const RUN_ROWS = 128;

/**
 * A fast-tier head: the mixed ONNX graph of the accurate tier's heads (hashed n-grams + a dense
 * head, mixed-head-graph in @riptide/nlp-training), fed the pooled static embedding. It lays out
 * its inputs as the small models do (SparseBatchBuilder: one flat feature buffer, int64 words
 * written directly, runs of similar feature counts), which AccurateClassifier does not need at
 * encoder speed but this tier does: there, building the inputs cost as much as the model.
 * Labels are decided on the uncalibrated probabilities; the manifest's temperature then rescales
 * the probabilities returned.
 */
export class FastClassifier implements TextClassifier {
  readonly id: string;
  readonly task: ModelManifest['task'];
  readonly labels: readonly string[];
  readonly calibration?: TemperatureCalibration;
  private readonly batchBuilder: SparseBatchBuilder;
  private readonly denseWidth: number;
  /**
   * Dense inputs of finished runs, for later runs to reuse: allocating a fresh 128 x 1,541 stance
   * input per run (and collecting it) cost more than the model itself. Taken and given back around
   * each run, so concurrent calls never share one.
   */
  private readonly densePool: Float32Array[] = [];

  private constructor(
    readonly manifest: ModelManifest,
    readonly embedding: DenseHeadInput,
    private readonly embedder: StaticEmbedder,
    private readonly session: ort.InferenceSession,
  ) {
    this.id = manifest.id;
    this.task = manifest.task;
    this.labels = manifest.labels;
    this.calibration = manifest.calibration;
    this.batchBuilder = new SparseBatchBuilder(new HashedFeaturiser(manifest.featuriser));
    this.denseWidth = denseInputWidth(embedding);
  }

  static async load(manifestPath: string, embedder: StaticEmbedder, threads = 1): Promise<FastClassifier> {
    const { manifest, onnxBytes } = loadModelFiles(manifestPath);
    const embedding = readDenseHeadInput(manifestPath);
    if (embedding.encoder !== embedder.modelId || embedding.dimensions !== embedder.dimensions)
      throw new Error(
        `${manifestPath}: embedding.encoder: trained on ${embedding.encoder} (${embedding.dimensions}-d), given ${embedder.modelId} (${embedder.dimensions}-d)`,
      );
    const session = await ort.InferenceSession.create(onnxBytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new FastClassifier(manifest, embedding, embedder, session);
  }

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    if (this.task === 'stance' && !options.target)
      throw new Error(`target: the stance model ${this.id} needs a stance target`);
    if (texts.length === 0) return [];
    const probs = await this.probabilities(texts, options.target);
    const classes = this.labels.length;
    const offsets = this.manifest.decisionOffsets;
    const results: Classification[] = new Array(texts.length);
    for (let r = 0; r < texts.length; r++) {
      const row = probs.subarray(r * classes, (r + 1) * classes);
      let best = 0;
      for (let c = 1; c < classes; c++)
        if (Math.log(row[c]) + offsets[c] > Math.log(row[best]) + offsets[best]) best = c;
      results[r] = { label: this.labels[best], probs: row };
    }
    // After the decisions, which stay on the uncalibrated log-probabilities; the rows are views of probs.
    if (this.calibration) applyTemperature(probs, classes, this.calibration.temperature);
    return results;
  }

  /** The graph's probabilities [texts][labels] in input order, before calibration. */
  async probabilities(texts: readonly string[], target?: string): Promise<Float32Array> {
    const vectors = await this.embedder.embed(texts);
    const { parts, order } = this.batchBuilder.buildSortedParts(texts, target, RUN_ROWS);
    const { indices, values, output } = this.manifest.input;
    const classes = this.labels.length;
    const probs = new Float32Array(texts.length * classes);
    let laidOut = 0;
    for (const part of parts) {
      const buffer = this.densePool.pop() ?? new Float32Array(RUN_ROWS * this.denseWidth);
      try {
        const dense = buffer.subarray(0, part.rows * this.denseWidth);
        for (let r = 0; r < part.rows; r++)
          writeDenseInput(this.embedding, vectors[order[laidOut + r]], target, dense, r * this.denseWidth);
        const result = await this.session.run({
          [indices.name]: new ort.Tensor('int64', part.indices, [part.rows, part.width]),
          [values.name]: new ort.Tensor('float32', part.values, [part.rows, part.width]),
          [this.embedding.input]: new ort.Tensor('float32', dense, [part.rows, this.denseWidth]),
        });
        const partProbs = result[output.name].data as Float32Array;
        for (let r = 0; r < part.rows; r++, laidOut++)
          probs.set(partProbs.subarray(r * classes, (r + 1) * classes), order[laidOut] * classes);
      } finally {
        this.batchBuilder.release(part);
        if (this.densePool.length < 4) this.densePool.push(buffer);
      }
    }
    return probs;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
