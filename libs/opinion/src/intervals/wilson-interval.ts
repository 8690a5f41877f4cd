import type { ShareInterval } from '../opinion-types';

/**
 * Wilson's score interval (Wilson 1927) for a share from n trials: unlike share ± z·sd it stays in
 * [0, 1] and keeps its coverage near 0 and 1 and for small n (Brown, Cai & DasGupta 2001). With a
 * weighted share, pass the Kish effective sample size as n. The variance reported is the binomial one,
 * share·(1 − share)/n.
 */
export function wilsonInterval(share: number, n: number, z: number): ShareInterval {
  if (!(n > 0)) throw new RangeError(`a Wilson interval needs a positive sample size, got ${n}`);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (share + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n));
  // Rounding can put a bound a hair past the share at 0 or 1; the interval always holds its share.
  return {
    share,
    low: Math.max(0, Math.min(share, centre - halfWidth)),
    high: Math.min(1, Math.max(share, centre + halfWidth)),
    variance: (share * (1 - share)) / n,
  };
}
