import * as ort from 'onnxruntime-node';
import { HashedFeaturiser } from '../features/hashed-featuriser';
import { loadModelFiles } from '../model/load-model-manifest';
import type { ModelManifest } from '../model/model-manifest';
import { applyTemperature, type TemperatureCalibration } from './calibration';
import { SparseBatchBuilder } from './sparse-batch';
import type { Classification, ClassifyOptions, TextClassifier } from './text-classifier';

export interface InferenceOptions {
  /** onnxruntime intra-op threads; 1 suits a scorer that scales by partitions. Default 1. */
  readonly intraOpThreads?: number;
  /** Texts featurised together and sorted by feature count before they are cut into runs. Default 512. */
  readonly maxBatch?: number;
  /**
   * Texts per onnxruntime call, of similar feature counts so that little of the call is padding. Larger
   * runs amortise the call overhead, smaller ones pad less: 128 was fastest on the reference machine.
   */
  readonly runRows?: number;
}

/** A small model (manifest + hashed linear ONNX graph) served on onnxruntime-node. */
export class OnnxLinearClassifier implements TextClassifier {
  readonly id: string;
  readonly task: ModelManifest['task'];
  readonly labels: readonly string[];
  readonly calibration?: TemperatureCalibration;
  private readonly batchBuilder: SparseBatchBuilder;

  private constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    private readonly maxBatch: number,
    private readonly runRows: number,
  ) {
    this.id = manifest.id;
    this.task = manifest.task;
    this.labels = manifest.labels;
    this.calibration = manifest.calibration;
    this.batchBuilder = new SparseBatchBuilder(new HashedFeaturiser(manifest.featuriser));
  }

  /** Loads `<name>.json` and its ONNX file; throws ManifestError on any invalid field or checksum mismatch. */
  static async load(manifestPath: string, options: InferenceOptions = {}): Promise<OnnxLinearClassifier> {
    const intraOpThreads = options.intraOpThreads ?? 1;
    const maxBatch = options.maxBatch ?? 512;
    const runRows = options.runRows ?? 128;
    for (const [name, value] of Object.entries({ intraOpThreads, maxBatch, runRows }))
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`${name}: must be an integer >= 1, got ${value}`);
    const { manifest, onnxBytes } = loadModelFiles(manifestPath);
    const session = await ort.InferenceSession.create(onnxBytes, {
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new OnnxLinearClassifier(manifest, session, maxBatch, runRows);
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

  /**
   * Raw probabilities [texts][labels], in input order: the graph's output, before any calibration.
   * classify decides labels on these and then calibrates the probabilities it returns.
   */
  async probabilities(texts: readonly string[], target?: string): Promise<Float32Array> {
    const { parts, order } = this.batchBuilder.buildSortedParts(texts, target, this.runRows);
    const { indices, values, output } = this.manifest.input;
    const classes = this.labels.length;
    const probs = new Float32Array(texts.length * classes);
    let laidOut = 0;
    for (const part of parts) {
      try {
        const feeds = {
          [indices.name]: new ort.Tensor('int64', part.indices, [part.rows, part.width]),
          [values.name]: new ort.Tensor('float32', part.values, [part.rows, part.width]),
        };
        const partProbs = (await this.session.run(feeds))[output.name].data as Float32Array;
        for (let r = 0; r < part.rows; r++, laidOut++)
          probs.set(partProbs.subarray(r * classes, (r + 1) * classes), order[laidOut] * classes);
      } finally {
        // Only once the run is over: another classify call may build its batch in the meantime.
        this.batchBuilder.release(part);
      }
    }
    return probs;
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
    // After the decisions, which stay on the uncalibrated log-probabilities; the rows are views of probs.
    if (this.calibration) applyTemperature(probs, classes, this.calibration.temperature);
    return batch;
  }
}
