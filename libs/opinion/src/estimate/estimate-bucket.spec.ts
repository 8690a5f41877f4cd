import { describe, expect, it } from 'vitest';
import { DEFAULT_OPINION_SETTINGS, type OpinionSettings } from '../config/opinion-settings';
import type { ConfusionMatrix, GroupEstimate, OpinionObservation, PopulationMargins } from '../opinion-types';
import { BucketTally } from '../tally/bucket-tally';
import { estimateBucket } from './estimate-bucket';
import { seededRandom } from '@riptide/nlp';

const HOUR = 3_600_000;
const LABELS = ['none', 'against', 'favor'];
const margins: PopulationMargins = {
  dimensions: [
    { name: 'gender', shares: { female: 0.5, male: 0.5 } },
    { name: 'region', shares: { north: 0.4, south: 0.6 } },
  ],
};

function post(authorId: string, demographics: Record<string, string>, stance: number[], label?: number) {
  const observation: OpinionObservation = {
    authorId,
    timeMs: 0,
    demographics,
    stance: { probs: stance, label: label ?? stance.indexOf(Math.max(...stance)) },
    sentiment: { probs: [0.1, 0.8, 0.1], label: 1 },
    models: { stance: 'stance-small@1', sentiment: 'sentiment-small@1' },
  };
  return observation;
}

function groupOf(
  groups: readonly GroupEstimate[],
  dimension: string | null,
  value: string | null,
  measure = 'stance',
) {
  const found = groups.find(
    (group) =>
      group.measure === measure && group.group.dimension === dimension && group.group.value === value,
  );
  if (found === undefined) throw new Error(`no estimate for ${dimension}=${value}`);
  return found;
}

const settings: OpinionSettings = {
  ...DEFAULT_OPINION_SETTINGS,
  minGroupObservations: 1,
  poolingStrength: 0,
};

