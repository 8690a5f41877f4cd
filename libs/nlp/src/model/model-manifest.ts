import type { FeaturiserSpec } from '../features/featuriser-spec';
import type { TemperatureCalibration } from '../inference/calibration';

/**
 * The JSON file beside each committed ONNX model. It says what the model is, how to build its
 * inputs (the featuriser, with hash seed and dimensions), what it scored on validation, and the
 * sha256 of the ONNX file, checked at load so that a model never runs with the wrong file.
 */
export interface ModelManifest {
  readonly schema: 'riptide-model/v1';
  readonly id: string;
  readonly version: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  readonly onnx: { readonly file: string; readonly sha256: string; readonly bytes: number };
  readonly input: {
    readonly indices: {
      readonly name: string;
      readonly dtype: 'int64';
      readonly shape: readonly ['batch', 'features'];
    };
    readonly values: {
      readonly name: string;
      readonly dtype: 'float32';
      readonly shape: readonly ['batch', 'features'];
    };
    readonly output: {
      readonly name: string;
      readonly dtype: 'float32';
      readonly shape: readonly ['batch', number];
    };
  };
  readonly featuriser: FeaturiserSpec;
  /** Added to log-probabilities before the argmax only (probabilities are reported unchanged). */
  readonly decisionOffsets: readonly number[];
  /**
   * Temperature fitted on out-of-fold predictions on train: the classifier serves softmax(log p / T).
   * Labels are decided on the uncalibrated log-probabilities, so it never changes a label.
   */
  readonly calibration?: TemperatureCalibration;
  /** Stance: the targets seen in training (others get the shared, target-free weights only). */
  readonly targets?: readonly string[];
  /** Validation figures written by the training run; free-form numbers for the model card. */
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly training: Readonly<Record<string, unknown>>;
}

/** A manifest problem, naming the field (dotted path) and what is wrong with it. */
export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
    this.name = 'ManifestError';
  }
}
