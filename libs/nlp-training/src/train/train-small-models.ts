import { mkdirSync } from 'node:fs';
import { readTaskExamples, type TaskExamples } from '../data/task-examples';
import { STANCE_TARGETS } from '../data/tweeteval-folder';
import { HashedFeaturiser, type SparseRow } from '@riptide/nlp';
import { writeModelFiles } from '../model/write-model-files';
import { bootstrapInterval } from '../metrics/bootstrap-interval';
import { classScores, macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import type { ModelManifest } from '@riptide/nlp';
import { buildLinearClassifierOnnx, roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { balancedClassWeights } from './class-weights';
import { fitSmallModel } from './fit-small-model';
import { predictProbabilities } from './linear-model';
import { SENTIMENT_RECIPE, STANCE_RECIPE, type SmallModelRecipe } from './small-model-recipes';
import { assignFolds, outOfFoldProbabilities } from './out-of-fold';
import { crossFittedOffsets } from './cross-fitted-offsets';
import { decide, type DecisionMetric } from './tune-decision-offsets';

export interface TrainSmallModelsOptions {
  readonly dataDir: string;
  readonly outDir: string;
  /** Progress of the current step (e.g. `sentiment: featurising`), `done` of `total` units, for a progress bar. */
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

type Progress = (step: string, done: number, total: number) => void;

/** Folds of the cross-validation on train that picks the decision offsets. */
const CV_FOLDS = 5;

/** Texts featurised between two progress reports. */
const PROGRESS_EVERY = 2000;

const SENTIMENT_METRIC: DecisionMetric = (gold, predicted) => macroRecall(gold, predicted, [0, 1, 2]);
const STANCE_METRIC: DecisionMetric = (gold, predicted) => stanceFAvg(gold, predicted, 1, 2);

/**
 * Trains the two small models from a TweetEval-layout folder and writes `<id>.onnx` and `<id>.json`
 * for each into outDir. Train splits fit the weights and, by 5-fold cross-validation, the decision
 * offsets; validation splits only give the reported figures. Deterministic: same data, same files.
 */
export function trainSmallModels(options: TrainSmallModelsOptions): ModelManifest[] {
  const progress: Progress = options.onProgress ?? (() => undefined);
  mkdirSync(options.outDir, { recursive: true });

  const sentimentManifest = trainOne(
    SENTIMENT_RECIPE,
    readTaskExamples(options.dataDir, 'sentiment', 'train'),
    readTaskExamples(options.dataDir, 'sentiment', 'val'),
    SENTIMENT_METRIC,
    options.outDir,
    progress,
  );
  const stanceManifest = trainOne(
    STANCE_RECIPE,
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
  const fit = (
    fitRows: readonly SparseRow[],
    fitLabels: Int32Array,
    onEpoch?: (done: number, total: number) => void,
  ) => fitSmallModel(recipe, fitRows, fitLabels, onEpoch);

  // Decision offsets are tuned on out-of-fold predictions on train, so validation stays unseen.
  const cvStep = `${recipe.task}: ${CV_FOLDS}-fold cross-validation on train`;
  progress(cvStep, 0, CV_FOLDS);
  const outOfFold = outOfFoldProbabilities(
    rows,
    train.labels,
    { folds: CV_FOLDS, classes, seed: recipe.seed, onFold: (done, total) => progress(cvStep, done, total) },
    (r, l) => fit(r, l),
  );
  // Offsets tuned on all out-of-fold rows, shrunk by the factor that did best when each fold was
  // decided with offsets tuned on the other folds only (cross-fitting).
  const crossFitted = crossFittedOffsets(
    outOfFold,
    train.labels,
    classes,
    assignFolds(rows.length, CV_FOLDS, recipe.seed),
    metric,
  );
  const { offsets } = crossFitted;
  const noOffsets = new Array<number>(classes).fill(0);

  const fitStep = `${recipe.task}: training on all of train (epochs)`;
  progress(fitStep, 0, recipe.epochs);
  const model = roundWeightsToFloat16(
    fit(rows, train.labels, (done, total) => progress(fitStep, done, total)),
  );

  const valRows = featuriseAll(featuriser, val, `${recipe.task}: featurising val`, progress);
  const probs = new Float64Array(valRows.length * classes);
  valRows.forEach((row, r) => probs.set(predictProbabilities(model, row), r * classes));
  const predicted = decide(probs, classes, offsets);
  const untuned = decide(probs, classes, noOffsets);
  const metricName = recipe.task === 'sentiment' ? 'macro_recall' : 'f_avg';

  const onnxBytes = buildLinearClassifierOnnx(model, { name: recipe.id, version: recipe.version });
  const manifest: ModelManifest = writeModelFiles(outDir, recipe, onnxBytes, {
    featuriser: recipe.featuriser,
    decisionOffsets: offsets,
    targets: recipe.task === 'stance' ? [...STANCE_TARGETS] : undefined,
    metrics: {
      split: 'val',
      examples: val.labels.length,
      [metricName]: round(metric(val.labels, predicted)),
      [`${metricName}_bootstrap_95`]: bootstrapInterval(val.labels, predicted, metric, {
        seed: recipe.seed,
      }).map(round),
      without_decision_offsets: round(metric(val.labels, untuned)),
      per_class: Object.fromEntries(
        recipe.labels.map((label, c) => [label, roundScores(classScores(val.labels, predicted, c))]),
      ),
      ...(val.targets[0] === undefined ? {} : { per_target: perTarget(val, predicted, metric) }),
      train_cross_validation: {
        folds: CV_FOLDS,
        [metricName]: round(metric(train.labels, decide(outOfFold, classes, offsets))),
        without_decision_offsets: round(metric(train.labels, decide(outOfFold, classes, noOffsets))),
        cross_fitted_by_offset_shrink: Object.fromEntries(
          Object.entries(crossFitted.crossFitted).map(([shrink, score]) => [shrink, round(score)]),
        ),
      },
    },
    training: {
      data:
        recipe.task === 'sentiment'
          ? 'sentiment/train_*'
          : STANCE_TARGETS.map((t) => `stance/${t}/train_*`).join(', '),
      examples: train.labels.length,
      class_counts: counts,
      class_weights: balancedClassWeights(train.labels, classes).map(round),
      decision_offsets_from: `${CV_FOLDS}-fold cross-validation on train, shrunk by ${crossFitted.shrink} (cross-fitted)`,
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
