// The targets, at its volume (24,000 observations a day on a topic, hourly buckets, the
// planted group 15% of them), on synthetic series: every detector at its defaults finds at least 90%
// of planted 0.10 shifts within two days, and raises at most 1 false alarm per 1,000 (group, label)
// series-buckets on streams without a shift. docs/opinion.md has the figures from more seeds.
import { describe, expect, it } from 'vitest';
import { SHIFT_DETECTORS } from '@riptide/contracts';
import { measureDetectorRates } from './testing/detection-rates';

const seeds = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe('detector rates at defaults', () => {
  it('detect ≥ 0.9 of planted 0.10 shifts with ≤ 1 false alarm per 1,000 series-buckets', () => {
    const rates = measureDetectorRates({
      shiftedSeeds: seeds(1, 20),
      quietSeeds: seeds(1001, 3),
      stepAt: 168,
      stepSize: 0.1,
      horizon: 48,
      quietBuckets: 720,
      warmUp: 48,
    });
    for (const detector of SHIFT_DETECTORS) {
      expect(rates[detector].detectionRate, detector).toBeGreaterThanOrEqual(0.9);
      expect(rates[detector].falseAlarmsPer1000, detector).toBeLessThanOrEqual(1);
      expect(rates[detector].medianDelayBuckets, detector).toBeLessThanOrEqual(24);
    }
  }, 120_000);
});
