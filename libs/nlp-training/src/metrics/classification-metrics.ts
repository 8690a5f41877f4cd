/** Precision, recall and F1 of one class. A class never predicted has precision 0 (and F1 0). */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

function checkLengths(gold: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (gold.length !== predicted.length) {
    throw new Error(
      `predicted: expected ${gold.length} predictions (one per gold label), got ${predicted.length}`,
    );
  }
}

export function classScores(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  label: number,
): ClassScores {
  checkLengths(gold, predicted);
  let truePositives = 0;
  let predictedCount = 0;
  let support = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] === label) support++;
    if (predicted[i] === label) predictedCount++;
    if (gold[i] === label && predicted[i] === label) truePositives++;
  }
  const precision = predictedCount > 0 ? truePositives / predictedCount : 0;
  const recall = support > 0 ? truePositives / support : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, support };
}

/** SemEval-2017 Task 4A / TweetEval sentiment metric: the unweighted mean of per-class recall. */
export function macroRecall(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly number[],
): number {
  return labels.reduce((sum, label) => sum + classScores(gold, predicted, label).recall, 0) / labels.length;
}

/** SemEval-2016 Task 6 metric: the mean of the F1 of `against` and of `favor` (`none` is left out). */
export function stanceFAvg(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  against: number,
  favor: number,
): number {
  return (classScores(gold, predicted, against).f1 + classScores(gold, predicted, favor).f1) / 2;
}
