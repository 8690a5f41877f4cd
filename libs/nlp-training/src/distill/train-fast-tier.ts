import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  confusionFileName,
  denseInputWidth,
  formatConfusionFile,
  HashedFeaturiser,
  SENTIMENT_LABELS,
  STANCE_LABELS,
  writeDenseInput,
  type DenseHeadInput,
  type TextEmbedder,
} from '@riptide/nlp';
import { temperatureCalibration } from '../calibration/fit-temperature';
import { outOfFoldConfusionFile } from '../confusion/out-of-fold-confusion';
import { readTaskExamples, type TaskExamples } from '../data/task-examples';
import { STANCE_TARGETS } from '../data/tweeteval-folder';
import { buildMixedHeadOnnx, MIXED_GRAPH_IO } from '../embeddings/mixed-head-graph';
import {
  trainMixedHead,
  type MixedHeadTrainingData,
  type TrainingProgress,
} from '../embeddings/train-mixed-head';
import { macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import { writeModelFiles } from '../model/write-model-files';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import type { DecisionMetric } from '../train/tune-decision-offsets';
import { SENTIMENT_FAST, STANCE_FAST, type FastHeadRecipe } from './fast-tier-recipes';

export interface FastTierTrainingOptions {
  readonly dataDir: string;
  readonly outDir: string;
  readonly version: string;
  readonly seed: number;
  readonly progress: (line: string) => void;
  readonly onTrainProgress?: TrainingProgress;
}

const TASKS = {
  sentiment: {
    labels: SENTIMENT_LABELS,
    metricName: 'macro_recall',
    metric: ((gold, predicted) => macroRecall(gold, predicted, [0, 1, 2])) as DecisionMetric,
  },
  stance: {
    labels: STANCE_LABELS,
    metricName: 'f_avg',
    metric: ((gold, predicted) => stanceFAvg(gold, predicted, 1, 2)) as DecisionMetric,
  },
} as const;

/**
 * Trains the fast tier's two heads on the static embedding (`embedder`, from models/fast): per
 * task a hashed n-gram linear model and a dense head on the pooled vector, mixed in one ONNX graph
 * as the accurate tier's heads are (train-mixed-head.ts chooses the MLP's epochs, the mixing weight
 * and the decision offsets by 5-fold cross-validation on train). The same out-of-fold predictions
 * give the temperature (calibration) and the confusion file. Validation is never read here:
 * `riptide eval models --tier fast` reports on it. Seeded and single-threaded: same data, same files.
 */
export async function trainFastTier(
  embedder: TextEmbedder,
  options: FastTierTrainingOptions,
): Promise<Record<string, unknown>> {
  mkdirSync(options.outDir, { recursive: true });
  const report: Record<string, unknown> = {};
  for (const recipe of [SENTIMENT_FAST, STANCE_FAST]) {
    const train = readTaskExamples(options.dataDir, recipe.task, 'train');
    report[recipe.task] = await trainHead(recipe, train, embedder, options);
  }
  return report;
}

async function trainHead(
  recipe: FastHeadRecipe,
  train: TaskExamples,
  embedder: TextEmbedder,
  options: FastTierTrainingOptions,
): Promise<Record<string, unknown>> {
  const { labels, metric, metricName } = TASKS[recipe.task];
  const classes = labels.length;
  const block: DenseHeadInput = {
    encoder: embedder.modelId,
    dimensions: embedder.dimensions,
    targets: recipe.task === 'stance' ? [...STANCE_TARGETS] : [],
    layout: recipe.denseLayout,
    input: MIXED_GRAPH_IO.embedding,
  };
  options.progress(`${recipe.task}: featurising and pooling ${train.texts.length} tweets`);
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  const embeddings = await embedder.embed(train.texts);
  const width = denseInputWidth(block);
  const dense = new Float32Array(train.texts.length * width);
  embeddings.forEach((vector, i) => writeDenseInput(block, vector, train.targets[i], dense, i * width));
  const data: MixedHeadTrainingData = {
    sparse: train.texts.map((text, i) => featuriser.featurise(text, train.targets[i])),
    dense: { count: train.texts.length, width, values: dense },
    labels: train.labels,
  };
  const { head, offsets, selection, outOfFold } = trainMixedHead(
    data,
    { ...recipe.training, classes, seed: options.seed },
    metric,
    (step, done, total) => options.onTrainProgress?.(`${recipe.task}: ${step}`, done, total),
  );
  const { folds } = recipe.training;
  const calibration = temperatureCalibration(outOfFold, train.labels, classes, folds);
  const round = (value: number) => Math.round(value * 10000) / 10000;
  const onnxBytes = buildMixedHeadOnnx(
    { ...head, sparse: roundWeightsToFloat16(head.sparse) },
    { name: recipe.id, version: options.version },
  );
  const denseTraining =
    recipe.training.dense.kind === 'mlp'
      ? { ...recipe.training.dense, epochs: selection.dense_epochs, optimizer: 'adamw' }
      : { ...recipe.training.dense, optimizer: 'adagrad-sgd' };
  const manifest = writeModelFiles(
    options.outDir,
    { id: recipe.id, version: options.version, task: recipe.task, labels },
    onnxBytes,
    {
      featuriser: recipe.featuriser,
      embedding: block,
      decisionOffsets: offsets,
      calibration,
      ...(block.targets.length > 0 ? { targets: block.targets } : {}),
      metrics: {
        train_cross_validation: {
          metric: metricName,
          folds,
          fold_seed: options.seed,
          sparse_alone: round(selection.sparse_alone),
          dense_alone_by_epoch: selection.dense_alone_by_epoch.map(round),
          dense_epochs: selection.dense_epochs,
          sparse_weight: selection.sparse_weight,
          mix_by_sparse_weight: Object.fromEntries(
            Object.entries(selection.mix_by_sparse_weight).map(([w, s]) => [w, round(s)]),
          ),
          mixed: round(selection.mixed),
          offsets_cross_fitted: Object.fromEntries(
            Object.entries(selection.offsets.crossFitted).map(([w, s]) => [w, round(s)]),
          ),
          offsets_shrink: selection.offsets.shrink,
        },
      },
      training: {
        seed: options.seed,
        data:
          recipe.task === 'sentiment'
            ? 'sentiment/train_*'
            : STANCE_TARGETS.map((t) => `stance/${t}/train_*`).join(', '),
        examples: train.texts.length,
        class_weights: 'balanced',
        sparse: { ...recipe.training.sparse, optimizer: 'adagrad-sgd', weights: 'float16' },
        dense: { ...denseTraining, inputs: width, weights: 'float32' },
        sparse_weight: head.sparseWeight,
        decision_offsets_from: `${folds}-fold cross-validation on train, shrunk by ${selection.offsets.shrink} (cross-fitted)`,
        calibration_from: `temperature fitted on the ${folds}-fold out-of-fold mixed probabilities on train`,
        validation: 'not read in training; riptide eval models --tier fast reports on it',
      },
    },
  );
  const confusion = outOfFoldConfusionFile(
    manifest,
    train,
    { probs: outOfFold, folds, seed: options.seed },
    `hashed n-grams mixed at weight ${head.sparseWeight} with a ${recipe.training.dense.kind} head on the ${block.encoder} pooled static embedding, as trained for the shipped head (float32 n-gram weights per fold)`,
  );
  writeFileSync(join(options.outDir, confusionFileName(recipe.id)), formatConfusionFile(confusion));
  return {
    id: recipe.id,
    [`cv_${metricName}`]: round(selection.mixed),
    [`cv_${metricName}_offsets_cross_fitted`]: round(
      selection.offsets.crossFitted[String(selection.offsets.shrink)] ?? selection.mixed,
    ),
    calibration,
  };
}
