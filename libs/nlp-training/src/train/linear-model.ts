import type { SparseRow } from '@riptide/nlp';

/**
 * A linear classifier over hashed features: logits = sum_j values_j * W[indices_j] + bias, then
 * softmax. `weights` is row-major [dimensions][classes], the layout the ONNX graph gathers from.
 */
export interface LinearModel {
  readonly dimensions: number;
  readonly classes: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** Class probabilities of one row: the reference computation the ONNX graph must reproduce. */
export function predictProbabilities(model: LinearModel, row: SparseRow): Float64Array {
  const { classes, weights, bias } = model;
  const logits = new Float64Array(classes);
  for (let c = 0; c < classes; c++) logits[c] = bias[c];
  for (let j = 0; j < row.indices.length; j++) {
    const base = row.indices[j] * classes;
    const value = row.values[j];
    for (let c = 0; c < classes; c++) logits[c] += value * weights[base + c];
  }
  return softmaxInPlace(logits);
}

export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const logit of logits) max = Math.max(max, logit);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = Math.exp(logits[c] - max);
    sum += logits[c];
  }
  for (let c = 0; c < logits.length; c++) logits[c] /= sum;
  return logits;
}

/** Index of the largest value (the first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
