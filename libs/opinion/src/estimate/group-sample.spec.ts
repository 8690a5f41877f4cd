import { describe, expect, it } from 'vitest';
import type { OpinionObservation, PopulationMargins } from '../opinion-types';
import { BucketTally } from '../tally/bucket-tally';
import { sampleGroup } from './group-sample';

const margins: PopulationMargins = { dimensions: [{ name: 'gender', shares: { female: 0.5, male: 0.5 } }] };

function post(authorId: string, gender: string, probs: number[], label: number): OpinionObservation {
  return {
    authorId,
    timeMs: 0,
    demographics: { gender },
    stance: { probs, label },
    sentiment: { probs: [0, 1, 0], label: 1 },
    models: { stance: 's@1', sentiment: 'e@1' },
  };
}

function tallied() {
  const tally = new BucketTally('t', 0, 1000, margins);
  tally.add(post('a', 'female', [0.2, 0.2, 0.6], 2));
  tally.add(post('a', 'female', [0.6, 0.2, 0.2], 0));
  tally.add(post('b', 'male', [0.1, 0.8, 0.1], 1));
  return [...tally.cells()];
}

describe('sampleGroup', () => {
  it("averages each author's posts, weighting by posts per observation and by raking weight per author", () => {
    const [women, men] = tallied();
    const sample = sampleGroup(
      [
        { cell: women, weight: 1 },
        { cell: men, weight: 3 },
      ],
      'stance',
      'probabilities',
    );
    expect(sample).toMatchObject({ observations: 3, authors: 2, labelCounts: [1, 1, 1] });
    // Author a's mean is [0.4, 0.2, 0.4]; per observation a counts twice, b once.
    expect(sample.perObservation.mean()[0]).toBeCloseTo((2 * 0.4 + 0.1) / 3, 12);
    // Per author with raking weights 1 and 3.
    expect(sample.perAuthor.mean()[1]).toBeCloseTo((0.2 + 3 * 0.8) / 4, 12);
  });

  it('uses the chosen labels as one-hot vectors for ACC', () => {
    const [women] = tallied();
    const sample = sampleGroup([{ cell: women, weight: 1 }], 'stance', 'labels');
    expect(sample.perAuthor.mean()).toEqual([0.5, 0, 0.5]);
  });

  it('counts authors equally within a group whose raking weights are all 0', () => {
    const [women, men] = tallied();
    const sample = sampleGroup(
      [
        { cell: women, weight: 0 },
        { cell: men, weight: 0 },
      ],
      'stance',
      'labels',
    );
    expect(sample.perAuthor.totalWeight).toBe(2);
  });
});
