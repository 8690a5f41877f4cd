import { type SparseRow, RESERVED_FEATURES } from '@riptide/nlp';

/**
 * Naive-Bayes log-count ratios (Wang & Manning 2012, "NBSVM"), one-vs-rest per class:
 * r[i][c] = log((p_c[i] / |p_c|) / (q_c[i] / |q_c|)), with p_c the smoothed count of rows of
 * class c that contain feature i and q_c the same over the other classes. Training on x * r[., c]
 * starts every class from Naive Bayes evidence and lets the logistic regression correct it; the
 * product folds back into one weight matrix, so inference stays a single linear layer.
 * Dense cue slots keep a ratio of 1: they are not counts.
 */
export function nbLogCountRatios(
  rows: readonly SparseRow[],
  labels: Int32Array,
  dimensions: number,
  classes: number,
  smoothing = 1,
): Float32Array {
  const inClass = new Float64Array(dimensions * classes);
  const total = new Float64Array(dimensions);
  const rowsPerClass = new Float64Array(classes);
  for (let r = 0; r < rows.length; r++) {
    const label = labels[r];
    rowsPerClass[label]++;
    // Binarised: a feature counts once per row however often it occurs.
    const seen = new Set<number>(rows[r].indices);
    for (const index of seen) {
      inClass[index * classes + label]++;
      total[index]++;
    }
  }
  const ratios = new Float32Array(dimensions * classes);
  const pNorm = new Float64Array(classes);
  const qNorm = new Float64Array(classes);
  for (let i = 0; i < dimensions; i++) {
    for (let c = 0; c < classes; c++) {
      pNorm[c] += inClass[i * classes + c] + smoothing;
      qNorm[c] += total[i] - inClass[i * classes + c] + smoothing;
    }
  }
  for (let i = 0; i < dimensions; i++) {
    for (let c = 0; c < classes; c++) {
      if (i < RESERVED_FEATURES) {
        ratios[i * classes + c] = 1;
        continue;
      }
      const p = (inClass[i * classes + c] + smoothing) / pNorm[c];
      const q = (total[i] - inClass[i * classes + c] + smoothing) / qNorm[c];
      ratios[i * classes + c] = Math.log(p / q);
    }
  }
  return ratios;
}
