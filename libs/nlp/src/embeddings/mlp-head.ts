import { seededRandom, shuffledOrder } from '../train/seeded-random';
import type { DenseHead } from './dense-head';

export interface MlpTrainingOptions {
  readonly hidden: number;
  readonly classes: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Decoupled weight decay (AdamW), on weights only. */
  readonly weightDecay: number;
  /** Loss weight per class, e.g. inverse frequency for macro recall. */
  readonly classWeights: readonly number[];
  readonly seed: number;
}

/**
 * Trains a one-hidden-layer head (ReLU) with AdamW on minibatches in a seeded order: the same data and options give the
 * same weights bit for bit (single-threaded float64 arithmetic, fixed summation order).
 * `features` is row-major [rows][inputs].
 */
export function trainMlpHead(features: Float32Array, inputs: number, labels: Int32Array, options: MlpTrainingOptions): DenseHead {
  const { hidden, classes, epochs, batchSize, learningRate, weightDecay, classWeights, seed } = options;
  const rows = labels.length;
  if (features.length !== rows * inputs) throw new Error(`features: expected ${rows}x${inputs} values, got ${features.length}`);
  if (classWeights.length !== classes) throw new Error(`classWeights: expected ${classes} weights, got ${classWeights.length}`);
  const random = seededRandom(seed);
  // He initialisation for the ReLU layer, Glorot for the output layer.
  const params = {
    w1: gaussian(inputs * hidden, Math.sqrt(2 / inputs), random),
    b1: new Float64Array(hidden),
    w2: gaussian(hidden * classes, Math.sqrt(2 / (hidden + classes)), random),
    b2: new Float64Array(classes),
  };
  const names = ['w1', 'b1', 'w2', 'b2'] as const;
  const grads = Object.fromEntries(names.map((name) => [name, new Float64Array(params[name].length)])) as Record<(typeof names)[number], Float64Array>;
  const moments = Object.fromEntries(names.map((name) => [name, new Float64Array(params[name].length)])) as Record<(typeof names)[number], Float64Array>;
  const squares = Object.fromEntries(names.map((name) => [name, new Float64Array(params[name].length)])) as Record<(typeof names)[number], Float64Array>;
  const activation = new Float64Array(hidden);
  const hiddenGrad = new Float64Array(hidden);
  const output = new Float64Array(classes);
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  let step = 0;

  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffledOrder(rows, random);
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(start + batchSize, rows);
      for (const name of names) grads[name].fill(0);
      let batchWeight = 0;
      for (let b = start; b < end; b++) {
        const row = order[b];
        const x = features.subarray(row * inputs, (row + 1) * inputs);
        forward(x, params, inputs, hidden, classes, activation, output);
        const weight = classWeights[labels[row]];
        batchWeight += weight;
        hiddenGrad.fill(0);
        for (let c = 0; c < classes; c++) {
          const delta = weight * (output[c] - (c === labels[row] ? 1 : 0));
          grads.b2[c] += delta;
          for (let h = 0; h < hidden; h++) {
            grads.w2[h * classes + c] += delta * activation[h];
            hiddenGrad[h] += delta * params.w2[h * classes + c];
          }
        }
        for (let h = 0; h < hidden; h++) {
          if (activation[h] <= 0) continue;
          const delta = hiddenGrad[h];
          grads.b1[h] += delta;
          for (let i = 0; i < inputs; i++) grads.w1[i * hidden + h] += delta * x[i];
        }
      }
      step++;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      for (const name of names) {
        const value = params[name];
        const grad = grads[name];
        const m = moments[name];
        const v = squares[name];
        const decay = name === 'w1' || name === 'w2' ? weightDecay : 0;
        for (let k = 0; k < value.length; k++) {
          const g = grad[k] / batchWeight;
          m[k] = beta1 * m[k] + (1 - beta1) * g;
          v[k] = beta2 * v[k] + (1 - beta2) * g * g;
          value[k] -= learningRate * ((m[k] / correction1) / (Math.sqrt(v[k] / correction2) + epsilon) + decay * value[k]);
        }
      }
    }
  }
  return {
    layers: [
      { inputs, outputs: hidden, weights: Float32Array.from(params.w1), bias: Float32Array.from(params.b1) },
      { inputs: hidden, outputs: classes, weights: Float32Array.from(params.w2), bias: Float32Array.from(params.b2) },
    ],
  };
}

interface Weights {
  readonly w1: ArrayLike<number>;
  readonly b1: ArrayLike<number>;
  readonly w2: ArrayLike<number>;
  readonly b2: ArrayLike<number>;
}

function forward(x: ArrayLike<number>, p: Weights, inputs: number, hidden: number, classes: number, activation: Float64Array, output: Float64Array): void {
  for (let h = 0; h < hidden; h++) activation[h] = p.b1[h];
  for (let i = 0; i < inputs; i++) {
    const value = x[i];
    if (value === 0) continue;
    const base = i * hidden;
    for (let h = 0; h < hidden; h++) activation[h] += value * p.w1[base + h];
  }
  for (let h = 0; h < hidden; h++) if (activation[h] < 0) activation[h] = 0;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let logit = p.b2[c];
    for (let h = 0; h < hidden; h++) logit += activation[h] * p.w2[h * classes + c];
    output[c] = logit;
    max = Math.max(max, logit);
  }
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    output[c] = Math.exp(output[c] - max);
    sum += output[c];
  }
  for (let c = 0; c < classes; c++) output[c] /= sum;
}

function gaussian(count: number, scale: number, random: () => number): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    values[i] = scale * radius * Math.cos(2 * Math.PI * random());
  }
  return values;
}
