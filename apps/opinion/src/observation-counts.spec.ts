import type { StanceObservation } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { ObservationCounts } from './observation-counts';
import { opinionMetrics } from './opinion-metrics';

const margins = { dimensions: [{ name: 'region', shares: { north: 0.5, south: 0.5 } }] };

function observation(label: 'favor' | 'against', demographics: Record<string, string>): StanceObservation {
  return {
    schema: 'stance-observation/v1',
    post_id: 'p',
    author_id: 'a',
    topic_id: 'counts-spec',
    created_at: '2026-12-04T10:00:00Z',
    stance: { label, probs: label === 'favor' ? [0.1, 0.1, 0.8] : [0.1, 0.8, 0.1] },
    sentiment: { label: 'neutral', probs: [0.2, 0.6, 0.2] },
    demographics,
    model: 'stance-test@1',
  };
}

type Labels = { topic: string; label: string; dimension: string; group?: string };

async function value(labels: Labels): Promise<number> {
  const { values } = await opinionMetrics.observations.get();
  const matches = (sample: (typeof values)[number]) =>
    (Object.keys(labels) as (keyof Labels)[]).every((key) => sample.labels[key] === labels[key]);
  return values.find(matches)?.value ?? 0;
}

describe('ObservationCounts', () => {
  it('adds a batch to the counter once per label set: the population, and each dimension with unknowns', async () => {
    const counts = new ObservationCounts(margins);
    counts.add(observation('favor', { region: 'north' }));
    counts.add(observation('favor', { region: 'north' }));
    counts.add(observation('favor', { region: 'mars' })); // not in the population file
    counts.add(observation('against', {}));
    expect(await value({ topic: 'counts-spec', label: 'favor', dimension: 'all' })).toBe(0);
    counts.flush();
    const of = (label: string, dimension: string, group: string) =>
      value({ topic: 'counts-spec', label, dimension, group });
    expect(await of('favor', 'all', 'all')).toBe(3);
    expect(await of('favor', 'region', 'north')).toBe(2);
    expect(await of('favor', 'region', 'unknown')).toBe(1);
    expect(await of('against', 'region', 'unknown')).toBe(1);
    counts.flush(); // nothing new: flushing twice adds nothing
    expect(await of('favor', 'all', 'all')).toBe(3);
  });
});
