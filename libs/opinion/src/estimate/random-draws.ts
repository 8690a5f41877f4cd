// Draws for the specs' simulations, from a seeded generator (`seededRandom` of @riptide/nlp), so that a
// statistical test fails the same way every run.

/** The index drawn from a probability vector. */
export function drawIndex(random: () => number, probabilities: readonly number[]): number {
  let remaining = random();
  for (let index = 0; index < probabilities.length - 1; index++) {
    remaining -= probabilities[index];
    if (remaining < 0) return index;
  }
  return probabilities.length - 1;
}

/** Counts of `trials` draws from a probability vector. */
export function drawMultinomial(
  random: () => number,
  trials: number,
  probabilities: readonly number[],
): number[] {
  const counts = probabilities.map(() => 0);
  for (let trial = 0; trial < trials; trial++) counts[drawIndex(random, probabilities)] += 1;
  return counts;
}
