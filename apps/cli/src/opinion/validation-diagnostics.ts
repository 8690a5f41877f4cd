import { STANCE_LABELS } from '@riptide/contracts';
import { estimateConfusion } from '@riptide/nlp';
import type { ConfusionMatrix, ScoredMeasure } from '@riptide/opinion';
import type { ScoredTextPool } from './scored-text-pool';
import type { StanceTextPool } from './stance-text-pool';

/**
 * The stance model's confusion on the pool's own texts. Never used for the reported estimates (that
 * would fit on the texts that score them); only for a diagnostic run showing how much of the error
 * comes from the out-of-fold matrix differing from the validation texts' confusion.
 */
export function poolConfusion(pool: StanceTextPool, scored: ScoredTextPool): ConfusionMatrix {
  const probs = scored.stance.flatMap((score) => score.probs);
  const predicted = scored.stance.map((score) => score.label);
  const { counts, meanProbs, probSd } = estimateConfusion(
    pool.labels,
    probs,
    predicted,
    STANCE_LABELS.length,
  );
  return { model: scored.models.stance, labels: STANCE_LABELS, counts, meanProbs, probSd };
}

/**
 * The pool scored by a perfect classifier (the gold label with probability 1): a diagnostic run that
 * leaves only the sampling and post-stratification in the error.
 */
export function goldScoredPool(pool: StanceTextPool, scored: ScoredTextPool): ScoredTextPool {
  const oneHot = (label: number): ScoredMeasure => ({
    probs: STANCE_LABELS.map((_, index) => (index === label ? 1 : 0)),
    label,
  });
  return { ...scored, stance: Array.from(pool.labels, oneHot) };
}
