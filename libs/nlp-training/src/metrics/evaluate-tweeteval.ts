import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelledTexts, stanceTargetsWithSplit } from '../data/tweeteval-folder';
import type { TextClassifier } from '@riptide/nlp';
import { classScores, macroRecall, stanceFAvg, type ClassScores } from './classification-metrics';

export interface TweetEvalReport {
  readonly split: string;
  readonly sentiment: {
    readonly examples: number;
    readonly macro_recall: number;
    readonly accuracy: number;
    readonly per_class: Record<string, ClassScores>;
  };
  readonly stance: {
    readonly examples: number;
    readonly f_avg: number;
    readonly per_class: Record<string, ClassScores>;
    readonly per_target: Record<
      string,
      { readonly examples: number; readonly f_avg: number; readonly per_class: Record<string, ClassScores> }
    >;
  } | null;
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
  const sentimentPredicted = await predictedIds(models.sentiment, sentimentData.texts);
  const sentimentLabels = models.sentiment.labels;
  const correct = sentimentPredicted.reduce((sum, p, i) => sum + (p === sentimentData.labels[i] ? 1 : 0), 0);
  const sentiment = {
    examples: sentimentData.texts.length,
    macro_recall: macroRecall(
      sentimentData.labels,
      sentimentPredicted,
      sentimentLabels.map((_, c) => c),
    ),
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
  const perTarget: Record<
    string,
    { examples: number; f_avg: number; per_class: Record<string, ClassScores> }
  > = {};
  for (const target of targets) {
    const data = readLabelledTexts(join(root, 'stance', target), split, stanceLabels.length);
    const predicted = await predictedIds(models.stance, data.texts, target);
    pooledGold.push(...data.labels);
    pooledPredicted.push(...predicted);
    perTarget[target] = {
      examples: data.texts.length,
      f_avg: stanceFAvg(data.labels, predicted, against, favor),
      per_class: perClass(data.labels, predicted, stanceLabels),
    };
  }
  if (existsSync(join(root, 'stance')) && targets.length === 0)
    notes.push(`no stance/<target>/${split}_text.txt found, stance not evaluated`);
  const stance =
    targets.length === 0
      ? null
      : {
          examples: pooledGold.length,
          f_avg: stanceFAvg(pooledGold, pooledPredicted, against, favor),
          per_class: perClass(pooledGold, pooledPredicted, stanceLabels),
          per_target: perTarget,
        };
  return { split, sentiment, stance, notes };
}

async function predictedIds(
  classifier: TextClassifier,
  texts: string[],
  target?: string,
): Promise<Int32Array> {
  const results = await classifier.classify(texts, { target });
  return Int32Array.from(results.map((r) => classifier.labels.indexOf(r.label)));
}

function perClass(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly string[],
): Record<string, ClassScores> {
  return Object.fromEntries(labels.map((label, c) => [label, classScores(gold, predicted, c)]));
}
