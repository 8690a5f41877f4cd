/**
 * R's default quantile (type 7): linear interpolation between order statistics at (n - 1) * p.
 * CooRTweet and CooRnet threshold edge weights with it, so parity needs this exact definition.
 * Returns NaN for an empty sample (R returns NA, and nothing compares above NA).
 */
export function quantileType7(values: ArrayLike<number>, probability: number): number {
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`quantile probability must be within [0, 1], got ${probability}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return quantileOfSorted(sorted, probability);
}

/** Same as `quantileType7`, for an already ascending sample (no copy). */
export function quantileOfSorted(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
