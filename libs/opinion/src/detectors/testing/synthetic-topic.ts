// Synthetic bucket estimates for the detector specs: a topic's groups with known true shares, noise
// of the size the estimation reports, and optionally one planted step. Not the population simulator
// (libs/opinion/src/simulation): no posts, no classifier, just the series the detectors would see.
import { STANCE_LABELS, type StanceLabel } from '@riptide/contracts';
import { seededRandom } from '@riptide/nlp';
import { zForConfidence } from '../../intervals/inverse-normal';
import { normalInterval } from '../../intervals/normal-interval';
import type { BucketEstimate, GroupEstimate, GroupKey, ShareInterval } from '../../opinion-types';

const HOUR_MS = 3_600_000;
const BUCKETS_PER_DAY = 24;

/** A group and the share of the topic's observations it holds. */
export interface SyntheticGroup {
  readonly group: GroupKey;
  readonly fraction: number;
}

const group = (dimension: string, value: string, fraction: number): SyntheticGroup => ({
  group: { dimension, value },
  fraction,
});

/** 13 groups as a topic with gender, age and region margins would have; `age_group=65+` is 15%. */
export const SYNTHETIC_GROUPS: readonly SyntheticGroup[] = [
  { group: { dimension: null, value: null }, fraction: 1 },
  group('gender', 'female', 0.45),
  group('gender', 'male', 0.45),
  group('gender', 'unknown', 0.1),
  group('age_group', '18-29', 0.35),
  group('age_group', '30-44', 0.3),
  group('age_group', '45-64', 0.2),
  group('age_group', '65+', 0.15),
  group('region', 'north', 0.3),
  group('region', 'south', 0.3),
  group('region', 'east', 0.2),
  group('region', 'west', 0.15),
  group('region', 'unknown', 0.05),
];

export const PLANTED_GROUP = SYNTHETIC_GROUPS[7].group;

export interface PlantedStep {
  readonly group: GroupKey;
  readonly label: 'against' | 'favor';
  readonly size: number;
  readonly atBucket: number;
}

export interface SyntheticTopicOptions {
  readonly seed: number;
  readonly buckets: number;
  /** Observations per bucket on average (24,000 a day: 1,000). */
  readonly volume?: number;
  /** Standard error of a group's share at 150 observations in a bucket (scales as 1 / sqrt(n)). */
  readonly standardErrorAt150?: number;
  /** Relative amplitude of the daily cycle in volume. */
  readonly dailyAmplitude?: number;
  /** Reported variance over the true noise variance (1: honest; below 1: the estimates understate). */
  readonly reportedVarianceRatio?: number;
  readonly step?: PlantedStep;
}

/**
 * Bucket estimates of one topic: each group's true against/favor shares drawn per seed, noise normal
 * with a standard error of standardErrorAt150 · sqrt(150 / n), n the group's observations in the
 * bucket (1,000 × fraction × a daily cycle), so a 15% group sits at about 0.057-0.078 as the
 * corrected shares do. A planted step moves its group's label by `size` from `atBucket` on (taken from
 * `none`), and every group of another dimension, and the population, by `size` × the group's fraction
 * (dimensions are independent). Noise is independent across groups: the overlap of groups is ignored.
 */
export function syntheticTopic(options: SyntheticTopicOptions): BucketEstimate[] {
  const random = seededRandom(options.seed);
  const volume = options.volume ?? 1000;
  const standardErrorAt150 = options.standardErrorAt150 ?? 0.065;
  const amplitude = options.dailyAmplitude ?? 0.3;
  const varianceRatio = options.reportedVarianceRatio ?? 1;
  const trueShares = SYNTHETIC_GROUPS.map(() => {
    const against = 0.2 + 0.2 * random();
    return { against, favor: 0.15 + 0.2 * random() };
  });
  const step = options.step;
  const planted = step
    ? SYNTHETIC_GROUPS.find((candidate) => sameGroup(candidate.group, step.group))
    : undefined;

  return Array.from({ length: options.buckets }, (_, bucket) => {
    const cycle = 1 + amplitude * Math.sin((2 * Math.PI * bucket) / BUCKETS_PER_DAY);
    const groups = SYNTHETIC_GROUPS.map(({ group: key, fraction }, index): GroupEstimate => {
      const n = Math.max(1, Math.round(volume * fraction * cycle));
      const standardError = standardErrorAt150 * Math.sqrt(150 / n);
      const truth = { ...trueShares[index] };
      if (step && planted && bucket >= step.atBucket) {
        const moved = sameGroup(key, step.group)
          ? step.size
          : key.dimension !== planted.group.dimension
            ? step.size * planted.fraction
            : 0;
        truth[step.label] += moved;
      }
      const noisy = (share: number): ShareInterval =>
        normalInterval(
          share + standardError * gaussian(random),
          standardError * standardError * varianceRatio,
          zForConfidence(0.9),
        );
      const against = noisy(truth.against);
      const favor = noisy(truth.favor);
      const none = noisy(1 - truth.against - truth.favor);
      const byLabel: Record<StanceLabel, ShareInterval> = { none, against, favor };
      const shares = STANCE_LABELS.map((label) => byLabel[label]);
      return {
        measure: 'stance',
        group: key,
        n,
        authors: n,
        nEff: n,
        raw: shares,
        corrected: shares,
        weighted: shares,
        correction: 'pacc',
        model: 'synthetic@1',
      };
    });
    return {
      topicId: 'topic-1',
      bucketStartMs: bucket * HOUR_MS,
      bucketEndMs: (bucket + 1) * HOUR_MS,
      groups,
      raking: { iterations: 1, converged: true, maxMarginError: 0, cappedShare: 0 },
    };
  });
}

function sameGroup(a: GroupKey, b: GroupKey): boolean {
  return a.dimension === b.dimension && a.value === b.value;
}

/** A standard normal deviate (Box-Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
