import type { SparseRow } from '../features/hashed-featuriser';
import { predictProbabilities, type LinearModel } from './linear-model';
import { seededRandom, shuffledOrder } from './seeded-random';

/**
 * k-fold cross-validation on the training split: each row is scored by a model fitted on the other
 * folds. The out-of-fold probabilities estimate how the recipe does on unseen tweets without
 * touching the validation split, so hyper-parameters and decision offsets can be chosen on them.
 * Rows go to folds in a seeded random order: the same seed gives the same folds.
 */
export function outOfFoldProbabilities(
  rows: readonly SparseRow[],
  labels: Int32Array,
  options: {
    readonly folds: number;
    readonly classes: number;
    readonly seed: number;
    readonly onFold?: (done: number, total: number) => void;
  },
  fit: (rows: readonly SparseRow[], labels: Int32Array) => LinearModel,
): Float64Array {
  const { folds, classes } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds: must be an integer >= 2, got ${folds}`);
  if (rows.length !== labels.length)
    throw new Error(`labels: expected ${rows.length} labels, got ${labels.length}`);
  const foldOf = new Int32Array(rows.length);
  shuffledOrder(rows.length, seededRandom(options.seed)).forEach(
    (row, position) => (foldOf[row] = position % folds),
  );
  const probs = new Float64Array(rows.length * classes);
  for (let fold = 0; fold < folds; fold++) {
    const fitRows: SparseRow[] = [];
    const fitLabels: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      if (foldOf[r] === fold) continue;
      fitRows.push(rows[r]);
      fitLabels.push(labels[r]);
    }
    const model = fit(fitRows, Int32Array.from(fitLabels));
    for (let r = 0; r < rows.length; r++)
      if (foldOf[r] === fold) probs.set(predictProbabilities(model, rows[r]), r * classes);
    options.onFold?.(fold + 1, folds);
  }
  return probs;
}
