import type { OpinionMeasure } from '@riptide/contracts';
import { MEASURE_LABELS } from '../opinion-types';
import type { CellTally } from '../tally/bucket-tally';
import { WeightedMoments } from './weighted-moments';

/** A cell with the raking weight of each of its authors. */
export interface WeightedCell {
  readonly cell: CellTally;
  readonly weight: number;
}

/** What one group's authors say about one measure, summed three ways. */
export interface GroupSample {
  readonly observations: number;
  readonly authors: number;
  /** Hard-label counts over observations (classify and count). */
  readonly labelCounts: readonly number[];
  /** Authors' mean vectors weighted by their observations: the per-post share, clustered by author. */
  readonly perObservation: WeightedMoments;
  /** Authors' mean vectors weighted by raking weights: each account one (weighted) vote. */
  readonly perAuthor: WeightedMoments;
}

/**
 * Sums a group's cells. Each author's vector is the mean over their observations of the model's
 * probabilities (`probabilities`, for PACC) or of the chosen labels as one-hot vectors (`labels`, for ACC
 * and uncorrected shares); both are linear in the author's posts, so the correction applies to them as to
 * single posts. When every cell of the group has raking weight 0 (its population share is configured as
 * 0), its authors count equally within it.
 */
export function sampleGroup(
  cells: readonly WeightedCell[],
  measure: OpinionMeasure,
  vector: 'probabilities' | 'labels',
): GroupSample {
  const size = MEASURE_LABELS[measure].length;
  const labelCounts = new Array<number>(size).fill(0);
  const perObservation = new WeightedMoments(size);
  const perAuthor = new WeightedMoments(size);
  const unweighted = cells.every(({ weight }) => weight === 0);
  let observations = 0;
  let authors = 0;
  const mean = new Float64Array(size);
  for (const { cell, weight } of cells) {
    for (const author of cell.authors.values()) {
      const tally = author.measures[measure];
      const sums = vector === 'probabilities' ? tally.probSums : tally.labelCounts;
      for (let k = 0; k < size; k++) {
        mean[k] = sums[k] / author.observations;
        labelCounts[k] += tally.labelCounts[k];
      }
      perObservation.add(author.observations, mean);
      perAuthor.add(unweighted ? 1 : weight, mean);
      observations += author.observations;
      authors += 1;
    }
  }
  return { observations, authors, labelCounts, perObservation, perAuthor };
}
