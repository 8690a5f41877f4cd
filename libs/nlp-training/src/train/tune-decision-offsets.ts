import { argmax } from './linear-model';

/** Scores predicted label ids against the gold ones; higher is better. */
export type DecisionMetric = (gold: Int32Array, predicted: Int32Array) => number;

/** Label ids decided from probabilities [rows][classes] with per-class log offsets. */
export function decide(probs: ArrayLike<number>, classes: number, offsets: readonly number[]): Int32Array {
  const rows = probs.length / classes;
  const predicted = new Int32Array(rows);
  const scores = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) scores[c] = Math.log(probs[r * classes + c]) + offsets[c];
    predicted[r] = argmax(scores);
  }
  return predicted;
}

/**
 * Grid search of log-probability offsets (class 0 fixed at 0, the others in [-1, 1] by 0.1) that
 * maximise `metric`: a decision threshold tuned toward the official metric (macro recall favours
 * rare classes more than the training loss does). Ties keep the offsets closest to zero.
 */
export function tuneDecisionOffsets(
  probs: ArrayLike<number>,
  gold: Int32Array,
  classes: number,
  metric: DecisionMetric,
): number[] {
  const steps = Array.from({ length: 21 }, (_, i) => Math.round((i - 10) * 10) / 100);
  let best = { score: -Infinity, size: Infinity, offsets: new Array<number>(classes).fill(0) };
  const visit = (offsets: number[], c: number): void => {
    if (c === classes) {
      const score = metric(gold, decide(probs, classes, offsets));
      const size = offsets.reduce((sum, o) => sum + Math.abs(o), 0);
      if (score > best.score + 1e-12 || (Math.abs(score - best.score) <= 1e-12 && size < best.size))
        best = { score, size, offsets: [...offsets] };
      return;
    }
    for (const step of steps) visit([...offsets, step], c + 1);
  };
  visit([0], 1);
  return best.offsets;
}
