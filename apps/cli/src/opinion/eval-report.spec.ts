import { describe, expect, it } from 'vitest';
import type { DetectedShift } from '@riptide/opinion';
import { summariseStreams, type EvaluatedStream } from './eval-report';
import { noErrors } from './eval-stream';

const HOUR = 3_600_000;
const START = 24 * HOUR;
const group = { dimension: 'age_group', value: '45-64' };

const alarm = (detector: DetectedShift['detector'], detectedAtMs: number, value = '45-64'): DetectedShift =>
  ({ detector, detectedAtMs, group: { dimension: 'age_group', value }, label: 'favor' }) as DetectedShift;

function stream(
  kind: 'persuasion' | 'composition' | null,
  alarms: DetectedShift[],
  decompositions: (string | null)[] = alarms.map(() => null),
): EvaluatedStream {
  return {
    variant: 'shipped',
    volumePerDay: 24_000,
    seed: 1,
    target: 'climate',
    shift: kind ? { topicId: 'climate', group, size: 0.1, startBucket: 24, kind } : null,
    shiftStartMs: START,
    bucketMs: HOUR,
    plantedGroupStreamShare: 0.15,
    outcome: {
      errors: {
        population: { ...noErrors(), raw: 0.3, corrected: 0.2, weighted: 0.1, shares: 10 },
        groups: noErrors(),
      },
      coverage: { population: { inside: 9, intervals: 10 }, groups: { inside: 0, intervals: 0 } },
      seriesBuckets: 2000,
      alarms,
      decompositions: decompositions as EvaluatedStream['outcome']['decompositions'],
    },
  };
}

describe('summariseStreams', () => {
  it('counts a detection only in the planted group after the start, with its delay in buckets', () => {
    const report = summariseStreams(
      [
        stream(
          'persuasion',
          [
            alarm('cusum', START - HOUR),
            alarm('cusum', START + 3 * HOUR, '18-29'),
            alarm('cusum', START + 2 * HOUR),
          ],
          [null, null, 'persuasion'],
        ),
        stream('composition', [alarm('cusum', START + 4 * HOUR)], ['persuasion']),
        stream(null, [alarm('cusum', 5 * HOUR), alarm('bocpd', 6 * HOUR)]),
      ],
      24_000,
    );
    expect(report.detectors.cusum).toMatchObject({
      detection_rate: 1,
      median_delay_buckets: 3,
      false_alarms: 1,
      false_alarms_per_1000: 0.5,
    });
    expect(report.detectors.bocpd).toMatchObject({
      detection_rate: 0,
      median_delay_buckets: null,
      false_alarms: 1,
    });
    expect(report.decomposition).toMatchObject({ persuasion: 1, composition: 0 });
    expect(report.decomposition.verdicts.composition).toMatchObject({ persuasion: 1, composition: 0 });
    // Errors and coverage come from the stream without a shift only.
    expect(report.population.mae).toEqual({
      raw: 0.03,
      corrected: 0.02,
      corrected_weighted: 0.01,
      shares: 10,
    });
    expect(report.coverage_90.population).toBe(0.9);
  });
});
