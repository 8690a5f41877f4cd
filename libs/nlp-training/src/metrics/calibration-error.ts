/**
 * Expected calibration error (Guo et al. 2017): rows binned by their top probability (the
 * confidence) into `bins` equal-width bins over (0, 1]; the weighted mean over bins of
 * |accuracy - mean confidence|, where a row is correct when its argmax (first on ties) is its gold
 * label. 0 for perfectly calibrated confidences; 15 bins, as usually reported.
 */
export function expectedCalibrationError(
  probs: ArrayLike<number>,
  gold: ArrayLike<number>,
  classes: number,
  bins = 15,
): number {
  if (probs.length !== gold.length * classes)
    throw new Error(`probs: expected ${gold.length} x ${classes} values, got ${probs.length}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins: must be an integer >= 1, got ${bins}`);
  if (gold.length === 0) return 0;
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  for (let r = 0; r < gold.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + best]) best = c;
    const top = probs[r * classes + best];
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(top * bins) - 1));
    count[bin]++;
    confidence[bin] += top;
    if (best === gold[r]) correct[bin]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) ece += Math.abs(correct[b] - confidence[b]) / gold.length;
  return ece;
}
