import { mkdirSync } from 'node:fs';
import { readTaskExamples, type TaskExamples } from '../data/task-examples';
import { STANCE_TARGETS } from '../data/tweeteval-folder';
import { HashedFeaturiser, type SparseRow, type ModelManifest, applyTemperature } from '@riptide/nlp';
import { writeModelFiles } from '../model/write-model-files';
import { bootstrapInterval } from '../metrics/bootstrap-interval';
import { classScores, macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import { buildLinearClassifierOnnx, roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { temperatureCalibration } from '../calibration/fit-temperature';
import { expectedCalibrationError } from '../metrics/calibration-error';
import { balancedClassWeights } from './class-weights';
import { fitSmallModel } from './fit-small-model';
import { argmax, predictProbabilities } from './linear-model';
import {
  CV_FOLDS,
  crossValidateOnPartitions,
  cvPartitions,
  meanAndSpread,
  type FoldPartition,
  type PartitionScore,
} from './partition-cross-validation';
import {
  PLAIN_SENTIMENT_RECIPE,
  PLAIN_STANCE_RECIPE,
  SENTIMENT_RECIPE,
  STANCE_RECIPE,
  type SmallModelRecipe,
} from './small-model-recipes';
import { decide, type DecisionMetric } from './tune-decision-offsets';

export interface TrainSmallModelsOptions {
  readonly dataDir: string;
  readonly outDir: string;
  /** Progress of the current step (e.g. `sentiment: featurising`), `done` of `total` units, for a progress bar. */
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

type Progress = (step: string, done: number, total: number) => void;

/** Texts featurised between two progress reports. */
const PROGRESS_EVERY = 2000;

const SENTIMENT_METRIC: DecisionMetric = (gold, predicted) => macroRecall(gold, predicted, [0, 1, 2]);
const STANCE_METRIC: DecisionMetric = (gold, predicted) => stanceFAvg(gold, predicted, 1, 2);

/**
 * Trains the two small models from a TweetEval-layout folder and writes `<id>.onnx` and `<id>.json`
 * for each into outDir. Train splits fit the weights and, by 5-fold cross-validation, the decision
 * offsets and the temperature; each recipe and its plain reference are cross-validated on four fold
 * partitions (cvPartitions); validation splits only give the reported figures, once per model.
 * Deterministic: same data, same files.
 */
export function trainSmallModels(options: TrainSmallModelsOptions): ModelManifest[] {
  const progress: Progress = options.onProgress ?? (() => undefined);
  mkdirSync(options.outDir, { recursive: true });

  const sentimentManifest = trainOne(
    SENTIMENT_RECIPE,
    PLAIN_SENTIMENT_RECIPE,
    readTaskExamples(options.dataDir, 'sentiment', 'train'),
    readTaskExamples(options.dataDir, 'sentiment', 'val'),
    SENTIMENT_METRIC,
    options.outDir,
    progress,
  );
  const stanceManifest = trainOne(
    STANCE_RECIPE,
    PLAIN_STANCE_RECIPE,
    readTaskExamples(options.dataDir, 'stance', 'train'),
    readTaskExamples(options.dataDir, 'stance', 'val'),
    STANCE_METRIC,
    options.outDir,
    progress,
  );
  return [sentimentManifest, stanceManifest];
}

function featuriseAll(
  featuriser: HashedFeaturiser,
  examples: TaskExamples,
  step: string,
  progress: Progress,
): SparseRow[] {
  const total = examples.texts.length;
  return examples.texts.map((text, i) => {
    if (i % PROGRESS_EVERY === 0 || i === total - 1) progress(step, i + 1, total);
    return featuriser.featurise(text, examples.targets[i]);
  });
}

function trainOne(
  recipe: SmallModelRecipe,
  plain: SmallModelRecipe,
  train: TaskExamples,
  val: TaskExamples,
  metric: DecisionMetric,
  outDir: string,
  progress: Progress,
): ModelManifest {
  const classes = recipe.labels.length;
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  const rows = featuriseAll(featuriser, train, `${recipe.task}: featurising train`, progress);
  const counts = new Array<number>(classes).fill(0);
  for (const label of train.labels) counts[label]++;
  const partitions = cvPartitions(recipe.seed);

  // Every figure on train comes from out-of-fold predictions, on each partition; the offsets and the
  // temperature are fitted on the first (the recipe's seed), so validation stays unseen.
  const cvProgress = (name: string) => (partition: string, done: number, total: number) =>
    progress(`${name}: cross-validation on train, ${partition}`, done, total);
  const cv = crossValidateOnPartitions(recipe, rows, train, metric, partitions, cvProgress(recipe.id));
  const offsets = cv.offsets?.offsets ?? new Array<number>(classes).fill(0);
  const calibration = temperatureCalibration(cv.outOfFold, train.labels, classes, CV_FOLDS);

  const fitStep = `${recipe.task}: training on all of train (epochs)`;
  progress(fitStep, 0, recipe.epochs);
  const model = roundWeightsToFloat16(
    fitSmallModel(recipe, rows, train.labels, (done, total) => progress(fitStep, done, total)),
  );
  const valRows = featuriseAll(featuriser, val, `${recipe.task}: featurising val`, progress);
  const probs = new Float64Array(valRows.length * classes);
  valRows.forEach((row, r) => probs.set(predictProbabilities(model, row), r * classes));
  const predicted = decide(probs, classes, offsets);
  const untuned = decide(probs, classes, new Array<number>(classes).fill(0));
  const served = Float32Array.from(probs);
  applyTemperature(served, classes, calibration.temperature);
  const metricName = recipe.task === 'sentiment' ? 'macro_recall' : 'f_avg';
  const reference = plainReference(plain, train, val, metric, metricName, partitions, progress);

  const onnxBytes = buildLinearClassifierOnnx(model, { name: recipe.id, version: recipe.version });
  const manifest: ModelManifest = writeModelFiles(outDir, recipe, onnxBytes, {
    featuriser: recipe.featuriser,
    decisionOffsets: offsets,
    calibration,
    targets: recipe.task === 'stance' ? [...STANCE_TARGETS] : undefined,
    metrics: {
      split: 'val',
      examples: val.labels.length,
      [metricName]: round(metric(val.labels, predicted)),
      [`${metricName}_bootstrap_95`]: bootstrapInterval(val.labels, predicted, metric, {
        seed: recipe.seed,
      }).map(round),
      without_decision_offsets: round(metric(val.labels, untuned)),
      ece: round(expectedCalibrationError(served, val.labels, classes)),
      ece_uncalibrated: round(expectedCalibrationError(probs, val.labels, classes)),
      per_class: Object.fromEntries(
        recipe.labels.map((label, c) => [label, roundScores(classScores(val.labels, predicted, c))]),
      ),
      ...(val.targets[0] === undefined ? {} : { per_target: perTarget(val, predicted, metric) }),
      train_cross_validation: {
        folds: CV_FOLDS,
        ...partitionReport(cv.scores, metricName),
        ...(cv.offsets
          ? {
              cross_fitted_by_offset_shrink: Object.fromEntries(
                Object.entries(cv.offsets.crossFitted).map(([shrink, score]) => [shrink, round(score)]),
              ),
            }
          : {}),
      },
      plain_reference: reference,
    },
    training: {
      data:
        recipe.task === 'sentiment'
          ? 'sentiment/train_*'
          : STANCE_TARGETS.map((t) => `stance/${t}/train_*`).join(', '),
      examples: train.labels.length,
      class_counts: counts,
      class_weights: balancedClassWeights(train.labels, classes).map(round),
      decision_offsets_from: cv.offsets
        ? `${CV_FOLDS}-fold cross-validation on train (${partitions[0].name}), shrunk by ${cv.offsets.shrink} (cross-fitted)`
        : 'none: a plain argmax',
      calibration_from: `temperature fitted on the ${CV_FOLDS}-fold out-of-fold predictions on train (${partitions[0].name})`,
      epochs: recipe.epochs,
      learning_rate: recipe.learningRate,
      l2: recipe.l2,
      nb_feature_scaling: recipe.nbFeatureScaling,
      ...(recipe.featuriser.targetBlocks
        ? { target_blocks: 'joint model and one model per target (its block), logits averaged' }
        : {}),
      seed: recipe.seed,
      weights: 'float16',
    },
  });
  return manifest;
}

/**
 * The plain reference beside a recipe: cross-validated on the same partitions, then fitted on all
 * of train and scored once on validation. Nothing of it is shipped; its figures go in the manifest.
 */
function plainReference(
  plain: SmallModelRecipe,
  train: TaskExamples,
  val: TaskExamples,
  metric: DecisionMetric,
  metricName: string,
  partitions: readonly FoldPartition[],
  progress: Progress,
): Record<string, unknown> {
  const featuriser = new HashedFeaturiser(plain.featuriser);
  const rows = featuriseAll(featuriser, train, `${plain.id}: featurising train`, progress);
  const cv = crossValidateOnPartitions(plain, rows, train, metric, partitions, (partition, done, total) =>
    progress(`${plain.id}: cross-validation on train, ${partition}`, done, total),
  );
  const model = fitSmallModel(plain, rows, train.labels);
  const valRows = featuriseAll(featuriser, val, `${plain.id}: featurising val`, progress);
  const predicted = Int32Array.from(valRows, (row) => argmax(predictProbabilities(model, row)));
  return {
    recipe: `word ${plain.featuriser.wordNgrams.join('-')} and character ${plain.featuriser.charNgrams.join('-')}-grams hashed, balanced logistic regression (${plain.epochs} epochs), no lexicon, no NB scaling, no offsets${plain.jointModel === false ? ', one model per target' : ''}`,
    [metricName]: round(metric(val.labels, predicted)),
    [`${metricName}_bootstrap_95`]: bootstrapInterval(val.labels, predicted, metric, {
      seed: plain.seed,
    }).map(round),
    train_cross_validation: { folds: CV_FOLDS, ...partitionReport(cv.scores, metricName) },
  };
}

/** Per-partition scores with their mean and spread: with offsets (cross-fitted) when tuned, and without. */
function partitionReport(scores: readonly PartitionScore[], metricName: string): Record<string, unknown> {
  const withoutOffsets = scores.map((s) => s.withoutOffsets);
  const decided = scores.map((s) => s.crossFitted ?? s.withoutOffsets);
  const spread = (values: number[]) => {
    const { mean, sd } = meanAndSpread(values);
    return { mean: round(mean), sd: round(sd), by_partition: values.map(round) };
  };
  return {
    partitions: scores.map((s) => s.partition),
    [metricName]: spread(decided),
    without_decision_offsets: spread(withoutOffsets),
  };
}

function perTarget(
  val: TaskExamples,
  predicted: Int32Array,
  metric: DecisionMetric,
): Record<string, { examples: number; score: number }> {
  const report: Record<string, { examples: number; score: number }> = {};
  for (const target of new Set(val.targets)) {
    const rows = val.targets.flatMap((t, r) => (t === target ? [r] : []));
    const gold = Int32Array.from(rows, (r) => val.labels[r]);
    report[String(target)] = {
      examples: rows.length,
      score: round(
        metric(
          gold,
          Int32Array.from(rows, (r) => predicted[r]),
        ),
      ),
    };
  }
  return report;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function roundScores(scores: { precision: number; recall: number; f1: number; support: number }) {
  return {
    precision: round(scores.precision),
    recall: round(scores.recall),
    f1: round(scores.f1),
    support: scores.support,
  };
}
