import { stanceObservationCodec } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { syntheticStanceObservation, type ObservationVocabulary } from './synthetic-stance-observation';

const vocabulary: ObservationVocabulary = {
  topicIds: ['abortion', 'climate'],
  dimensions: [
    { name: 'age_group', shares: { young: 0.4, old: 0.6 } },
    { name: 'region', shares: { north: 0.5, south: 0.5 } },
  ],
  stanceModel: 'stance-accurate@0.4.0',
  sentimentModel: 'sentiment-accurate@0.4.0',
};
const AT = Date.UTC(2026, 10, 2);
const observations = Array.from({ length: 5_000 }, (_, index) =>
  syntheticStanceObservation(index, AT + index, vocabulary),
);

describe('syntheticStanceObservation', () => {
  it('writes valid stance-observation/v1 messages, the same for the same index', () => {
    for (const observation of observations)
      expect(stanceObservationCodec.decode(stanceObservationCodec.encode(observation)).ok).toBe(true);
    expect(syntheticStanceObservation(42, AT + 42, vocabulary)).toEqual(observations[42]);
  });

  it('keeps an author’s demographics and stance on a topic from post to post', () => {
    const byAuthorAndTopic = new Map<string, Set<string>>();
    for (const { author_id, topic_id, demographics } of observations) {
      const key = `${author_id} ${topic_id}`;
      byAuthorAndTopic.set(key, (byAuthorAndTopic.get(key) ?? new Set()).add(JSON.stringify(demographics)));
    }
    expect([...byAuthorAndTopic.values()].every((seen) => seen.size === 1)).toBe(true);
  });

  it('draws groups near their margins with some authors unknown, and labels from the probabilities', () => {
    const ages = observations.map((observation) => observation.demographics.age_group ?? 'unknown');
    const share = (value: string) => ages.filter((age) => age === value).length / ages.length;
    expect(share('unknown')).toBeGreaterThan(0.08);
    expect(share('unknown')).toBeLessThan(0.25);
    expect(share('old') / share('young')).toBeCloseTo(1.5, 0);
    for (const { stance } of observations.slice(0, 200))
      expect(stance.probs.indexOf(Math.max(...stance.probs))).toBe(
        ['none', 'against', 'favor'].indexOf(stance.label),
      );
  });
});
