/**
 * Poisson tails in log space: a burst of a dozen accounts where one was expected has a p-value far
 * below what a double can hold, and it still has to be ranked (Benjamini-Hochberg) and compared.
 */

/** ln P(N < k) for N ~ Poisson(mean). */
function logPoissonCdfBelow(k: number, mean: number): number {
  if (mean === 0) return 0;
  const logMean = Math.log(mean);
  let logTerm = -mean;
  let logSum = logTerm;
  for (let j = 1; j < k; j++) {
    logTerm += logMean - Math.log(j);
    logSum = logAddExp(logSum, logTerm);
  }
  return Math.min(0, logSum);
}

/** ln P(N >= k) for N ~ Poisson(mean): the upper tail, summed from k up until terms vanish. */
export function logPoissonTail(k: number, mean: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer >= 0, got ${k}`);
  if (!(mean >= 0)) throw new RangeError(`mean must be >= 0, got ${mean}`);
  if (k === 0) return 0;
  if (mean === 0) return Number.NEGATIVE_INFINITY;
  // Below the mean the upper tail is most of the mass: take the complement of the lower sum.
  if (k <= mean) return Math.log1p(-Math.exp(logPoissonCdfBelow(k, mean)));
  let logTerm = k * Math.log(mean) - mean - logFactorial(k);
  let logSum = logTerm;
  for (let j = k + 1; ; j++) {
    logTerm += Math.log(mean) - Math.log(j);
    logSum = logAddExp(logSum, logTerm);
    if (logTerm < logSum - 40) break;
  }
  return Math.min(0, logSum);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let j = 2; j <= n; j++) sum += Math.log(j);
  return sum;
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high === Number.NEGATIVE_INFINITY ? high : high + Math.log(Math.exp(a - high) + Math.exp(b - high));
}
