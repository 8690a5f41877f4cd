import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './calibration-error';

describe('expectedCalibrationError', () => {
  it('is the row-weighted gap between accuracy and confidence per bin of the top probability', () => {
    // Bin (0.8, 0.867]: two rows at 0.85, one right -> |0.5 - 0.85|; bin (0.6, 0.667]: one row at 0.62, right -> |1 - 0.62|.
    const probs = [0.85, 0.1, 0.05, 0.1, 0.85, 0.05, 0.2, 0.18, 0.62];
    const gold = [0, 0, 2];
    const expected = (2 / 3) * Math.abs(0.5 - 0.85) + (1 / 3) * Math.abs(1 - 0.62);
    expect(expectedCalibrationError(probs, gold, 3)).toBeCloseTo(expected, 10);
  });

  it('is 0 when every bin is as accurate as it is confident, and uses the bin count given', () => {
    // Two rows at 0.5 (one right, one wrong) share a bin whatever the bin count.
    expect(expectedCalibrationError([0.5, 0.5, 0.5, 0.5], [0, 1], 2)).toBeCloseTo(0, 12);
    // 0.55 and 0.95 share the single bin: accuracy 1/2, mean confidence 0.75.
    expect(expectedCalibrationError([0.55, 0.45, 0.05, 0.95], [0, 0], 2, 1)).toBeCloseTo(0.25, 12);
    expect(expectedCalibrationError([0.55, 0.45, 0.05, 0.95], [0, 0], 2, 15)).toBeCloseTo(
      (Math.abs(1 - 0.55) + Math.abs(0 - 0.95)) / 2,
      12,
    );
  });

  it('rejects probabilities that do not match the labels', () => {
    expect(() => expectedCalibrationError([0.5, 0.5], [0, 1], 2)).toThrow(/probs/);
    expect(() => expectedCalibrationError([0.5, 0.5], [0], 2, 0)).toThrow(/bins/);
  });
});
