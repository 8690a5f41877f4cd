import { type SparseRow, seededRandom, shuffledOrder } from '@riptide/nlp';
import { predictProbabilities, type LinearModel } from './linear-model';

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
    /** The fold of each row, instead of the seeded assignment (e.g. contiguousFolds). */
    readonly foldOf?: Int32Array;
    readonly onFold?: (done: number, total: number) => void;
  },
  fit: (rows: readonly SparseRow[], labels: Int32Array) => LinearModel,
): Float64Array {
  const { folds, classes } = options;
  if (rows.length !== labels.length)
    throw new Error(`labels: expected ${rows.length} labels, got ${labels.length}`);
  const foldOf = options.foldOf ?? assignFolds(rows.length, folds, options.seed);
  if (foldOf.length !== rows.length)
    throw new Error(`foldOf: expected ${rows.length} folds, got ${foldOf.length}`);
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

/**
 * The fold (0..folds-1) of each of `count` rows: rows dealt round-robin in a seeded random order,
 * so folds differ in size by at most one and the same seed gives the same folds.
 */
export function assignFolds(count: number, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds: must be an integer >= 2, got ${folds}`);
  const foldOf = new Int32Array(count);
  shuffledOrder(count, seededRandom(seed)).forEach((row, position) => (foldOf[row] = position % folds));
  return foldOf;
}

/**
 * Folds in the data's own order: each group's rows (a stance target's; all rows when `groups` is
 * all undefined) cut into `folds` contiguous runs. The training files list tweets by collection
 * (the sentiment file runs from SemEval-2013's tweets to 2016's), so each fold model predicts a
 * stretch of time it did not see: a harder test of settings than random folds, closer to a later
 * year's tweets.
 */
export function contiguousFolds(groups: readonly (string | undefined)[], folds: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds: must be an integer >= 2, got ${folds}`);
  const foldOf = new Int32Array(groups.length);
  for (const group of new Set(groups)) {
    const rows = groups.flatMap((g, row) => (g === group ? [row] : []));
    rows.forEach((row, k) => (foldOf[row] = Math.floor((k * folds) / rows.length)));
  }
  return foldOf;
}

/** Rows whose fold passes `keep`, in row order. */
export function rowsWhere(foldOf: Int32Array, keep: (fold: number) => boolean): number[] {
  const rows: number[] = [];
  foldOf.forEach((fold, row) => keep(fold) && rows.push(row));
  return rows;
}
