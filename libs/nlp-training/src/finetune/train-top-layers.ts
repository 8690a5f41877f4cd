import * as ort from 'onnxruntime-node';
import { AdamTensor } from '../train/adam';
import {
  seededRandom,
  shuffledOrder,
  tokenCount,
  type TokenStates,
  batchFeeds,
  weightedLoss,
  TOP_LAYERS_IO,
} from '@riptide/nlp';
import {
  buildTopLayersScoringGraph,
  buildTopLayersTrainingGraph,
  topLayerParameters,
  type TopLayersSpec,
} from './top-layers-graph';

export interface TopLayersTraining {
  readonly spec: TopLayersSpec;
  /** Starting weights of the re-trained layers (`layer<i>.<name>`), read from the encoder. */
  readonly initial: ReadonlyMap<string, Float32Array>;
  readonly epochs: number;
  /** Peak learning rate, reached after warm-up and decayed linearly to 0 at the last step. */
  readonly learningRate: number;
  readonly warmupFraction: number;
  /** Decoupled weight decay on weight matrices (not on biases or LayerNorm gains). */
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly classWeights: readonly number[];
  readonly seed: number;
  readonly threads: number;
  readonly onProgress?: (done: number, total: number, meanLoss: number) => void;
  /** Called with the weights after each epoch (e.g. to score held-out rows). */
  readonly onEpoch?: (epoch: number, weights: ReadonlyMap<string, Float32Array>) => Promise<void>;
}

/**
 * Fine-tunes an encoder's top layers and a linear classifier on cached token states: AdamW over
 * length-grouped mini-batches (texts of similar token count together, so little padding) in a
 * seeded order, each step one run of the training graph (forward pass and every gradient). Returns
 * the weights after the last epoch, by topLayerParameters' names.
 */
export async function trainTopLayers(
  states: TokenStates,
  rows: readonly number[],
  labels: Int32Array,
  options: TopLayersTraining,
): Promise<Map<string, Float32Array>> {
  const { spec, batchSize } = options;
  const random = seededRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const parameters = topLayerParameters(spec).map((p) => {
    const size = p.dims.reduce((a, b) => a * b, 1);
    const initial = options.initial.get(p.name);
    if (!initial && !p.name.startsWith('classifier.')) throw new Error(`initial: ${p.name} is missing`);
    // The classifier starts small and random (BERT's initialiser: N(0, 0.02)), its bias at 0.
    const start = initial
      ? Float32Array.from(initial)
      : Float32Array.from({ length: size }, () => (p.name.endsWith('weight') ? gaussian() * 0.02 : 0));
    const decays = p.name.endsWith('.weight') && !p.name.endsWith('_norm.weight');
    return { ...p, adam: new AdamTensor(start), decays };
  });
  const session = await ort.InferenceSession.create(buildTopLayersTrainingGraph(spec), {
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const stepsPerEpoch = Math.ceil(rows.length / batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  const warmup = Math.max(1, Math.round(totalSteps * options.warmupFraction));
  let step = 0;
  let lossSum = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      for (const batch of lengthGroupedBatches(rows, (row) => tokenCount(states, row), batchSize, random)) {
        const feeds = batchFeeds(
          batch.map((row) => textStates(states, row)),
          states.width,
          {
            labels: batch.map((row) => labels[row]),
            classWeights: options.classWeights,
            classes: spec.classes,
          },
        );
        for (const p of parameters) feeds[p.name] = new ort.Tensor('float32', p.adam.value, p.dims);
        const result = await session.run(feeds);
        step++;
        const rate =
          options.learningRate *
          (step <= warmup ? step / warmup : (totalSteps - step) / Math.max(1, totalSteps - warmup));
        for (const p of parameters) {
          const gradient = result[`grad.${p.name}`].data as Float32Array;
          p.adam.gradient.set(gradient);
          p.adam.step(rate, step, p.decays ? options.weightDecay : 0);
        }
        lossSum += weightedLoss(
          result[TOP_LAYERS_IO.logits].data as Float32Array,
          batch.map((row) => labels[row]),
          options.classWeights,
          spec.classes,
        );
        options.onProgress?.(step, totalSteps, lossSum / step);
      }
      await options.onEpoch?.(epoch, weightsOf(parameters));
    }
  } finally {
    await session.release();
  }
  return weightsOf(parameters);
}

/**
 * Pooled vectors and logits of `rows` under given weights, batched by length like training.
 * Returned row-major in the order of `rows`.
 */
export async function scoreTopLayers(
  spec: TopLayersSpec,
  weights: ReadonlyMap<string, Float32Array>,
  states: TokenStates,
  rows: readonly number[],
  options: { readonly threads: number; readonly batchSize?: number },
): Promise<{ pooled: Float32Array; logits: Float32Array }> {
  const session = await ort.InferenceSession.create(buildTopLayersScoringGraph(spec), {
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const width = spec.shape.hidden;
  const pooled = new Float32Array(rows.length * width);
  const logits = new Float32Array(rows.length * spec.classes);
  const order = rows
    .map((_, position) => position)
    .sort((a, b) => tokenCount(states, rows[a]) - tokenCount(states, rows[b]));
  const batchSize = options.batchSize ?? 64;
  try {
    for (let start = 0; start < order.length; start += batchSize) {
      const positions = order.slice(start, start + batchSize);
      const feeds = batchFeeds(
        positions.map((p) => textStates(states, rows[p])),
        width,
      );
      for (const p of topLayerParameters(spec))
        feeds[p.name] = new ort.Tensor('float32', weights.get(p.name) as Float32Array, p.dims);
      const result = await session.run(feeds);
      const batchPooled = result[TOP_LAYERS_IO.pooled].data as Float32Array;
      const batchLogits = result[TOP_LAYERS_IO.logits].data as Float32Array;
      positions.forEach((p, i) => {
        pooled.set(batchPooled.subarray(i * width, (i + 1) * width), p * width);
        logits.set(batchLogits.subarray(i * spec.classes, (i + 1) * spec.classes), p * spec.classes);
      });
    }
  } finally {
    await session.release();
  }
  return { pooled, logits };
}

function textStates(states: TokenStates, row: number): Float32Array {
  return states.values.subarray(states.offsets[row] * states.width, states.offsets[row + 1] * states.width);
}

function weightsOf(
  parameters: readonly { name: string; adam: AdamTensor<Float32Array> }[],
): Map<string, Float32Array> {
  return new Map(parameters.map((p) => [p.name, Float32Array.from(p.adam.value)]));
}

/**
 * Mini-batches of rows with similar token counts: rows are shuffled, cut into pools of 50 batches,
 * sorted by length within each pool and cut into batches, and the batches shuffled. Padding stays
 * small while every epoch still sees a fresh random order.
 */
export function lengthGroupedBatches(
  rows: readonly number[],
  lengthOf: (row: number) => number,
  batchSize: number,
  random: () => number,
): number[][] {
  const shuffled = Array.from(shuffledOrder(rows.length, random), (i) => rows[i]);
  const pool = batchSize * 50;
  const batches: number[][] = [];
  for (let start = 0; start < shuffled.length; start += pool) {
    const sorted = shuffled.slice(start, start + pool).sort((a, b) => lengthOf(a) - lengthOf(b));
    for (let b = 0; b < sorted.length; b += batchSize) batches.push(sorted.slice(b, b + batchSize));
  }
  return Array.from(shuffledOrder(batches.length, random), (i) => batches[i]);
}