describe('estimateBucket', () => {
  it('counts each account once in the weighted share, where raw counts every post (hand-computed)', () => {
    // 10 women favor and post 5 times each; 10 men are against and post once. Margins 50/50, as sampled.
    const tally = new BucketTally('t', 0, HOUR, margins);
    for (let i = 0; i < 10; i++) {
      const region = i % 5 < 2 ? 'north' : 'south';
      for (let p = 0; p < 5; p++) tally.add(post(`f${i}`, { gender: 'female', region }, [0, 0, 1]));
      tally.add(post(`m${i}`, { gender: 'male', region }, [0, 1, 0]));
    }
    const estimate = estimateBucket(tally, { margins, confusion: {}, settings });
    const population = groupOf(estimate.groups, null, null);
    expect(population).toMatchObject({ n: 60, authors: 20, correction: 'none', model: 'stance-small@1' });
    expect(population.raw[2].share).toBeCloseTo(50 / 60, 12);
    expect(population.corrected).toEqual(population.raw);
    expect(population.weighted[2].share).toBeCloseTo(0.5, 9);
    expect(population.nEff).toBeCloseTo(20, 9);
    expect(groupOf(estimate.groups, 'gender', 'male').weighted[1].share).toBeCloseTo(1, 9);
    expect(estimate.raking).toMatchObject({ converged: true, iterations: 0 });
    expect(estimate.correctionNotes?.stance).toMatch(/no confusion matrix/);
  });

  it('reweights a group that posts more down to its population share', () => {
    // 30 women favor, 10 men against (both regions in proportion): the sample is 75% women, the
    // population 50%, so the weighted favor share is 0.5, the raw one 0.75.
    const tally = new BucketTally('t', 0, HOUR, margins);
    for (let i = 0; i < 30; i++)
      tally.add(post(`f${i}`, { gender: 'female', region: i % 5 < 2 ? 'north' : 'south' }, [0, 0, 1]));
    for (let i = 0; i < 10; i++)
      tally.add(post(`m${i}`, { gender: 'male', region: i % 5 < 2 ? 'north' : 'south' }, [0, 1, 0]));
    const population = groupOf(
      estimateBucket(tally, { margins, confusion: {}, settings }).groups,
      null,
      null,
    );
    expect(population.raw[2].share).toBeCloseTo(0.75, 12);
    expect(population.weighted[2].share).toBeCloseTo(0.5, 6);
    // Kish: 30 weights of 2/3 and 10 of 2 (mean 1): (40)² / (30 · 4/9 + 10 · 4) = 30.
    expect(population.nEff).toBeCloseTo(30, 6);
  });

  it("weights a group's share with the raking weights restricted to the group (hand-computed)", () => {
    // Regions sampled 60/20 against margins 50/50: north weighs 2/3, south 2 (gender is balanced).
    // Women: 30 in the north favor, 10 in the south are against; weighted, 20 against 20.
    const balanced: PopulationMargins = {
      dimensions: [margins.dimensions[0], { name: 'region', shares: { north: 0.5, south: 0.5 } }],
    };
    const tally = new BucketTally('t', 0, HOUR, balanced);
    for (let i = 0; i < 30; i++) {
      tally.add(post(`fn${i}`, { gender: 'female', region: 'north' }, [0, 0, 1]));
      tally.add(post(`mn${i}`, { gender: 'male', region: 'north' }, [1, 0, 0]));
    }
    for (let i = 0; i < 10; i++) {
      tally.add(post(`fs${i}`, { gender: 'female', region: 'south' }, [0, 1, 0]));
      tally.add(post(`ms${i}`, { gender: 'male', region: 'south' }, [1, 0, 0]));
    }
    const estimate = estimateBucket(tally, { margins: balanced, confusion: {}, settings });
    const women = groupOf(estimate.groups, 'gender', 'female');
    expect(women.raw[2].share).toBeCloseTo(0.75, 12);
    expect(women.weighted[2].share).toBeCloseTo(0.5, 9);
    expect(women.weighted[1].share).toBeCloseTo(0.5, 9);
    // Kish within the group: 30 weights of 2/3 and 10 of 2: 40² / (30 · 4/9 + 40) = 30.
    expect(women.nEff).toBeCloseTo(30, 9);
    expect(estimate.raking).toMatchObject({ converged: true, iterations: 1 });
  });

  it('refuses margins over other dimensions than the tally', () => {
    const tally = new BucketTally('t', 0, HOUR, margins);
    const other: PopulationMargins = { dimensions: [margins.dimensions[0]] };
    expect(() => estimateBucket(tally, { margins: other, confusion: {}, settings })).toThrow(/tallied over/);
  });

  it('undoes the classifier errors exactly when the probabilities are the expected ones (PACC)', () => {
    const meanProbs = [
      [0.7, 0.2, 0.1],
      [0.2, 0.6, 0.2],
      [0.1, 0.2, 0.7],
    ];
    const confusion: ConfusionMatrix = {
      model: 'stance-small@1',
      labels: LABELS,
      counts: [
        [8e6, 1e6, 1e6],
        [2e6, 7e6, 1e6],
        [1e6, 2e6, 7e6],
      ],
      meanProbs,
      probSd: meanProbs.map((row) => row.map(() => 0.1)),
    };
    // True shares 0.5 none, 0.3 against, 0.2 favor, each author scored at its row's mean probabilities.
    const tally = new BucketTally('t', 0, HOUR, margins);
    const trueLabels = [...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)];
    trueLabels.forEach((label, i) =>
      tally.add(
        post(
          `a${i}`,
          { gender: i % 2 ? 'male' : 'female', region: i % 5 < 2 ? 'north' : 'south' },
          meanProbs[label],
        ),
      ),
    );
    const estimate = estimateBucket(tally, { margins, confusion: { stance: confusion }, settings });
    const population = groupOf(estimate.groups, null, null);
    expect(population.correction).toBe('pacc');
    expect(population.raw[0].share).toBe(0.5);
    [0.5, 0.3, 0.2].forEach((share, k) => expect(population.corrected[k].share).toBeCloseTo(share, 9));
    // Every author scored exactly at the mean: the only spread is between true labels.
    expect(population.corrected[2].variance).toBeGreaterThan(0);
    expect(groupOf(estimate.groups, null, null, 'sentiment').correction).toBe('none');
  });

  it('reports every configured group with enough observations, plus unknown, each interval around its share', () => {
    const random = seededRandom(3);
    const tally = new BucketTally('t', 0, HOUR, margins);
    for (let i = 0; i < 400; i++) {
      const region: Record<string, string> =
        random() < 0.1 ? {} : { region: random() < 0.4 ? 'north' : 'south' };
      const probs = [random(), random(), random()];
      const total = probs[0] + probs[1] + probs[2];
      tally.add(
        post(
          `a${i % 150}`,
          { gender: random() < 0.7 ? 'female' : 'male', ...region },
          probs.map((p) => p / total),
        ),
      );
    }
    tally.add(post('lonely', { gender: 'female', region: 'mars' }, [1, 0, 0]));
    const estimate = estimateBucket(tally, {
      margins,
      confusion: {},
      settings: { ...DEFAULT_OPINION_SETTINGS, poolingStrength: 20 },
    });
    const keys = estimate.groups
      .filter((group) => group.measure === 'stance')
      .map((group) => `${group.group.dimension}=${group.group.value}`);
    expect(keys).toEqual([
      'null=null',
      'gender=female',
      'gender=male',
      'region=north',
      'region=south',
      'region=unknown',
    ]);
    for (const group of estimate.groups)
      for (const interval of [...group.raw, ...group.corrected, ...group.weighted]) {
        expect(interval.low).toBeLessThanOrEqual(interval.share);
        expect(interval.high).toBeGreaterThanOrEqual(interval.share);
        // Sentiment is constant in this sample: its variances are 0.
        if (group.measure === 'stance') expect(interval.variance).toBeGreaterThan(0);
      }
  });

  it('leaves out groups below the minimum and nothing at all for an empty bucket', () => {
    const tally = new BucketTally('t', 0, HOUR, margins);
    const empty = estimateBucket(tally, { margins, confusion: {}, settings: DEFAULT_OPINION_SETTINGS });
    expect(empty.groups).toEqual([]);
    tally.add(post('a', { gender: 'female' }, [1, 0, 0]));
    const one = estimateBucket(tally, { margins, confusion: {}, settings: DEFAULT_OPINION_SETTINGS });
    expect(one.groups.map((group) => group.group.dimension)).toEqual([null, null]);
  });
});
