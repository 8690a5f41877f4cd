import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelledTexts, STANCE_TARGETS } from '../data/tweeteval-folder';
import { HashedFeaturiser, type SparseRow } from '../features/hashed-featuriser';
import { classScores, macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import type { ModelManifest } from '../model/model-manifest';
import { buildLinearClassifierOnnx, LINEAR_GRAPH_IO, roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { predictProbabilities } from './linear-model';
import { nbLogCountRatios } from './nb-log-count-ratios';
import { SENTIMENT_RECIPE, STANCE_RECIPE, type SmallModelRecipe } from './small-model-recipes';
import { trainSoftmaxRegression } from './softmax-regression';
import { crossFittedScore, decide, tuneDecisionOffsets, type DecisionMetric } from './tune-decision-offsets';

export interface TrainSmallModelsOptions {
  readonly dataDir: string;
  readonly outDir: string;
  /** Stage messages for a progress display. */
  readonly onStage?: (stage: string) => void;
}

interface Examples {
  readonly texts: string[];
  readonly labels: Int32Array;
  /** Stance target per text; undefined for sentiment. */
  readonly targets: (string | undefined)[];
}

const SENTIMENT_METRIC: DecisionMetric = (gold, predicted) => macroRecall(gold, predicted, [0, 1, 2]);
const STANCE_METRIC: DecisionMetric = (gold, predicted) => stanceFAvg(gold, predicted, 1, 2);

/**
 * Trains the two small models from a TweetEval-layout folder and writes `<id>.onnx` and `<id>.json`
 * for each into outDir. Train splits fit the weights; validation splits only choose the decision
 * offsets and give the reported figures. Deterministic: same data, same files.
 */
export function trainSmallModels(options: TrainSmallModelsOptions): ModelManifest[] {
  const stage = options.onStage ?? (() => undefined);
  mkdirSync(options.outDir, { recursive: true });

  const sentimentDir = join(options.dataDir, 'sentiment');
  const sentiment = (split: string): Examples => {
    const { texts, labels } = readLabelledTexts(sentimentDir, split, 3);
    return { texts, labels, targets: texts.map(() => undefined) };
  };
  const stance = (split: string): Examples => {
    const texts: string[] = [];
    const labels: number[] = [];
    const targets: string[] = [];
    for (const target of STANCE_TARGETS) {
      const part = readLabelledTexts(join(options.dataDir, 'stance', target), split, 3);
      texts.push(...part.texts);
      labels.push(...part.labels);
      targets.push(...part.texts.map(() => target));
    }
    return { texts, labels: Int32Array.from(labels), targets };
  };

  stage('sentiment: reading data');
  const sentimentManifest = trainOne(SENTIMENT_RECIPE, sentiment('train'), sentiment('val'), SENTIMENT_METRIC, options.outDir, stage);
  stage('stance: reading data');
  const stanceManifest = trainOne(STANCE_RECIPE, stance('train'), stance('val'), STANCE_METRIC, options.outDir, stage);
  return [sentimentManifest, stanceManifest];
}

function trainOne(recipe: SmallModelRecipe, train: Examples, val: Examples, metric: DecisionMetric, outDir: string, stage: (s: string) => void): ModelManifest {
  const classes = recipe.labels.length;
  const { dimensions } = recipe.featuriser;
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  stage(`${recipe.task}: featurising ${train.texts.length} training texts`);
  const rows = train.texts.map((text, i) => featuriser.featurise(text, train.targets[i]));
  const counts = new Array<number>(classes).fill(0);
  for (const label of train.labels) counts[label]++;
  // Balanced class weights: each class carries the same total loss.
  const classWeights = counts.map((count) => train.labels.length / (classes * Math.max(count, 1)));
  stage(`${recipe.task}: training (${recipe.epochs} epochs)`);
  const trained = trainSoftmaxRegression(rows, train.labels, {
    dimensions,
    classes,
    epochs: recipe.epochs,
    learningRate: recipe.learningRate,
    l2: recipe.l2,
    classWeights,
    seed: recipe.seed,
    featureScale: recipe.nbFeatureScaling ? nbLogCountRatios(rows, train.labels, dimensions, classes) : undefined,
  });
  const model = roundWeightsToFloat16(trained);

  stage(`${recipe.task}: validating`);
  const valRows: SparseRow[] = val.texts.map((text, i) => featuriser.featurise(text, val.targets[i]));
  const probs = new Float64Array(valRows.length * classes);
  valRows.forEach((row, r) => probs.set(predictProbabilities(model, row), r * classes));
  const offsets = tuneDecisionOffsets(probs, val.labels, classes, metric);
  const predicted = decide(probs, classes, offsets);
  const untuned = decide(probs, classes, new Array<number>(classes).fill(0));

  const onnxBytes = buildLinearClassifierOnnx(model, { name: recipe.id, version: recipe.version });
  const onnxFile = `${recipe.id}.onnx`;
  writeFileSync(join(outDir, onnxFile), onnxBytes);
  const manifest: ModelManifest = {
    schema: 'riptide-model/v1',
    id: recipe.id,
    version: recipe.version,
    task: recipe.task,
    labels: recipe.labels,
    onnx: { file: onnxFile, sha256: createHash('sha256').update(onnxBytes).digest('hex'), bytes: onnxBytes.length },
    input: {
      indices: { name: LINEAR_GRAPH_IO.indices, dtype: 'int64', shape: ['batch', 'features'] },
      values: { name: LINEAR_GRAPH_IO.values, dtype: 'float32', shape: ['batch', 'features'] },
      output: { name: LINEAR_GRAPH_IO.probs, dtype: 'float32', shape: ['batch', classes] },
    },
    featuriser: recipe.featuriser,
    decisionOffsets: offsets,
    targets: recipe.task === 'stance' ? [...STANCE_TARGETS] : undefined,
    metrics: {
      split: 'val',
      examples: val.labels.length,
      [recipe.task === 'sentiment' ? 'macro_recall' : 'f_avg']: round(metric(val.labels, predicted)),
      without_decision_offsets: round(metric(val.labels, untuned)),
      cross_fitted_offsets: round(crossFittedScore(probs, val.labels, classes, metric)),
      per_class: Object.fromEntries(recipe.labels.map((label, c) => [label, roundScores(classScores(val.labels, predicted, c))])),
    },
    training: {
      data: recipe.task === 'sentiment' ? 'sentiment/train_*' : STANCE_TARGETS.map((t) => `stance/${t}/train_*`).join(', '),
      examples: train.labels.length,
      class_counts: counts,
      class_weights: classWeights.map(round),
      epochs: recipe.epochs,
      learning_rate: recipe.learningRate,
      l2: recipe.l2,
      nb_feature_scaling: recipe.nbFeatureScaling,
      seed: recipe.seed,
      weights: 'float16',
    },
  };
  writeFileSync(join(outDir, `${recipe.id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function roundScores(scores: { precision: number; recall: number; f1: number; support: number }) {
  return { precision: round(scores.precision), recall: round(scores.recall), f1: round(scores.f1), support: scores.support };
}
