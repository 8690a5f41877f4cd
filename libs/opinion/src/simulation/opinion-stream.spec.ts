import { describe, expect, it } from 'vitest';
import type { PopulationMargins } from '../opinion-types';
import {
  simulateOpinionStream,
  type OpinionSimulation,
  type OpinionSimulationOptions,
} from './opinion-stream';
import type { GroupTruth, PlantedShift } from './simulation-types';

const margins: PopulationMargins = {
  dimensions: [
    { name: 'age_group', shares: { '18-29': 0.2, '30-44': 0.26, '45-64': 0.33, '65+': 0.21 } },
    { name: 'gender', shares: { female: 0.51, male: 0.49 } },
  ],
};
const FAVOR = 2;
// Texts 0..2 stand for "a text of label 0..2": enough to check that texts follow the true label.
const base: OpinionSimulationOptions = {
  seed: 11,
  topicId: 'climate',
  margins,
  accounts: 5_000,
  buckets: 6,
  volumePerDay: 48_000,
  drawText: (label) => label,
};
const shift = (kind: PlantedShift['kind']): PlantedShift => ({
  topicId: 'climate',
  group: { dimension: 'age_group', value: '45-64' },
  size: 0.1,
  startBucket: 3,
  kind,
});

const groupOf = (simulation: OpinionSimulation, bucket: number, value: string): GroupTruth =>
  simulation.buckets[bucket].truth.groups.find((truth) => truth.group.value === value)!;

/** Share of favor among the observed posts of accounts reporting `value`, over the given buckets. */
function observedFavor(simulation: OpinionSimulation, buckets: number[], value: string): number {
  let favor = 0;
  let all = 0;
  for (const bucket of buckets) {
    for (const observation of simulation.buckets[bucket].observations) {
      if (simulation.accounts[observation.accountIndex].demographics.age_group !== value) continue;
      all++;
      if (observation.trueLabel === FAVOR) favor++;
    }
  }
  return favor / all;
}

describe('simulateOpinionStream', () => {
  it('reproduces the margins, with the configured share of accounts unknown', () => {
    const exact = simulateOpinionStream({ ...base, unknownShare: 0, buckets: 1 });
    const ageCounts = new Map<string, number>();
    for (const account of exact.accounts)
      ageCounts.set(account.demographics.age_group, (ageCounts.get(account.demographics.age_group) ?? 0) + 1);
    expect(Object.fromEntries(ageCounts)).toEqual({
      '18-29': 1000,
      '30-44': 1300,
      '45-64': 1650,
      '65+': 1050,
    });

    const partly = simulateOpinionStream({ ...base, unknownShare: 0.1, buckets: 1 });
    const unknown = partly.buckets[0].truth.groups.find(
      (truth) => truth.group.dimension === 'gender' && truth.group.value === 'unknown',
    );
    expect(unknown?.accounts).toBe(500);
  });

  it('over-represents the young among posts, and texts follow the true label', () => {
    const simulation = simulateOpinionStream(base);
    const young = groupOf(simulation, 0, '18-29');
    const old = groupOf(simulation, 0, '65+');
    expect(young.streamShare / 0.2).toBeGreaterThan(1.8);
    expect(old.streamShare / 0.21).toBeLessThan(0.5);
    const observations = simulation.buckets.flatMap((bucket) => bucket.observations);
    const observedYoung =
      observations.filter((o) => simulation.accounts[o.accountIndex].demographics.age_group === '18-29')
        .length / observations.length;
    expect(observedYoung).toBeGreaterThan(0.3);
    expect(observations.every((o) => o.textIndex === o.trueLabel)).toBe(true);
  });

  it('a planted persuasion shift moves the account-level share of its group by its size, and of no other group of that dimension', () => {
    const simulation = simulateOpinionStream({ ...base, shifts: [shift('persuasion')] });
    const before = groupOf(simulation, 2, '45-64');
    const after = groupOf(simulation, 3, '45-64');
    expect(after.accountShares[FAVOR] - before.accountShares[FAVOR]).toBeCloseTo(0.1, 3);
    for (const value of ['18-29', '30-44', '65+'])
      expect(groupOf(simulation, 3, value).accountShares).toEqual(
        groupOf(simulation, 2, value).accountShares,
      );
    const population = simulation.buckets.map((bucket) => bucket.truth.population.accountShares[FAVOR]);
    expect(population[3] - population[2]).toBeCloseTo((0.1 * before.accounts) / 5_000, 3);
    expect(simulation.buckets[3].truth.activeShifts).toHaveLength(1);
    expect(simulation.buckets[2].truth.activeShifts).toHaveLength(0);
    // The posts follow: the group's observed favor share rises by about the size.
    expect(
      observedFavor(simulation, [3, 4, 5], '45-64') - observedFavor(simulation, [0, 1, 2], '45-64'),
    ).toBeGreaterThan(0.06);
  });

  it('a composition shift moves who posts, not what any account thinks', () => {
    const simulation = simulateOpinionStream({ ...base, shifts: [shift('composition')] });
    const before = groupOf(simulation, 2, '45-64');
    const after = groupOf(simulation, 3, '45-64');
    expect(after.postingShares[FAVOR] - before.postingShares[FAVOR]).toBeCloseTo(0.1, 6);
    expect(after.streamShare).toBeGreaterThan(before.streamShare);
    for (let bucket = 1; bucket < 6; bucket++) {
      expect(simulation.buckets[bucket].truth.population.accountShares).toEqual(
        simulation.buckets[0].truth.population.accountShares,
      );
      expect(groupOf(simulation, bucket, '45-64').accountShares).toEqual(before.accountShares);
    }
    expect(
      observedFavor(simulation, [3, 4, 5], '45-64') - observedFavor(simulation, [0, 1, 2], '45-64'),
    ).toBeGreaterThan(0.06);
  });

  it('the same seed gives the same stream; another seed another', () => {
    const first = simulateOpinionStream({
      ...base,
      buckets: 2,
      shifts: [{ ...shift('persuasion'), startBucket: 1 }],
    });
    const again = simulateOpinionStream({
      ...base,
      buckets: 2,
      shifts: [{ ...shift('persuasion'), startBucket: 1 }],
    });
    expect(again).toEqual(first);
    const other = simulateOpinionStream({ ...base, seed: 12, buckets: 2 });
    expect(other.buckets[0].observations).not.toEqual(first.buckets[0].observations);
  });

  it('refuses a shift it cannot plant', () => {
    expect(() =>
      simulateOpinionStream({
        ...base,
        shifts: [{ ...shift('persuasion'), group: { dimension: 'age_group', value: '99+' } }],
      }),
    ).toThrow(/no account is in that group/);
    expect(() =>
      simulateOpinionStream({ ...base, shifts: [{ ...shift('composition'), startBucket: 6 }] }),
    ).toThrow(/outside 0\.\.5/);
  });
});
