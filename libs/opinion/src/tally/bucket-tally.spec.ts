import { describe, expect, it } from 'vitest';
import { UNKNOWN_GROUP, type OpinionObservation, type PopulationMargins } from '../opinion-types';
import { BucketTally } from './bucket-tally';

const margins: PopulationMargins = {
  dimensions: [
    { name: 'gender', shares: { female: 0.5, male: 0.5 } },
    { name: 'region', shares: { north: 0.4, south: 0.6 } },
  ],
};

function observation(
  authorId: string,
  demographics: Record<string, string>,
  stance: readonly number[],
  timeMs = 1_000,
): OpinionObservation {
  return {
    authorId,
    timeMs,
    demographics,
    stance: { probs: stance, label: stance.indexOf(Math.max(...stance)) },
    sentiment: { probs: [0.2, 0.5, 0.3], label: 1 },
    models: { stance: 'stance-small@1', sentiment: 'sentiment-small@1' },
  };
}

describe('BucketTally', () => {
  it('sums soft and hard counts per author inside each cell', () => {
    const tally = new BucketTally('abortion', 0, 3_600_000, margins);
    tally.add(observation('a', { gender: 'female', region: 'north' }, [0.1, 0.7, 0.2]));
    tally.add(observation('a', { gender: 'female', region: 'north' }, [0.3, 0.2, 0.5]));
    tally.add(observation('b', { gender: 'male', region: 'south' }, [0.6, 0.3, 0.1]));
    expect(tally.observations).toBe(3);
    const cells = [...tally.cells()];
    expect(cells.map((cell) => cell.values)).toEqual([
      ['female', 'north'],
      ['male', 'south'],
    ]);
    const author = cells[0].authors.get('a');
    expect(author?.observations).toBe(2);
    expect([...(author?.measures.stance.probSums ?? [])].map((value) => +value.toFixed(12))).toEqual([
      0.4, 0.9, 0.7,
    ]);
    expect([...(author?.measures.stance.labelCounts ?? [])]).toEqual([0, 1, 1]);
    expect([...(author?.measures.sentiment.labelCounts ?? [])]).toEqual([0, 2, 0]);
    expect(cells[0].observations).toBe(2);
  });

  it('puts missing and unconfigured values in unknown, counting the unconfigured ones apart', () => {
    const tally = new BucketTally('abortion', 0, 3_600_000, margins);
    tally.add(observation('a', { region: 'north' }, [1, 0, 0]));
    tally.add(observation('b', { gender: 'nonbinary', region: 'mars' }, [1, 0, 0]));
    tally.add(observation('c', { gender: 'nonbinary', region: 'south' }, [1, 0, 0]));
    expect([...tally.cells()].map((cell) => cell.values)).toEqual([
      [UNKNOWN_GROUP, 'north'],
      [UNKNOWN_GROUP, UNKNOWN_GROUP],
      [UNKNOWN_GROUP, 'south'],
    ]);
    expect(tally.unrecognised()).toEqual({ gender: 2, region: 1 });
  });

  it('keeps one entry per author and cell however many times the author posts', () => {
    const tally = new BucketTally('abortion', 0, 3_600_000, margins);
    for (let i = 0; i < 1_000; i++) tally.add(observation(`author-${i % 7}`, { gender: 'male' }, [0, 1, 0]));
    const cells = [...tally.cells()];
    expect(cells).toHaveLength(1);
    expect(cells[0].authors.size).toBe(7);
  });

  it('names the dominant model and refuses observations outside the bucket or with a bad vector', () => {
    const tally = new BucketTally('abortion', 0, 3_600_000, margins);
    tally.add(observation('a', {}, [1, 0, 0]));
    expect(tally.dominantModel('stance')).toBe('stance-small@1');
    expect(() => tally.add(observation('a', {}, [1, 0, 0], 3_600_000))).toThrow(/outside the bucket/);
    expect(() => tally.add(observation('a', {}, [0.5, 0.5]))).toThrow(/3 probabilities/);
  });
});
