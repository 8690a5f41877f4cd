import { describe, expect, it } from 'vitest';
import type { BucketEstimate } from '../opinion-types';
import { groupId } from './group-id';
import { PLANTED_GROUP, syntheticTopic } from './testing/synthetic-topic';
import { TopicShiftDetectors } from './topic-shift-detectors';

const shiftedTopic = (seed: number) =>
  syntheticTopic({
    seed,
    buckets: 220,
    step: { group: PLANTED_GROUP, label: 'against', size: 0.1, atBucket: 168 },
  });

describe('TopicShiftDetectors', () => {
  it('reports the planted shift in the planted group and label, from every detector', () => {
    const detectors = new TopicShiftDetectors('topic-1');
    const shifts = shiftedTopic(2).flatMap((bucket) => detectors.process(bucket));
    const planted = shifts.filter(
      (shift) => groupId(shift.group) === 'age_group=65+' && shift.label === 'against',
    );
    expect(new Set(planted.map((shift) => shift.detector))).toEqual(
      new Set(['two-window', 'cusum', 'bocpd']),
    );
    for (const shift of planted) {
      expect(shift.topicId).toBe('topic-1');
      expect(shift.size).toBeGreaterThan(0.05);
      expect(shift.confidence).toBeGreaterThan(0.5);
      expect(shift.confidence).toBeLessThanOrEqual(1);
      expect(shift.before.low).toBeLessThanOrEqual(shift.before.share);
      expect(shift.after.high).toBeGreaterThanOrEqual(shift.after.share);
    }
  });

  it('replays deterministically', () => {
    const run = () => {
      const detectors = new TopicShiftDetectors('topic-1');
      return shiftedTopic(3).flatMap((bucket) => detectors.process(bucket));
    };
    expect(run()).toEqual(run());
  });

  it('controls the two-window tests across the topic: a p-value significant alone is not when 26 series are tested', () => {
    // One series at z = 3 (p = 0.0027) among 26: BH at 0.02 needs p <= 0.02 / 26 = 0.00077.
    const bucketsWith = (z: number) =>
      syntheticTopic({ seed: 1, buckets: 48, standardErrorAt150: 1e-9 }).map((bucket, index) =>
        withShare(bucket, 'age_group=65+', index < 24 ? 0.3 : 0.3 + z * Math.sqrt(2 / 24) * 0.05, 0.05),
      );
    const run = (z: number, labels: readonly ('against' | 'favor')[], onlyPlanted: boolean) => {
      const detectors = new TopicShiftDetectors('topic-1', {
        detectors: ['two-window'],
        labels,
        twoWindow: { minEffect: 0 },
      });
      const shifts = bucketsWith(z)
        .map((bucket) => ({
          ...bucket,
          groups: bucket.groups.filter(
            (estimate) => !onlyPlanted || groupId(estimate.group) === 'age_group=65+',
          ),
        }))
        .flatMap((bucket) => detectors.process(bucket));
      return shifts.filter((shift) => groupId(shift.group) === 'age_group=65+' && shift.label === 'against');
    };
    expect(run(3, ['against', 'favor'], false)).toEqual([]);
    // Alone, the same test is significant at 0.02.
    expect(run(3, ['against'], true)).toHaveLength(1);
    // A stronger shift passes across the whole topic.
    expect(run(4, ['against', 'favor'], false)).toHaveLength(1);
  });

  it('reads the configured share and labels, skips sentiment and estimates without a variance', () => {
    const [bucket] = syntheticTopic({ seed: 1, buckets: 1 });
    const sentiment = { ...bucket.groups[0], measure: 'sentiment' as const };
    const noVariance = {
      ...bucket.groups[1],
      weighted: bucket.groups[1].weighted.map((interval) => ({ ...interval, variance: 0 })),
    };
    const detectors = new TopicShiftDetectors('topic-1', { labels: ['favor'] });
    detectors.process({ ...bucket, groups: [sentiment, noVariance, bucket.groups[2]] });
    const statistics = detectors.statistics();
    expect(statistics.map(({ group, label, detector }) => `${groupId(group)} ${label} ${detector}`)).toEqual([
      'gender=male favor two-window',
      'gender=male favor cusum',
      'gender=male favor bocpd',
    ]);
  });

  it('refuses buckets out of order or of another topic', () => {
    const [first, second] = syntheticTopic({ seed: 1, buckets: 2 });
    const detectors = new TopicShiftDetectors('topic-1');
    detectors.process(second);
    expect(() => detectors.process(first)).toThrow(RangeError);
    expect(() => detectors.process({ ...second, topicId: 'topic-2' })).toThrow(RangeError);
  });
});

/** The bucket with one group's `against` share and standard error replaced. */
function withShare(
  bucket: BucketEstimate,
  group: string,
  share: number,
  standardError: number,
): BucketEstimate {
  return {
    ...bucket,
    groups: bucket.groups.map((estimate) => {
      if (groupId(estimate.group) !== group) return estimate;
      const weighted = estimate.weighted.map((interval, index) =>
        index === 1 ? { ...interval, share, variance: standardError ** 2 } : interval,
      );
      return { ...estimate, weighted };
    }),
  };
}
