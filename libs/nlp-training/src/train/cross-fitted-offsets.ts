import { rowsWhere } from './out-of-fold';
import { decide, tuneDecisionOffsets, type DecisionMetric } from './tune-decision-offsets';

export interface CrossFittedOffsets {
  /** The offsets to ship: tuned on all out-of-fold predictions, times `shrink`. */
  readonly offsets: number[];
  readonly shrink: number;
  /** Metric of each shrink factor when the offsets applied to a fold were tuned on the other folds. */
  readonly crossFitted: Record<string, number>;
}

/**
 * Decision offsets tuned on out-of-fold predictions fit those predictions, and can fit them too well
 * (the stance offsets that train CV chose cost 0.04 on validation). Here each fold is decided with
 * offsets tuned on the other folds only, scaled by each candidate factor (0 = no offsets); the
 * factor with the best cross-fitted metric scales the offsets tuned on all folds. Ties go to the
 * smaller factor.
 */
export function crossFittedOffsets(
  probs: ArrayLike<number>,
  gold: Int32Array,
  classes: number,
  foldOf: Int32Array,
  metric: DecisionMetric,
  shrinks: readonly number[] = [0, 0.5, 1],
): CrossFittedOffsets {
  if (foldOf.length !== gold.length)
    throw new Error(`foldOf: expected ${gold.length} folds, got ${foldOf.length}`);
  const folds = Math.max(...foldOf) + 1;
  const predicted = shrinks.map(() => new Int32Array(gold.length));
  for (let fold = 0; fold < folds; fold++) {
    const fit = rowsWhere(foldOf, (f) => f !== fold);
    const held = rowsWhere(foldOf, (f) => f === fold);
    const tuned = tuneDecisionOffsets(
      gatherRows(probs, fit, classes),
      Int32Array.from(fit, (row) => gold[row]),
      classes,
      metric,
    );
    const heldProbs = gatherRows(probs, held, classes);
    shrinks.forEach((shrink, s) => {
      const decided = decide(
        heldProbs,
        classes,
        tuned.map((offset) => offset * shrink),
      );
      held.forEach((row, i) => (predicted[s][row] = decided[i]));
    });
  }
  const crossFitted: Record<string, number> = {};
  let best = 0;
  shrinks.forEach((shrink, s) => {
    crossFitted[String(shrink)] = metric(gold, predicted[s]);
    if (crossFitted[String(shrink)] > crossFitted[String(shrinks[best])] + 1e-12) best = s;
  });
  const shrink = shrinks[best];
  const offsets = tuneDecisionOffsets(probs, gold, classes, metric).map(
    (o) => Math.round(o * shrink * 100) / 100,
  );
  return { offsets, shrink, crossFitted };
}

/** Rows of a row-major [rows][width] array, in the order given. */
function gatherRows(source: ArrayLike<number>, rows: readonly number[], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let c = 0; c < width; c++) out[i * width + c] = source[row * width + c];
  });
  return out;
}
