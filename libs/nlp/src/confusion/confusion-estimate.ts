/**
 * A classifier's errors on one set of examples: hard-label counts (rows the true label, columns the
 * predicted one), the mean and standard deviation of each predicted probability per true label,
 * and the standard error of each cell's rate. What adjusted classify-and-count (from counts) and
 * its probabilistic variant (from meanProbs) need, with their uncertainty.
 */
export interface ConfusionEstimate {
  readonly examples: number;
  /** counts[true][predicted]. */
  readonly counts: number[][];
  /** meanProbs[true][k]: mean probability of label k over the examples of the true label (0 for an empty row). */
  readonly meanProbs: number[][];
  /** probSd[true][k]: sample standard deviation of that probability (n - 1 denominator; 0 below two examples). */
  readonly probSd: number[][];
  /** rateSe[true][predicted]: binomial standard error sqrt(r (1 - r) / n) of counts[t][p] / n (0 for an empty row). */
  readonly rateSe: number[][];
}

/** The target key of the matrix pooled over all examples (the only one for a task without targets). */
export const POOLED_TARGET = '*';

/**
 * The confusion of `predicted` against `gold`, with the probabilities (row-major [rows][classes])
 * the predictions were decided from. Throws when the lengths disagree or a label is out of range.
 */
export function estimateConfusion(
  gold: ArrayLike<number>,
  probs: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ConfusionEstimate {
  const rows = gold.length;
  if (predicted.length !== rows)
    throw new Error(`predicted: expected ${rows} labels, got ${predicted.length}`);
  if (probs.length !== rows * classes)
    throw new Error(`probs: expected ${rows} x ${classes} = ${rows * classes} values, got ${probs.length}`);
  const square = () => Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const counts = square();
  const sums = square();
  for (let r = 0; r < rows; r++) {
    const truth = labelIndex(gold[r], classes, `gold[${r}]`);
    counts[truth][labelIndex(predicted[r], classes, `predicted[${r}]`)]++;
    for (let k = 0; k < classes; k++) sums[truth][k] += probs[r * classes + k];
  }
  const rowTotals = counts.map((row) => row.reduce((sum, count) => sum + count, 0));
  const meanProbs = sums.map((row, t) => row.map((sum) => (rowTotals[t] > 0 ? sum / rowTotals[t] : 0)));
  // Second pass about the means: steadier than sums of squares for probabilities near 0 or 1.
  const squares = square();
  for (let r = 0; r < rows; r++) {
    const truth = gold[r];
    for (let k = 0; k < classes; k++)
      squares[truth][k] += (probs[r * classes + k] - meanProbs[truth][k]) ** 2;
  }
  const probSd = squares.map((row, t) =>
    row.map((square) => (rowTotals[t] > 1 ? Math.sqrt(square / (rowTotals[t] - 1)) : 0)),
  );
  const rateSe = counts.map((row, t) =>
    row.map((count) => {
      const n = rowTotals[t];
      if (n === 0) return 0;
      const rate = count / n;
      return Math.sqrt((rate * (1 - rate)) / n);
    }),
  );
  return { examples: rows, counts, meanProbs, probSd, rateSe };
}

/**
 * One confusion per target (in first-seen order) and the pooled one under POOLED_TARGET; a task
 * without targets (every target undefined) gets the pooled one alone.
 */
export function estimateConfusionByTarget(
  gold: ArrayLike<number>,
  probs: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
  targets: readonly (string | undefined)[],
): Record<string, ConfusionEstimate> {
  if (targets.length !== gold.length)
    throw new Error(`targets: expected ${gold.length} targets, got ${targets.length}`);
  const byTarget: Record<string, ConfusionEstimate> = {};
  for (const target of new Set(targets)) {
    if (target === undefined) continue;
    if (target === POOLED_TARGET)
      throw new Error(`targets: "${POOLED_TARGET}" is reserved for the pooled matrix`);
    const rows = targets.flatMap((t, r) => (t === target ? [r] : []));
    const targetProbs = new Float64Array(rows.length * classes);
    rows.forEach((row, i) => {
      for (let k = 0; k < classes; k++) targetProbs[i * classes + k] = probs[row * classes + k];
    });
    byTarget[target] = estimateConfusion(
      rows.map((r) => gold[r]),
      targetProbs,
      rows.map((r) => predicted[r]),
      classes,
    );
  }
  byTarget[POOLED_TARGET] = estimateConfusion(gold, probs, predicted, classes);
  return byTarget;
}

function labelIndex(value: number, classes: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= classes)
    throw new Error(`${field}: label ${value} is not an integer in 0..${classes - 1}`);
  return value;
}
