import type { ShareInterval } from '../opinion-types';

/**
 * share ± z·√variance, clipped to [0, 1]: for corrected shares, whose variance (delta method) is not the
 * binomial one that Wilson's interval assumes.
 */
export function normalInterval(share: number, variance: number, z: number): ShareInterval {
  if (!(variance >= 0)) throw new RangeError(`variance must be non-negative, got ${variance}`);
  const halfWidth = z * Math.sqrt(variance);
  return { share, low: Math.max(0, share - halfWidth), high: Math.min(1, share + halfWidth), variance };
}
