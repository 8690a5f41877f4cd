import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelledTexts, stanceTargetsWithSplit } from '../data/tweeteval-folder';
import { applyTemperature, type TextClassifier } from '@riptide/nlp';
import { bootstrapInterval } from './bootstrap-interval';
import { expectedCalibrationError } from './calibration-error';
import { classScores, macroRecall, stanceFAvg, type ClassScores } from './classification-metrics';

/**
 * Expected calibration error of the served probabilities (15 bins on the top probability), and of
 * the uncalibrated ones when the classifier calibrates (labels are the same either way).
 */
export interface CalibrationReport {
  readonly ece: number;
  readonly ece_uncalibrated?: number;
  readonly temperature?: number;
}

export interface TweetEvalReport {
  readonly split: string;
  readonly sentiment: CalibrationReport & {
    readonly examples: number;
    readonly macro_recall: number;
    readonly macro_recall_bootstrap_95: [number, number];
    readonly accuracy: number;
    readonly per_class: Record<string, ClassScores>;
  };
  readonly stance:
    | (CalibrationReport & {
        readonly examples: number;
        readonly f_avg: number;
        readonly f_avg_bootstrap_95: [number, number];
        readonly per_class: Record<string, ClassScores>;
        readonly per_target: Record<
          string,
          {
            readonly examples: number;
            readonly f_avg: number;
            readonly per_class: Record<string, ClassScores>;
          }
        >;
      })
    | null;
  readonly notes: string[];
}

/**
 * Official TweetEval metrics of a sentiment and a stance classifier on any folder in the TweetEval
 * layout. Sentiment is required (a missing folder is an error); stance targets are whatever
 * `stance/<target>/` folders hold the split, and a folder without it is skipped with a note.
 */
export async function evaluateTweetEval(
  root: string,
  split: string,
  models: { sentiment: TextClassifier; stance: TextClassifier },
): Promise<TweetEvalReport> {
  const notes: string[] = [];
  const sentimentDir = join(root, 'sentiment');
  if (!existsSync(sentimentDir))
    throw new Error(
      `${sentimentDir}: missing; --data must point at a folder in the TweetEval layout (sentiment/, stance/<target>/)`,
    );
  const sentimentData = readLabelledTexts(sentimentDir, split, models.sentiment.labels.length);
  const sentimentResults = await classified(models.sentiment, sentimentData.texts);
  const sentimentPredicted = sentimentResults.predicted;
  const sentimentLabels = models.sentiment.labels;
  const sentimentMetric = (gold: Int32Array, predicted: Int32Array) =>
    macroRecall(
      gold,
      predicted,
      sentimentLabels.map((_, c) => c),
    );
  const correct = sentimentPredicted.reduce((sum, p, i) => sum + (p === sentimentData.labels[i] ? 1 : 0), 0);
  const sentiment = {
    examples: sentimentData.texts.length,
    macro_recall: sentimentMetric(sentimentData.labels, sentimentPredicted),
    macro_recall_bootstrap_95: bootstrapInterval(sentimentData.labels, sentimentPredicted, sentimentMetric),
    ...calibrationReport(models.sentiment, sentimentResults.probs, sentimentData.labels),
    accuracy: correct / Math.max(1, sentimentData.texts.length),
    per_class: perClass(sentimentData.labels, sentimentPredicted, sentimentLabels),
  };

  const stanceLabels = models.stance.labels;
  const against = stanceLabels.indexOf('against');
  const favor = stanceLabels.indexOf('favor');
  const targets = stanceTargetsWithSplit(root, split);
  if (!existsSync(join(root, 'stance'))) notes.push(`${join(root, 'stance')}: missing, stance not evaluated`);
  const pooledGold: number[] = [];
  const pooledPredicted: number[] = [];
  const pooledProbs: number[] = [];
  const perTarget: Record<
    string,
    { examples: number; f_avg: number; per_class: Record<string, ClassScores> }
  > = {};
  for (const target of targets) {
    const data = readLabelledTexts(join(root, 'stance', target), split, stanceLabels.length);
    const { predicted, probs } = await classified(models.stance, data.texts, target);
    pooledGold.push(...data.labels);
    pooledPredicted.push(...predicted);
    pooledProbs.push(...probs);
    perTarget[target] = {
      examples: data.texts.length,
      f_avg: stanceFAvg(data.labels, predicted, against, favor),
      per_class: perClass(data.labels, predicted, stanceLabels),
    };
  }
  if (existsSync(join(root, 'stance')) && targets.length === 0)
    notes.push(`no stance/<target>/${split}_text.txt found, stance not evaluated`);
  const stanceMetric = (gold: Int32Array, predicted: Int32Array) =>
    stanceFAvg(gold, predicted, against, favor);
  const stance =
    targets.length === 0
      ? null
      : {
          examples: pooledGold.length,
          f_avg: stanceMetric(Int32Array.from(pooledGold), Int32Array.from(pooledPredicted)),
          f_avg_bootstrap_95: bootstrapInterval(
            Int32Array.from(pooledGold),
            Int32Array.from(pooledPredicted),
            stanceMetric,
          ),
          ...calibrationReport(models.stance, pooledProbs, pooledGold),
          per_class: perClass(pooledGold, pooledPredicted, stanceLabels),
          per_target: perTarget,
        };
  return { split, sentiment, stance, notes };
}

/** The decided label ids and the served probabilities (row-major [texts][labels]) of a classifier. */
async function classified(
  classifier: TextClassifier,
  texts: string[],
  target?: string,
): Promise<{ predicted: Int32Array; probs: Float32Array }> {
  const results = await classifier.classify(texts, { target });
  const classes = classifier.labels.length;
  const probs = new Float32Array(results.length * classes);
  results.forEach((r, i) => probs.set(r.probs, i * classes));
  return { predicted: Int32Array.from(results.map((r) => classifier.labels.indexOf(r.label))), probs };
}

/**
 * ECE of the served probabilities; with a calibrated classifier also of the uncalibrated ones,
 * recovered exactly by the inverse temperature (softmax(T log q) of q = softmax(log p / T) is p).
 */
function calibrationReport(
  classifier: TextClassifier,
  probs: ArrayLike<number>,
  gold: ArrayLike<number>,
): CalibrationReport {
  const classes = classifier.labels.length;
  const ece = expectedCalibrationError(probs, gold, classes);
  const temperature = classifier.calibration?.temperature;
  if (temperature === undefined) return { ece };
  const uncalibrated = Float32Array.from(probs);
  applyTemperature(uncalibrated, classes, 1 / temperature);
  return { ece, ece_uncalibrated: expectedCalibrationError(uncalibrated, gold, classes), temperature };
}

function perClass(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly string[],
): Record<string, ClassScores> {
  return Object.fromEntries(labels.map((label, c) => [label, classScores(gold, predicted, c)]));
}
