import * as ort from 'onnxruntime-node';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { applyTemperature, type TemperatureCalibration } from '../inference/calibration';
import type { Classification, ClassifyOptions, TextClassifier } from '../inference/text-classifier';
import { loadModelFiles } from '../model/load-model-manifest';
import type { ModelManifest } from '../model/model-manifest';
import type { TextEmbedder } from './embedding-cache';
import {
  denseInputWidth,
  readDenseHeadInput,
  writeDenseInput,
  type DenseHeadInput,
} from './dense-head-input';

/**
 * An accurate-tier model: the hashed n-grams of each text and its sentence embedding (MiniLM),
 * scored by the mixed ONNX graph that train-accurate-tier.ts exported. Implements the
 * same TextClassifier as the small models, so a deployment switches tier without other changes.
 * The embedder is shared: sentiment and stance models embed each text once between them if the
 * caller passes `embeddings` from SentenceEmbedder.embed.
 */
export class AccurateClassifier implements TextClassifier {
  readonly id: string;
  readonly task: ModelManifest['task'];
  readonly labels: readonly string[];
  readonly calibration?: TemperatureCalibration;
  private readonly featuriser: HashedFeaturiser;

  private constructor(
    readonly manifest: ModelManifest,
    readonly embedding: DenseHeadInput,
    private readonly embedder: TextEmbedder,
    private readonly session: ort.InferenceSession,
  ) {
    this.id = manifest.id;
    this.task = manifest.task;
    this.labels = manifest.labels;
    this.calibration = manifest.calibration;
    this.featuriser = new HashedFeaturiser(manifest.featuriser);
  }

  static async load(manifestPath: string, embedder: TextEmbedder, threads = 1): Promise<AccurateClassifier> {
    const { manifest, onnxBytes } = loadModelFiles(manifestPath);
    const embedding = readDenseHeadInput(manifestPath);
    if (embedding.encoder !== embedder.modelId || embedding.dimensions !== embedder.dimensions) {
      throw new Error(
        `${manifestPath}: embedding.encoder: trained on ${embedding.encoder} (${embedding.dimensions}-d), given ${embedder.modelId} (${embedder.dimensions}-d)`,
      );
    }
    const session = await ort.InferenceSession.create(onnxBytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    return new AccurateClassifier(manifest, embedding, embedder, session);
  }

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    return this.classifyEmbedded(texts, await this.embedder.embed(texts), options);
  }

  /** Scores texts whose embeddings the caller already has (one embedding pass for several heads). */
  async classifyEmbedded(
    texts: readonly string[],
    embeddings: readonly Float32Array[],
    options: ClassifyOptions = {},
  ): Promise<Classification[]> {
    if (this.task === 'stance' && !options.target)
      throw new Error(`target: the stance model ${this.id} needs a stance target`);
    if (texts.length === 0) return [];
    const rows = texts.map((text) => this.featuriser.featurise(text, options.target));
    const width = rows.reduce((widest, row) => Math.max(widest, row.indices.length), 1);
    // Padding is index 0 with value 0, which adds nothing (see the linear graph).
    const indices = new BigInt64Array(rows.length * width);
    const values = new Float32Array(rows.length * width);
    rows.forEach((row, r) => {
      for (let j = 0; j < row.indices.length; j++) indices[r * width + j] = BigInt(row.indices[j]);
      values.set(row.values, r * width);
    });
    const denseWidth = denseInputWidth(this.embedding);
    const dense = new Float32Array(rows.length * denseWidth);
    embeddings.forEach((embedding, r) =>
      writeDenseInput(this.embedding, embedding, options.target, dense, r * denseWidth),
    );
    const { input } = this.manifest;
    const result = await this.session.run({
      [input.indices.name]: new ort.Tensor('int64', indices, [rows.length, width]),
      [input.values.name]: new ort.Tensor('float32', values, [rows.length, width]),
      [this.embedding.input]: new ort.Tensor('float32', dense, [rows.length, denseWidth]),
    });
    const probs = result[input.output.name].data as Float32Array;
    const classes = this.labels.length;
    return rows.map((_, r) => {
      const row = probs.slice(r * classes, (r + 1) * classes);
      let best = 0;
      for (let c = 1; c < classes; c++) {
        if (
          Math.log(row[c]) + this.manifest.decisionOffsets[c] >
          Math.log(row[best]) + this.manifest.decisionOffsets[best]
        )
          best = c;
      }
      // Decided on the uncalibrated probabilities, so calibration never changes the label.
      if (this.calibration) applyTemperature(row, classes, this.calibration.temperature);
      return { label: this.labels[best], probs: row };
    });
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
