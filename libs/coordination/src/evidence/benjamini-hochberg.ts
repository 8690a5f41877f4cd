/**
 * Benjamini-Hochberg: which of these hypotheses to reject so that the expected share of false
 * discoveries among the rejected stays at most `q`. Takes natural-log p-values (see
 * `logPoissonTail`) and returns, per input position, whether it is a discovery.
 */
export function benjaminiHochberg(
  logPValues: readonly number[],
  q: number,
  tests: number = logPValues.length,
): boolean[] {
  if (!(q > 0 && q <= 1)) throw new RangeError(`q (false discovery rate) must be within (0, 1], got ${q}`);
  if (!(tests >= logPValues.length))
    throw new RangeError(`tests must be >= the number of p-values (${logPValues.length}), got ${tests}`);
  const order = logPValues.map((_, index) => index).sort((x, y) => logPValues[x] - logPValues[y]);
  const logQ = Math.log(q);
  let cutoff = -1;
  order.forEach((index, rank) => {
    if (logPValues[index] <= logQ + Math.log(rank + 1) - Math.log(tests)) cutoff = rank;
  });
  const discovered = new Array<boolean>(logPValues.length).fill(false);
  for (let rank = 0; rank <= cutoff; rank++) discovered[order[rank]] = true;
  return discovered;
}
