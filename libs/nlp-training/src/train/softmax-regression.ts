import { type SparseRow, seededRandom, shuffledOrder } from '@riptide/nlp';
import type { LinearModel } from './linear-model';

export interface SoftmaxTrainingOptions {
  readonly dimensions: number;
  readonly classes: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty, applied to the weights a row touches (the usual lazy form for sparse SGD). */
  readonly l2: number;
  /** Loss weight per class; raising a rare class's weight trades accuracy for its recall. */
  readonly classWeights: readonly number[];
  readonly seed: number;
  /** Optional per-feature, per-class input scaling [dimensions][classes] (NB log-count ratios). */
  readonly featureScale?: Float32Array;
  /** Called after each epoch with (epochs done, epochs), for a progress display. */
  readonly onEpoch?: (done: number, total: number) => void;
}

/**
 * Multinomial logistic regression by AdaGrad SGD over sparse rows, in a seeded order, so that the
 * same data and options give the same model bit for bit. Any feature scaling is folded into the
 * returned weights, so the model is applied to the unscaled features.
 */
export function trainSoftmaxRegression(
  rows: readonly SparseRow[],
  labels: Int32Array,
  options: SoftmaxTrainingOptions,
): LinearModel {
  const { dimensions, classes, epochs, learningRate, l2, classWeights, featureScale } = options;
  if (rows.length !== labels.length)
    throw new Error(`labels: expected ${rows.length} labels, got ${labels.length}`);
  if (classWeights.length !== classes)
    throw new Error(`classWeights: expected ${classes} weights, got ${classWeights.length}`);
  const weights = new Float64Array(dimensions * classes);
  const squaredGradients = new Float64Array(dimensions * classes).fill(1e-8);
  const bias = new Float64Array(classes);
  const biasSquaredGradients = new Float64Array(classes).fill(1e-8);
  const logits = new Float64Array(classes);
  const random = seededRandom(options.seed);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const r of shuffledOrder(rows.length, random)) {
      const { indices, values } = rows[r];
      for (let c = 0; c < classes; c++) logits[c] = bias[c];
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j] * classes;
        for (let c = 0; c < classes; c++) {
          const scale = featureScale ? featureScale[base + c] : 1;
          logits[c] += values[j] * scale * weights[base + c];
        }
      }
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[c]);
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        logits[c] = Math.exp(logits[c] - max);
        sum += logits[c];
      }
      const rowWeight = classWeights[labels[r]];
      for (let c = 0; c < classes; c++) {
        // d(loss)/d(logit_c) = p_c - y_c, weighted by the true class's weight.
        const delta = rowWeight * (logits[c] / sum - (c === labels[r] ? 1 : 0));
        biasSquaredGradients[c] += delta * delta;
        bias[c] -= (learningRate * delta) / Math.sqrt(biasSquaredGradients[c]);
        for (let j = 0; j < indices.length; j++) {
          const at = indices[j] * classes + c;
          const scale = featureScale ? featureScale[at] : 1;
          const gradient = delta * values[j] * scale + l2 * weights[at];
          squaredGradients[at] += gradient * gradient;
          weights[at] -= (learningRate * gradient) / Math.sqrt(squaredGradients[at]);
        }
      }
    }
    options.onEpoch?.(epoch + 1, epochs);
  }

  const folded = new Float32Array(dimensions * classes);
  for (let at = 0; at < folded.length; at++) folded[at] = weights[at] * (featureScale ? featureScale[at] : 1);
  return { dimensions, classes, weights: folded, bias: Float32Array.from(bias) };
}
