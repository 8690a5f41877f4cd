/** A group's or the population's weighted shares, each with its variance. */
export interface SharesWithVariance {
  readonly shares: readonly number[];
  readonly variances: readonly number[];
}

export interface PoolingInput {
  readonly group: SharesWithVariance;
  readonly population: SharesWithVariance;
  /** The group's effective sample size. */
  readonly nEff: number;
  /** The group's part of the population's weight (its estimate is part of the population's). */
  readonly populationFraction: number;
  /** Pseudo-observations of the population share: m. */
  readonly strength: number;
}

export interface PooledShares extends SharesWithVariance {
  /** How much of the population share went in: m / (nEff + m). */
  readonly shrinkage: number;
}

/**
 * Partial pooling toward the topic-wide share: (1 − λ)·group + λ·population with λ = m / (nEff + m), as
 * if the population share came with m pseudo-observations (the Beta-Binomial posterior mean with a
 * prior of strength m centred on the population). Large groups barely move; sparse ones borrow strength
 * (Gelman & Hill 2007, ch. 12). The vector stays on the simplex: a mix of two share vectors.
 *
 * The variance is a mean squared error, so that the interval stays honest for a group that really
 * differs from the population: the variance of the mix, with Cov(group, population) ≈ fraction · Var(group)
 * (the group is that part of the population), plus λ² times the squared gap to the population, estimated
 * without bias as (g − P)² − Var(g − P), floored at 0.
 */
export function poolTowardPopulation(input: PoolingInput): PooledShares {
  const { group, population, nEff, populationFraction: fraction, strength } = input;
  const shrinkage = strength > 0 ? strength / (nEff + strength) : 0;
  const keep = 1 - shrinkage;
  const shares = group.shares.map((share, k) => keep * share + shrinkage * population.shares[k]);
  const variances = group.variances.map((groupVariance, k) => {
    const populationVariance = population.variances[k];
    const covariance = fraction * groupVariance;
    const mixVariance =
      keep ** 2 * groupVariance + shrinkage ** 2 * populationVariance + 2 * keep * shrinkage * covariance;
    const gapVariance = groupVariance + populationVariance - 2 * covariance;
    const squaredGap = Math.max(0, (group.shares[k] - population.shares[k]) ** 2 - gapVariance);
    return mixVariance + shrinkage ** 2 * squaredGap;
  });
  return { shares, variances, shrinkage };
}
