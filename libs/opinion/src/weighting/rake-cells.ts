import { UNKNOWN_GROUP, type GroupKey, type PopulationMargins, type RakingReport } from '../opinion-types';

/** Relative slack for comparing a weight with the cap (capped weights equal it up to rounding). */
const CAP_SLACK = 1e-9;
/** The trimming fixed point is reached geometrically; this many rounds are far more than it needs. */
const MAX_CAPPING_ROUNDS = 200;

/** A demographic cell to weight: its value per configured dimension and its number of sampled units. */
export interface RakingCell {
  readonly values: readonly string[];
  readonly count: number;
}

export interface RakingOptions {
  /** Largest weight relative to the mean weight. */
  readonly weightCap: number;
  readonly maxIterations: number;
  readonly tolerance: number;
}

export interface RakingResult {
  /** Per cell, in input order: the weight of each of its units; the mean unit weight is 1. */
  readonly weights: Float64Array;
  readonly report: RakingReport;
}

/**
 * Raking (iterative proportional fitting; Deming & Stephan 1940): scales the cells' weights one dimension
 * after the other until every dimension's weighted shares match the population margins. Only the margins
 * are matched, not the joint distribution, which the census rarely publishes.
 *
 * Weight capping (trimming): after each sweep, weights above `weightCap` times the mean weight are cut
 * to it, and the next sweep re-rakes the rest, so a handful of authors from a rare cell cannot dominate
 * a bucket. When the cap and the margins cannot both hold, raking ends unconverged at maxIterations and
 * the report says so, with the margin error left.
 *
 * `unknown` (no configured value) is not raked: its weighted share is held at its sample share, and the
 * known values share the rest in their population proportions. The margins say nothing about how many
 * people lack a value in our data, and pushing unknowns into known groups would invent demographics.
 * A configured value with no sampled unit cannot be weighted up from nothing: its population share goes
 * to the present values in proportion, and the report lists it in `emptyGroups`.
 */
export function rakeCells(
  cells: readonly RakingCell[],
  margins: PopulationMargins,
  options: RakingOptions,
): RakingResult {
  const total = cells.reduce((sum, cell) => sum + cell.count, 0);
  const weights = new Float64Array(cells.length).fill(1);
  if (total === 0)
    return {
      weights,
      report: { iterations: 0, converged: true, maxMarginError: 0, cappedShare: 0, emptyGroups: [] },
    };
  const emptyGroups: GroupKey[] = [];
  const targets = margins.dimensions.map((dimension, index) => {
    const sampleCounts = countsByValue(cells, index, () => 1);
    const unknownShare = (sampleCounts.get(UNKNOWN_GROUP) ?? 0) / total;
    const present = Object.entries(dimension.shares).filter(([value]) => sampleCounts.has(value));
    for (const value of Object.keys(dimension.shares))
      if (!sampleCounts.has(value) && dimension.shares[value] > 0)
        emptyGroups.push({ dimension: dimension.name, value });
    const presentShare = present.reduce((sum, [, share]) => sum + share, 0);
    const target = new Map<string, number>(
      present.map(([value, share]) => [
        value,
        presentShare > 0 ? ((1 - unknownShare) * share) / presentShare : 0,
      ]),
    );
    if (unknownShare > 0) target.set(UNKNOWN_GROUP, unknownShare);
    return target;
  });

  let iterations = 0;
  let maxMarginError = marginError(cells, weights, targets, total);
  while (maxMarginError > options.tolerance && iterations < options.maxIterations) {
    iterations += 1;
    targets.forEach((target, index) => {
      const weighted = countsByValue(cells, index, (cell) => weights[cell]);
      cells.forEach((cell, c) => {
        const current = weighted.get(cell.values[index]) ?? 0;
        const wanted = target.get(cell.values[index]) ?? 0;
        // A cell whose value has weight 0 (its target was 0) stays at 0.
        weights[c] = current > 0 ? (weights[c] * wanted * total) / current : 0;
      });
    });
    capWeights(cells, weights, total, options.weightCap);
    maxMarginError = marginError(cells, weights, targets, total);
  }
  normaliseToMeanOne(cells, weights, total);
  const capped = options.weightCap * (1 - CAP_SLACK);
  const cappedUnits = cells.reduce((sum, cell, c) => sum + (weights[c] >= capped ? cell.count : 0), 0);
  return {
    weights,
    report: {
      iterations,
      converged: maxMarginError <= options.tolerance,
      maxMarginError,
      cappedShare: cappedUnits / total,
      emptyGroups,
    },
  };
}

/** Per value of one dimension: the sum over cells of count times `weightOf(cell index)`. */
function countsByValue(cells: readonly RakingCell[], dimension: number, weightOf: (cell: number) => number) {
  const counts = new Map<string, number>();
  cells.forEach((cell, c) => {
    if (cell.count === 0) return;
    const value = cell.values[dimension];
    counts.set(value, (counts.get(value) ?? 0) + cell.count * weightOf(c));
  });
  return counts;
}

/**
 * Cuts weights to weightCap times the mean weight. Cutting lowers the mean, so it repeats until no weight
 * is above the cap of the mean it leaves (the trimming fixed point).
 */
function capWeights(cells: readonly RakingCell[], weights: Float64Array, total: number, weightCap: number) {
  for (let round = 0; round < MAX_CAPPING_ROUNDS; round++) {
    const cap = weightCap * meanWeight(cells, weights, total);
    let cut = false;
    for (let c = 0; c < weights.length; c++)
      if (weights[c] > cap * (1 + CAP_SLACK)) {
        weights[c] = cap;
        cut = true;
      }
    if (!cut) return;
  }
}

function meanWeight(cells: readonly RakingCell[], weights: Float64Array, total: number): number {
  return cells.reduce((sum, cell, c) => sum + cell.count * weights[c], 0) / total;
}

function normaliseToMeanOne(cells: readonly RakingCell[], weights: Float64Array, total: number) {
  const mean = meanWeight(cells, weights, total);
  if (mean > 0) for (let c = 0; c < weights.length; c++) weights[c] /= mean;
}

/** The largest gap between a weighted share and its target, over every value of every dimension. */
function marginError(
  cells: readonly RakingCell[],
  weights: Float64Array,
  targets: readonly ReadonlyMap<string, number>[],
  total: number,
): number {
  const weightedTotal = meanWeight(cells, weights, total) * total;
  let worst = 0;
  targets.forEach((target, index) => {
    const weighted = countsByValue(cells, index, (cell) => weights[cell]);
    for (const [value, share] of target)
      worst = Math.max(worst, Math.abs((weighted.get(value) ?? 0) / weightedTotal - share));
  });
  return worst;
}
