import type { ClusterScores } from './cluster-scores';

/** Co-shares per link at which recurrence reaches 1 − 1/e: links at the usual threshold of 2 score 0.39. */
const RECURRENCE_SCALE = 4;
/** Median delay at which speed reaches 1/e: coordinated pushes land seconds apart, organic ones minutes. */
const SPEED_SCALE_S = 30;

/**
 * One number in [0, 1] to sort clusters by how coordinated they look: the geometric mean of how tightly
 * the members are linked (density), how often each pair co-shared (recurrence: mean link weight, saturating)
 * and how fast (speed: the median delay between paired shares, decaying). A geometric mean, because a
 * cluster that is weak on any one of the three (a loose group, a one-off coincidence, a slow cascade) is
 * not a coordinated one whatever the other two say.
 */
export function coordinationScore(
  scores: Pick<ClusterScores, 'density' | 'weight' | 'medianDeltaSeconds'>,
  edges: number,
): number {
  if (edges === 0) return 0;
  const recurrence = 1 - Math.exp(-scores.weight / edges / RECURRENCE_SCALE);
  const median = Number.isFinite(scores.medianDeltaSeconds) ? scores.medianDeltaSeconds : Infinity;
  const speed = Math.exp(-median / SPEED_SCALE_S);
  return Math.cbrt(Math.min(1, scores.density) * recurrence * speed);
}
