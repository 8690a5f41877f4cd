/** The outcome of Benjamini-Hochberg over one family of p-values (in the order given). */
export interface MultipleTestOutcome {
  /** Step-up adjusted p-values (BH q-values): the smallest FDR level at which each test is rejected. */
  readonly adjusted: readonly number[];
  readonly rejected: readonly boolean[];
}

/**
 * Benjamini & Hochberg (1995): reject the k smallest of m p-values, k the largest rank with
 * p(k) <= k q / m. Controls the false discovery rate at q for independent or positively dependent
 * tests; under the global null that is the probability of any rejection, so at one bucket a topic
 * with no shift raises an alarm with probability at most q.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): MultipleTestOutcome {
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  let runningMinimum = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    runningMinimum = Math.min(runningMinimum, (pValues[index] * m) / rank);
    adjusted[index] = runningMinimum;
  }
  return { adjusted, rejected: adjusted.map((value) => value <= q) };
}
