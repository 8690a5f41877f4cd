import { seededRandom } from '@riptide/nlp';

/**
 * Percentile bootstrap interval of a metric over a labelled sample: resample the (gold, predicted)
 * pairs with replacement, score each resample, take the quantiles. It shows how far a figure on a
 * small split (294 stance tweets) can move by the luck of the draw. Seeded, so it is reproducible.
 */
export function bootstrapInterval(
  gold: Int32Array,
  predicted: Int32Array,
  metric: (gold: Int32Array, predicted: Int32Array) => number,
  options: { readonly resamples?: number; readonly level?: number; readonly seed?: number } = {},
): [number, number] {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (gold.length !== predicted.length)
    throw new Error(
      `predicted: expected ${gold.length} predictions (one per gold label), got ${predicted.length}`,
    );
  if (gold.length === 0) throw new Error('gold: cannot bootstrap an empty sample');
  const random = seededRandom(options.seed ?? 1);
  const scores = new Float64Array(resamples);
  const sampleGold = new Int32Array(gold.length);
  const samplePredicted = new Int32Array(gold.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < gold.length; i++) {
      const pick = Math.floor(random() * gold.length);
      sampleGold[i] = gold[pick];
      samplePredicted[i] = predicted[pick];
    }
    scores[b] = metric(sampleGold, samplePredicted);
  }
  scores.sort();
  const tail = (1 - level) / 2;
  return [scores[Math.floor(tail * (resamples - 1))], scores[Math.ceil((1 - tail) * (resamples - 1))]];
}
