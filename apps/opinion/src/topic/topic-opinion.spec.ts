import { DEFAULT_OPINION_SETTINGS, type OpinionObservation, type PopulationMargins } from '@riptide/opinion';
import { describe, expect, it } from 'vitest';
import { TopicOpinion } from './topic-opinion';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const margins: PopulationMargins = {
  dimensions: [{ name: 'age_group', shares: { young: 0.4, old: 0.6 } }],
};

function observation(index: number, timeMs: number, favor = index % 2 === 0): OpinionObservation {
  const stance = favor ? [0.1, 0.1, 0.8] : [0.1, 0.8, 0.1];
  return {
    authorId: `a${index}`,
    timeMs,
    stance: { probs: stance, label: favor ? 2 : 1 },
    sentiment: { probs: [0.2, 0.6, 0.2], label: 1 },
    demographics: { age_group: index % 3 === 0 ? 'young' : 'old' },
    models: { stance: 'stance-test@1', sentiment: 'sentiment-test@1' },
  };
}

function topic(latenessMs = 60_000) {
  return new TopicOpinion({
    topicId: 'climate',
    margins,
    settings: DEFAULT_OPINION_SETTINGS,
    latenessMs,
    horizonBuckets: 24,
    confusionFor: () => undefined,
  });
}

function populationStance(closed: ReturnType<TopicOpinion['closeDue']>[number]) {
  return closed.estimate.groups.find((group) => group.measure === 'stance' && group.group.dimension === null);
}

describe('TopicOpinion', () => {
  it('closes a bucket once the newest event time passes its end plus the lateness', () => {
    const state = topic(60_000);
    for (let i = 0; i < 40; i++) state.add(observation(i, T0 + i * 60_000)); // 00:00 .. 00:39
    expect(state.closeDue()).toEqual([]);
    state.add(observation(40, T0 + HOUR + 30_000)); // 01:00:30: the watermark is 00:59:30
    expect(state.closeDue()).toEqual([]);
    state.add(observation(41, T0 + HOUR + 60_000)); // 01:01:00: the watermark reaches 01:00
    const closed = state.closeDue();
    expect(closed.map((bucket) => bucket.estimate.bucketStartMs)).toEqual([T0]);
    expect(populationStance(closed[0])?.n).toBe(40);
    expect(state.openBuckets).toBe(1);
  });

  it('refuses an observation for a bucket that has closed (late), and keeps taking the open one', () => {
    const state = topic(0);
    state.add(observation(0, T0 + 10_000));
    state.add(observation(1, T0 + HOUR));
    expect(state.closeDue()).toHaveLength(1);
    expect(state.add(observation(2, T0 + 20_000))).toBe(false);
    expect(state.add(observation(3, T0 + HOUR + 5_000))).toBe(true);
  });

  it('closes the buckets before the newest observation once the stream is quiet, whatever the lateness', () => {
    const state = topic(2 * 24 * HOUR); // a backfill: its disorder spans days
    for (let i = 0; i < 30; i++) state.add(observation(i, T0 + i * 4 * 60_000)); // bucket 00:00 and 01:00
    expect(state.closeDue()).toEqual([]);
    const closed = state.closeQuiet(T0 + 3 * HOUR);
    expect(closed.map((bucket) => bucket.estimate.bucketStartMs)).toEqual([T0]);
    // The bucket holding the newest observation stays open for what may still come.
    expect(state.openBuckets).toBe(1);
  });

  it('estimates every configured group and the unknown one beside the population', () => {
    const state = topic(0);
    for (let i = 0; i < 60; i++) state.add(observation(i, T0 + i * 30_000));
    // Enough authors without an age to pass the minimum group size.
    for (let i = 60; i < 75; i++) state.add({ ...observation(i, T0 + i * 1_000), demographics: {} });
    state.add(observation(99, T0 + HOUR));
    const [closed] = state.closeDue();
    const stanceGroups = closed.estimate.groups
      .filter((group) => group.measure === 'stance')
      .map((group) => `${group.group.dimension}=${group.group.value}`);
    expect(stanceGroups).toEqual(
      expect.arrayContaining(['null=null', 'age_group=young', 'age_group=old', 'age_group=unknown']),
    );
  });
});
