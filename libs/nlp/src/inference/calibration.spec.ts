import { describe, expect, it } from 'vitest';
import { applyTemperature, parseTemperatureCalibration } from './calibration';

function softmaxOfScaledLogs(row: readonly number[], temperature: number): number[] {
  const scaled = row.map((p) => Math.exp(Math.log(p) / temperature));
  const sum = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((s) => s / sum);
}

describe('applyTemperature', () => {
  const rows = [
    [0.7, 0.2, 0.1],
    [0.05, 0.15, 0.8],
    [1 / 3, 1 / 3, 1 / 3],
  ];

  it('rescales every row in place as softmax(log p / T)', () => {
    for (const temperature of [0.5, 1.7, 4]) {
      const probs = Float32Array.from(rows.flat());
      applyTemperature(probs, 3, temperature);
      rows.forEach((row, r) => {
        const expected = softmaxOfScaledLogs(row, temperature);
        expected.forEach((p, c) => expect(probs[r * 3 + c]).toBeCloseTo(p, 6));
      });
    }
  });

  it('flattens for T > 1, sharpens for T < 1, and keeps each row summing to 1 with its argmax', () => {
    const flat = Float32Array.from(rows.flat());
    const sharp = Float32Array.from(rows.flat());
    applyTemperature(flat, 3, 2);
    applyTemperature(sharp, 3, 0.5);
    expect(flat[0]).toBeLessThan(0.7);
    expect(sharp[0]).toBeGreaterThan(0.7);
    for (const probs of [flat, sharp])
      for (let r = 0; r < rows.length; r++) {
        const row = Array.from(probs.subarray(r * 3, r * 3 + 3));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        const original = rows[r];
        expect(row.indexOf(Math.max(...row))).toBe(original.indexOf(Math.max(...original)));
      }
  });

  it('is undone by 1 / T, leaves T = 1 alone and keeps zero probabilities at zero', () => {
    const probs = Float32Array.from([0.6, 0.4, 0, 0.2, 0.3, 0.5]);
    const original = Float32Array.from(probs);
    applyTemperature(probs, 3, 1);
    expect(probs).toEqual(original);
    applyTemperature(probs, 3, 2.5);
    expect(probs[2]).toBe(0);
    applyTemperature(probs, 3, 1 / 2.5);
    original.forEach((p, i) => expect(probs[i]).toBeCloseTo(p, 5));
  });

  it('rejects a temperature that is not positive and rows that do not fit', () => {
    expect(() => applyTemperature(new Float32Array(3), 3, 0)).toThrow(/temperature/);
    expect(() => applyTemperature(new Float32Array(3), 3, Number.NaN)).toThrow(/temperature/);
    expect(() => applyTemperature(new Float32Array(4), 3, 2)).toThrow(/classes/);
  });
});

describe('parseTemperatureCalibration', () => {
  const valid = { method: 'temperature', temperature: 1.4, folds: 5, eceBefore: 0.08, eceAfter: 0.02 };

  it('reads a valid block', () => {
    expect(parseTemperatureCalibration(valid)).toEqual(valid);
  });

  it('names the field that is wrong', () => {
    expect(() => parseTemperatureCalibration({ ...valid, method: 'platt' })).toThrow(/calibration\.method/);
    expect(() => parseTemperatureCalibration({ ...valid, temperature: -1 })).toThrow(
      /calibration\.temperature/,
    );
    expect(() => parseTemperatureCalibration({ ...valid, folds: 0.5 })).toThrow(/calibration\.folds/);
    expect(() => parseTemperatureCalibration({ ...valid, eceAfter: 2 })).toThrow(/calibration\.eceAfter/);
    expect(() => parseTemperatureCalibration([])).toThrow(/calibration/);
  });
});
