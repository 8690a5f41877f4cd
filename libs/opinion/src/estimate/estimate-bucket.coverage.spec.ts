import { describe, expect, it } from 'vitest';
import { DEFAULT_OPINION_SETTINGS, type OpinionSettings } from '../config/opinion-settings';
import type { ConfusionMatrix, GroupEstimate, PopulationMargins, ShareInterval } from '../opinion-types';
import { BucketTally } from '../tally/bucket-tally';
import { estimateBucket } from './estimate-bucket';
import { seededRandom } from '@riptide/nlp';
import { drawIndex } from './random-draws';

// A simulated population with ground truth: accounts with demographics drawn from the margins, a latent
// stance per account that depends on the groups, posting rates that differ by group (men post three
// times as often), a classifier that errs, and a confusion matrix measured on a finite validation set.
// The estimand is the share of each stance among the accounts; the weighted 90% intervals should
// cover it about 90% of the time, and the raw estimate should miss it.

const HOUR = 3_600_000;
const margins: PopulationMargins = {
  dimensions: [
    { name: 'gender', shares: { female: 0.5, male: 0.5 } },
    { name: 'region', shares: { north: 0.4, south: 0.6 } },
  ],
};
/** P(predicted | true) of the simulated classifier. */
const RATES = [
  [0.75, 0.15, 0.1],
  [0.15, 0.7, 0.15],
  [0.1, 0.15, 0.75],
];
const VALIDATION_PER_LABEL = 200;

interface Account {
  readonly id: string;
  readonly gender: string;
  readonly region: string;
  readonly stance: number;
  readonly postingRate: number;
}

function stanceShares(gender: string, region: string): number[] {
  const favor = (gender === 'female' ? 0.5 : 0.2) + (region === 'north' ? 0.1 : 0);
  return [0.3, 0.7 - favor, favor];
}

function population(random: () => number, size: number): Account[] {
  return Array.from({ length: size }, (_, i) => {
    const gender = random() < 0.5 ? 'female' : 'male';
    const region = random() < 0.4 ? 'north' : 'south';
    return {
      id: `a${i}`,
      gender,
      region,
      stance: drawIndex(random, stanceShares(gender, region)),
      postingRate: gender === 'male' ? 0.09 : 0.03,
    };
  });
}

/** A post's probabilities: the predicted label made likelier, with noise. */
function score(random: () => number, trueLabel: number) {
  const label = drawIndex(random, RATES[trueLabel]);
  const raw = [0, 1, 2].map((k) => (k === label ? 1.5 : 0) + random());
  const total = raw[0] + raw[1] + raw[2];
  return { label, probs: raw.map((value) => value / total) };
}

function measuredConfusion(random: () => number): ConfusionMatrix {
  const counts = RATES.map(() => [0, 0, 0]);
  const sums = RATES.map(() => [0, 0, 0]);
  const squares = RATES.map(() => [0, 0, 0]);
  for (let j = 0; j < 3; j++)
    for (let i = 0; i < VALIDATION_PER_LABEL; i++) {
      const { label, probs } = score(random, j);
      counts[j][label] += 1;
      probs.forEach((p, k) => {
        sums[j][k] += p;
        squares[j][k] += p * p;
      });
    }
  const n = VALIDATION_PER_LABEL;
  return {
    model: 'm@1',
    labels: ['none', 'against', 'favor'],
    counts,
    meanProbs: sums.map((row) => row.map((sum) => sum / n)),
    probSd: sums.map((row, j) => row.map((sum, k) => Math.sqrt((squares[j][k] - (sum * sum) / n) / (n - 1)))),
  };
}

function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random(); product > limit; product *= random()) count += 1;
  return count;
}

function truthOf(accounts: readonly Account[], inGroup: (account: Account) => boolean): number[] {
  const members = accounts.filter(inGroup);
  return [0, 1, 2].map((k) => members.filter((account) => account.stance === k).length / members.length);
}

interface Tracked {
  readonly name: string;
  readonly select: (groups: readonly GroupEstimate[]) => GroupEstimate | undefined;
  readonly truth: number[];
  covered: number;
  intervals: number;
  /** Per label: mean signed error over the replicates. */
  readonly rawBias: number[];
  readonly weightedBias: number[];
}

function simulate(correction: OpinionSettings['correction'], seed: number, replicates: number) {
  const random = seededRandom(seed);
  const accounts = population(random, 12_000);
  const find = (dimension: string | null, value: string | null) => (groups: readonly GroupEstimate[]) =>
    groups.find((g) => g.measure === 'stance' && g.group.dimension === dimension && g.group.value === value);
  const tracked: Tracked[] = [
    { name: 'population', select: find(null, null), truth: truthOf(accounts, () => true) },
    { name: 'male', select: find('gender', 'male'), truth: truthOf(accounts, (a) => a.gender === 'male') },
    { name: 'north', select: find('region', 'north'), truth: truthOf(accounts, (a) => a.region === 'north') },
  ].map((entry) => ({ ...entry, covered: 0, intervals: 0, rawBias: [0, 0, 0], weightedBias: [0, 0, 0] }));
  const settings = { ...DEFAULT_OPINION_SETTINGS, correction };
  for (let replicate = 0; replicate < replicates; replicate++) {
    const confusion = measuredConfusion(random);
    const tally = new BucketTally('t', 0, HOUR, margins);
    for (const account of accounts)
      for (let post = poisson(random, account.postingRate); post > 0; post--) {
        const scored = score(random, account.stance);
        tally.add({
          authorId: account.id,
          timeMs: 0,
          demographics: { gender: account.gender, region: account.region },
          stance: scored,
          sentiment: scored,
          models: { stance: 'm@1', sentiment: 'm@1' },
        });
      }
    const estimate = estimateBucket(tally, { margins, confusion: { stance: confusion }, settings });
    for (const entry of tracked) {
      const group = entry.select(estimate.groups);
      if (group === undefined) throw new Error(`no estimate for ${entry.name}`);
      expect(group.correction).toBe(correction);
      group.weighted.forEach((interval: ShareInterval, k) => {
        entry.intervals += 1;
        if (interval.low <= entry.truth[k] && entry.truth[k] <= interval.high) entry.covered += 1;
        entry.weightedBias[k] += (interval.share - entry.truth[k]) / replicates;
        entry.rawBias[k] += (group.raw[k].share - entry.truth[k]) / replicates;
      });
    }
  }
  return tracked;
}

const largest = (values: readonly number[]) => Math.max(...values.map(Math.abs));

describe('estimateBucket on a simulated population', () => {
  // About 700 posts an hour from 12,000 accounts; 200 validation examples per true label.
  for (const correction of ['pacc', 'acc'] as const)
    it(`gives honest 90% intervals and removes the bias of raw counting (${correction})`, () => {
      const results = simulate(correction, correction === 'pacc' ? 11 : 12, 200);
      const coverage =
        results.reduce((sum, result) => sum + result.covered, 0) /
        results.reduce((sum, result) => sum + result.intervals, 0);
      expect(coverage).toBeGreaterThan(0.85);
      expect(coverage).toBeLessThan(0.95);
      const [population] = results;
      expect(largest(population.rawBias)).toBeGreaterThan(0.03);
      expect(largest(population.weightedBias)).toBeLessThan(0.01);
    });
});
