import { Tensor } from 'onnxruntime-node';
import { TOP_LAYERS_IO } from './top-layers-io';

/** What a training batch adds to the inputs: labels and the loss weight of each class. */
export interface BatchTargets {
  readonly labels: readonly number[];
  readonly classWeights: readonly number[];
  readonly classes: number;
}

/** Padding's attention bias: large enough that softmax gives padding exactly zero weight. */
const PADDING_BIAS = -1e9;

/**
 * The graph inputs for a batch of texts' token states (each [tokens x width], row-major): states
 * padded to the longest text, the attention mask as a bias, the mean pool's weights and, for
 * training, the weighted one-hot targets and row weights (class weight / batch size, so the loss is
 * the batch mean of the class-weighted cross-entropy).
 */
export function batchFeeds(
  texts: readonly Float32Array[],
  width: number,
  targets?: BatchTargets,
): Record<string, Tensor> {
  const batch = texts.length;
  const lengths = texts.map((text) => text.length / width);
  const sequence = Math.max(0, ...lengths);
  const states = new Float32Array(batch * sequence * width);
  texts.forEach((text, b) => states.set(text, b * sequence * width));
  const feeds: Record<string, Tensor> = {
    [TOP_LAYERS_IO.states]: new Tensor('float32', states, [batch, sequence, width]),
    ...maskFeeds(lengths, sequence),
  };
  if (targets) {
    const weighted = new Float32Array(batch * targets.classes);
    const rows = new Float32Array(batch);
    targets.labels.forEach((label, b) => {
      rows[b] = targets.classWeights[label] / batch;
      weighted[b * targets.classes + label] = rows[b];
    });
    feeds[TOP_LAYERS_IO.weightedTargets] = new Tensor('float32', weighted, [batch, targets.classes]);
    feeds[TOP_LAYERS_IO.rowWeights] = new Tensor('float32', rows, [batch, 1]);
  }
  return feeds;
}

/**
 * The masking inputs for texts of `lengths` tokens padded to `sequence`: the attention bias (0 for
 * tokens, PADDING_BIAS for padding) and the mean pool's weights (1/tokens for tokens, 0 for padding).
 */
export function maskFeeds(lengths: readonly number[], sequence: number): Record<string, Tensor> {
  const batch = lengths.length;
  const maskBias = new Float32Array(batch * sequence).fill(PADDING_BIAS);
  const poolWeights = new Float32Array(batch * sequence);
  lengths.forEach((tokens, b) => {
    maskBias.fill(0, b * sequence, b * sequence + tokens);
    poolWeights.fill(1 / tokens, b * sequence, b * sequence + tokens);
  });
  return {
    [TOP_LAYERS_IO.maskBias]: new Tensor('float32', maskBias, [batch, 1, 1, sequence]),
    [TOP_LAYERS_IO.poolWeights]: new Tensor('float32', poolWeights, [batch, sequence, 1]),
  };
}

/** The loss the training graph differentiates: Σ (class weight / batch) · cross-entropy, in float64. */
export function weightedLoss(
  logits: Float32Array,
  labels: readonly number[],
  classWeights: readonly number[],
  classes: number,
): number {
  let loss = 0;
  labels.forEach((label, b) => {
    const row = logits.subarray(b * classes, (b + 1) * classes);
    const max = Math.max(...row);
    let sum = 0;
    for (const z of row) sum += Math.exp(z - max);
    loss += (classWeights[label] / labels.length) * (Math.log(sum) + max - row[label]);
  });
  return loss;
}
