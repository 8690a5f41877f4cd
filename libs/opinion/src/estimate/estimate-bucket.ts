import { OPINION_MEASURES, type OpinionMeasure } from '@riptide/contracts';
import type { OpinionSettings } from '../config/opinion-settings';
import { correctShares } from '../correction/correct-shares';
import { planCorrection, type CorrectionPlan } from '../correction/correction-plan';
import { zForConfidence } from '../intervals/inverse-normal';
import { normalInterval } from '../intervals/normal-interval';
import { wilsonInterval } from '../intervals/wilson-interval';
import {
  MEASURE_LABELS,
  UNKNOWN_GROUP,
  type BucketEstimate,
  type ConfusionMatrix,
  type GroupEstimate,
  type GroupKey,
  type PopulationMargins,
  type ShareInterval,
} from '../opinion-types';
import type { BucketTally } from '../tally/bucket-tally';
import { poolTowardPopulation, type SharesWithVariance } from '../weighting/partial-pooling';
import { rakeCells } from '../weighting/rake-cells';
import { sampleGroup, type GroupSample, type WeightedCell } from './group-sample';

export interface EstimateBucketOptions {
  readonly margins: PopulationMargins;
  /** The model's confusion matrix per measure; for stance, the one of this topic's stance target. */
  readonly confusion: { readonly stance?: ConfusionMatrix; readonly sentiment?: ConfusionMatrix };
  readonly settings: OpinionSettings;
}

const POPULATION: GroupKey = { dimension: null, value: null };

/**
 * Estimates one closed bucket of one topic: for each measure, the population and every configured group
 * (and `unknown`) with enough observations, three ways.
 *
 * - raw: classify and count, the share of observations (posts) the model gave each label, with Wilson
 *   intervals over the observation count. What a social-listening tool shows.
 * - corrected: the same per-post share corrected for the classifier's errors (PACC from mean
 *   probabilities, or ACC from hard labels; `none` without a usable confusion matrix, then equal to raw),
 *   with a normal interval from the delta-method variance (sampling, clustered by author, plus the
 *   confusion matrix's uncertainty).
 * - weighted: the estimand. Each author one vote (their mean vector over the bucket), authors raked to the
 *   population margins (one raking per bucket over the cells; a group uses those weights restricted to
 *   it), corrected as above, then partially pooled toward the population's weighted share. Without a
 *   correction the interval is Wilson's with the Kish effective sample size.
 */
export function estimateBucket(tally: BucketTally, options: EstimateBucketOptions): BucketEstimate {
  const { margins, settings } = options;
  checkSameDimensions(tally.margins, margins);
  const cells = [...tally.cells()];
  const raking = rakeCells(
    cells.map((cell) => ({ values: cell.values, count: cell.authors.size })),
    margins,
    {
      weightCap: settings.weightCap,
      maxIterations: settings.rakingMaxIterations,
      tolerance: settings.rakingTolerance,
    },
  );
  const weighted: WeightedCell[] = cells.map((cell, c) => ({ cell, weight: raking.weights[c] }));
  const z = zForConfidence(settings.confidence);
  const groups: GroupEstimate[] = [];
  const correctionNotes: Partial<Record<OpinionMeasure, string>> = {};
  for (const measure of OPINION_MEASURES) {
    const plan = planCorrection(options.confusion[measure], MEASURE_LABELS[measure], {
      preferred: settings.correction,
      maxConditionNumber: settings.maxConditionNumber,
    });
    if (plan.reason !== undefined) correctionNotes[measure] = plan.reason;
    const vector = plan.method === 'pacc' ? 'probabilities' : 'labels';
    const estimator = new GroupEstimator(
      measure,
      plan,
      z,
      tally.dominantModel(measure),
      settings.poolingStrength,
    );
    const populationSample = sampleGroup(weighted, measure, vector);
    if (populationSample.observations === 0) continue;
    const population = estimator.estimate(POPULATION, populationSample);
    groups.push(population.estimate);
    margins.dimensions.forEach((dimension, index) => {
      for (const value of [...Object.keys(dimension.shares), UNKNOWN_GROUP]) {
        const members = weighted.filter(({ cell }) => cell.values[index] === value);
        const sample = sampleGroup(members, measure, vector);
        if (sample.observations < settings.minGroupObservations) continue;
        const pooling = {
          population: population.weightedShares,
          fraction: sample.perAuthor.totalWeight / populationSample.perAuthor.totalWeight,
        };
        groups.push(estimator.estimate({ dimension: dimension.name, value }, sample, pooling).estimate);
      }
    });
  }
  return {
    topicId: tally.topicId,
    bucketStartMs: tally.bucketStartMs,
    bucketEndMs: tally.bucketEndMs,
    groups,
    raking: raking.report,
    correctionNotes,
  };
}

interface Pooling {
  readonly population: SharesWithVariance;
  /** The group's part of the population's weight. */
  readonly fraction: number;
}

class GroupEstimator {
  constructor(
    private readonly measure: OpinionMeasure,
    private readonly plan: CorrectionPlan,
    private readonly z: number,
    private readonly model: string,
    private readonly poolingStrength: number,
  ) {}

  estimate(group: GroupKey, sample: GroupSample, pooling?: Pooling) {
    const raw = sample.labelCounts.map((count) =>
      wilsonInterval(count / sample.observations, sample.observations, this.z),
    );
    const corrected = this.plan.method === 'none' ? raw : this.corrected(sample);
    const nEff = sample.perAuthor.effectiveSampleSize;
    const unpooled = this.weightedShares(sample, nEff);
    const weightedShares =
      pooling === undefined
        ? unpooled
        : poolTowardPopulation({
            group: unpooled,
            population: pooling.population,
            nEff,
            populationFraction: pooling.fraction,
            strength: this.poolingStrength,
          });
    const weighted = weightedShares.shares.map((share, k) =>
      this.plan.method === 'none'
        ? wilsonInterval(share, nEff, this.z)
        : normalInterval(share, weightedShares.variances[k], this.z),
    );
    const estimate: GroupEstimate = {
      measure: this.measure,
      group,
      n: sample.observations,
      authors: sample.authors,
      nEff,
      raw,
      corrected,
      weighted,
      correction: this.plan.method,
      model: this.model,
    };
    return { estimate, weightedShares };
  }

  private corrected(sample: GroupSample): ShareInterval[] {
    const { shares, covariance } = this.correct(
      sample.perObservation.mean(),
      sample.perObservation.covarianceOfMean(),
    );
    return shares.map((share, k) => normalInterval(share, covariance[k][k], this.z));
  }

  /** Without a correction the variance is the binomial one at n_eff, as in the Wilson interval. */
  private weightedShares(sample: GroupSample, nEff: number): SharesWithVariance {
    if (this.plan.method === 'none') {
      const shares = sample.perAuthor.mean();
      return { shares, variances: shares.map((share) => (share * (1 - share)) / nEff) };
    }
    const { shares, covariance } = this.correct(sample.perAuthor.mean(), sample.perAuthor.covarianceOfMean());
    return { shares, variances: shares.map((_, k) => covariance[k][k]) };
  }

  private correct(shares: number[], covariance: number[][]) {
    if (this.plan.method === 'none') return { shares, covariance };
    return correctShares(this.plan, { shares, covariance });
  }
}

function checkSameDimensions(tallied: PopulationMargins, given: PopulationMargins): void {
  const names = (margins: PopulationMargins) =>
    margins.dimensions.map((dimension) => dimension.name).join(', ');
  if (names(tallied) !== names(given))
    throw new Error(`the bucket was tallied over dimensions ${names(tallied)}, not ${names(given)}`);
}
