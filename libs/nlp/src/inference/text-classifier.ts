import type { TemperatureCalibration } from './calibration';

/** What a scorer needs from any text classifier, whatever model is behind it. */
export interface ClassifyOptions {
  /** Stance target id (e.g. `abortion`); required by stance classifiers, ignored by others. */
  readonly target?: string;
}

export interface Classification {
  /** The decided label (the argmax of the probabilities after any documented decision offsets). */
  readonly label: string;
  /** Probabilities in the order of the classifier's `labels`, summing to 1. */
  readonly probs: Float32Array;
}

export interface TextClassifier {
  readonly id: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  /**
   * The temperature the returned probabilities are calibrated with, if any (labels are decided
   * before it, so they are the same without it); evaluation reports calibration error both ways.
   */
  readonly calibration?: TemperatureCalibration;
  /** Scores texts in batches; the result has one entry per text, in order. */
  classify(texts: readonly string[], options?: ClassifyOptions): Promise<Classification[]>;
  /** Releases the native session. */
  close(): Promise<void>;
}
