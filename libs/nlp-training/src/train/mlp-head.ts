import { softmaxInPlace } from './linear-model';
import { AdamTensor } from './adam';
import { seededRandom, shuffledOrder } from '@riptide/nlp';

/**
 * A one-hidden-layer perceptron over dense inputs (a sentence embedding, optionally followed by
 * other models' log-probabilities): logits = W2 · relu(W1 · x + b1) + b2. Row-major weights:
 * `w1` is [inputs][hidden], `w2` is [hidden][classes], the layouts the ONNX MatMul nodes take.
 */
export interface MlpHead {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

/** Dense rows, row-major [count][width]. */
export interface DenseMatrix {
  readonly count: number;
  readonly width: number;
  readonly values: Float32Array;
}

export interface MlpTrainingOptions {
  readonly hidden: number;
  readonly classes: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** Decoupled weight decay (AdamW) per step, on the weight matrices only. */
  readonly weightDecay: number;
  /** Probability of zeroing a hidden unit during training (inverted dropout). */
  readonly dropout: number;
  readonly batchSize: number;
  /** Loss weight per class (balanced weights favour rare classes, as the macro metrics do). */
  readonly classWeights: readonly number[];
  readonly seed: number;
  /** Called after each epoch with the head so far, e.g. to score it on held-out rows. */
  readonly onEpoch?: (epoch: number, head: MlpHead) => void;
}

/**
 * Trains an MLP head with AdamW on mini-batches in a seeded order, He-initialised from the same
 * seed, with dropout on the hidden layer: the same data and options give the same head bit for bit.
 */
export function trainMlpHead(x: DenseMatrix, labels: Int32Array, options: MlpTrainingOptions): MlpHead {
  const { hidden, classes, batchSize, dropout, classWeights } = options;
  const inputs = x.width;
  if (labels.length !== x.count) throw new Error(`labels: expected ${x.count} labels, got ${labels.length}`);
  if (classWeights.length !== classes)
    throw new Error(`classWeights: expected ${classes} weights, got ${classWeights.length}`);
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`dropout: must be in [0, 1), got ${dropout}`);
  const random = seededRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const w1 = new AdamTensor(
    Float64Array.from({ length: inputs * hidden }, () => gaussian() * Math.sqrt(2 / inputs)),
  );
  const b1 = new AdamTensor(new Float64Array(hidden));
  const w2 = new AdamTensor(
    Float64Array.from({ length: hidden * classes }, () => gaussian() * Math.sqrt(2 / hidden)),
  );
  const b2 = new AdamTensor(new Float64Array(classes));

  const activation = new Float64Array(hidden);
  const keep = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  const delta = new Float64Array(classes);
  const hiddenDelta = new Float64Array(hidden);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = shuffledOrder(x.count, random);
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(order.length, start + batchSize);
      for (let k = start; k < end; k++) {
        const r = order[k];
        const row = r * inputs;
        for (let h = 0; h < hidden; h++) {
          keep[h] = random() < dropout ? 0 : 1 / (1 - dropout);
          activation[h] = b1.value[h];
        }
        for (let i = 0; i < inputs; i++) {
          const xi = x.values[row + i];
          if (xi === 0) continue;
          const base = i * hidden;
          for (let h = 0; h < hidden; h++) activation[h] += xi * w1.value[base + h];
        }
        for (let h = 0; h < hidden; h++) activation[h] = activation[h] > 0 ? activation[h] * keep[h] : 0;
        for (let c = 0; c < classes; c++) logits[c] = b2.value[c];
        for (let h = 0; h < hidden; h++) {
          if (activation[h] === 0) continue;
          for (let c = 0; c < classes; c++) logits[c] += activation[h] * w2.value[h * classes + c];
        }
        softmaxInPlace(logits);
        const weight = classWeights[labels[r]] / (end - start);
        for (let c = 0; c < classes; c++) {
          delta[c] = weight * (logits[c] - (c === labels[r] ? 1 : 0));
          b2.gradient[c] += delta[c];
        }
        for (let h = 0; h < hidden; h++) {
          let sum = 0;
          for (let c = 0; c < classes; c++) {
            w2.gradient[h * classes + c] += activation[h] * delta[c];
            sum += w2.value[h * classes + c] * delta[c];
          }
          // Dropped or inactive units pass no gradient back (activation 0 covers both).
          hiddenDelta[h] = activation[h] > 0 ? sum * keep[h] : 0;
          b1.gradient[h] += hiddenDelta[h];
        }
        for (let i = 0; i < inputs; i++) {
          const xi = x.values[row + i];
          if (xi === 0) continue;
          const base = i * hidden;
          for (let h = 0; h < hidden; h++) w1.gradient[base + h] += xi * hiddenDelta[h];
        }
      }
      step++;
      w1.step(options.learningRate, step, options.weightDecay);
      b1.step(options.learningRate, step, 0);
      w2.step(options.learningRate, step, options.weightDecay);
      b2.step(options.learningRate, step, 0);
    }
    options.onEpoch?.(epoch + 1, snapshot());
  }
  return snapshot();

  function snapshot(): MlpHead {
    return {
      inputs,
      hidden,
      classes,
      w1: Float32Array.from(w1.value),
      b1: Float32Array.from(b1.value),
      w2: Float32Array.from(w2.value),
      b2: Float32Array.from(b2.value),
    };
  }
}

/** Class probabilities of one dense row: the reference computation the ONNX graph must reproduce. */
export function mlpProbabilities(head: MlpHead, row: ArrayLike<number>): Float64Array {
  const { inputs, hidden, classes } = head;
  if (row.length !== inputs) throw new Error(`row: expected ${inputs} values, got ${row.length}`);
  const activation = Float64Array.from(head.b1);
  for (let i = 0; i < inputs; i++) {
    const base = i * hidden;
    for (let h = 0; h < hidden; h++) activation[h] += row[i] * head.w1[base + h];
  }
  const logits = Float64Array.from(head.b2);
  for (let h = 0; h < hidden; h++) {
    if (activation[h] <= 0) continue;
    for (let c = 0; c < classes; c++) logits[c] += activation[h] * head.w2[h * classes + c];
  }
  return softmaxInPlace(logits);
}
