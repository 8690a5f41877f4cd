import { STANCE_LABELS, type ShiftKind, type StanceLabel } from '@riptide/contracts';
import type { GroupKey } from '../opinion-types';
import type { AuthorPanel, SoftTally, TimeRange } from './author-panel';

export interface ShiftDecompositionResult {
  readonly kind: ShiftKind;
  /** Authors with observations in both windows. */
  readonly returningAuthors: number;
  /** The part of `total` from returning authors changing stance. */
  readonly within: number;
  /** The rest of `total`: authors arriving, leaving, or posting more or less. */
  readonly composition: number;
  /** After share minus before share, observation-weighted within the group. */
  readonly total: number;
}

export interface DecomposeOptions {
  /** A part explaining at least this fraction of the total (same sign) names the kind; else `mixed`. */
  readonly dominance: number;
}

export const DEFAULT_DECOMPOSE_OPTIONS: DecomposeOptions = { dominance: 2 / 3 };

/**
 * Splits the change of `label`'s share in `group` between two windows, a shift-share (Oaxaca-style)
 * decomposition over authors. With n_aW an author's observations in window W, N_W their sum, and
 * p_aW = (sum of the author's probabilities of the label in W) / n_aW, the shares are
 * P_W = Σ_a (n_aW / N_W) p_aW, and for the returning authors R (seen in both windows)
 *
 *   within      = Σ_{a∈R} (n_aA / N_A) (p_aA - p_aB)            each returner's own change, at after weights
 *   composition = P_A - P_B - within
 *               = Σ_{a∈R} (n_aA / N_A - n_aB / N_B) p_aB          returners posting more or less
 *               + Σ_{a new} (n_aA / N_A) p_aA - Σ_{a gone} (n_aB / N_B) p_aB   arrivals and departures
 *
 * so within + composition = total exactly. Shares here are the raw soft shares (observation-weighted),
 * not the corrected and post-stratified ones a detector watched. Null when a window holds no
 * observation of the group.
 */
export function decomposeShift(
  panel: AuthorPanel,
  group: GroupKey,
  label: StanceLabel,
  before: TimeRange,
  after: TimeRange,
  options: Partial<DecomposeOptions> = {},
): ShiftDecompositionResult | null {
  const { dominance } = { ...DEFAULT_DECOMPOSE_OPTIONS, ...options };
  const labelIndex = STANCE_LABELS.indexOf(label);
  const beforeAuthors = panel.authorsIn(group, before);
  const afterAuthors = panel.authorsIn(group, after);
  const beforeCount = totalCount(beforeAuthors);
  const afterCount = totalCount(afterAuthors);
  if (beforeCount === 0 || afterCount === 0) return null;

  const share = (tally: SoftTally) => tally.probabilitySums[labelIndex] / tally.count;
  let returningAuthors = 0;
  let within = 0;
  for (const [authorId, afterTally] of afterAuthors) {
    const beforeTally = beforeAuthors.get(authorId);
    if (!beforeTally) continue;
    returningAuthors++;
    within += (afterTally.count / afterCount) * (share(afterTally) - share(beforeTally));
  }
  const total =
    labelShare(afterAuthors, labelIndex, afterCount) - labelShare(beforeAuthors, labelIndex, beforeCount);
  const composition = total - within;
  return { kind: kindOf(within, total, dominance), returningAuthors, within, composition, total };
}

function totalCount(authors: ReadonlyMap<string, SoftTally>): number {
  let count = 0;
  for (const tally of authors.values()) count += tally.count;
  return count;
}

function labelShare(authors: ReadonlyMap<string, SoftTally>, labelIndex: number, count: number): number {
  let sum = 0;
  for (const tally of authors.values()) sum += tally.probabilitySums[labelIndex];
  return sum / count;
}

/** Persuasion when within carries at least `dominance` of the total, composition when the rest does. */
function kindOf(within: number, total: number, dominance: number): ShiftKind {
  if (total === 0) return 'mixed';
  const withinFraction = within / total;
  if (withinFraction >= dominance) return 'persuasion';
  if (1 - withinFraction >= dominance) return 'composition';
  return 'mixed';
}
