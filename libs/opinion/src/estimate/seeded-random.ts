// Seeded draws for the specs' simulations, so that a statistical test fails the same way every run.

/** Uniform numbers in [0, 1) from mulberry32. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
