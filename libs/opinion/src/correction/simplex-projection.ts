/**
 * The Euclidean projection of a vector onto the probability simplex {p : p ≥ 0, Σp = 1}: the closest
 * valid share vector (Held, Wolfe & Crowder 1974; Duchi et al. 2008, sort-based algorithm). Clipping
 * negatives then renormalising also lands on the simplex, but not on the closest point: it shrinks every
 * share by the same factor, where the projection subtracts the same amount.
 */
export function projectOntoSimplex(vector: readonly number[]): number[] {
  const sorted = [...vector].sort((a, b) => b - a);
  let cumulative = 0;
  let threshold = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i];
    const candidate = (cumulative - 1) / (i + 1);
    if (sorted[i] - candidate > 0) threshold = candidate;
  }
  return vector.map((value) => Math.max(value - threshold, 0));
}
