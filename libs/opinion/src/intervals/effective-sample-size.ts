/**
 * Kish's effective sample size (Kish 1965), (Σw)² / Σw²: how many unweighted observations would give the
 * same variance of a mean as these weighted ones (equal weights: n; unequal weights: fewer).
 */
export function effectiveSampleSize(weights: Iterable<number>): number {
  let sum = 0;
  let sumOfSquares = 0;
  for (const weight of weights) {
    sum += weight;
    sumOfSquares += weight * weight;
  }
  return effectiveSampleSizeOfSums(sum, sumOfSquares);
}

/** The same from running sums Σw and Σw² (0 without weight). */
export function effectiveSampleSizeOfSums(sum: number, sumOfSquares: number): number {
  return sumOfSquares > 0 ? (sum * sum) / sumOfSquares : 0;
}
