import { describe, expect, it } from 'vitest';
import { quantiseRows, smoothInverseFrequencyWeights, weightRows } from './static-table';

describe('smoothInverseFrequencyWeights', () => {
  it('weighs frequent tokens down and unseen ones near 1', () => {
    const weights = smoothInverseFrequencyWeights(Float64Array.of(0, 10, 10_000), 1e-3);
    expect(weights[0]).toBeGreaterThan(0.9);
    expect(weights[1]).toBeGreaterThan(weights[2]);
    expect(weights[2]).toBeLessThan(0.01);
  });
});

describe('weightRows / quantiseRows', () => {
  it('scales rows, then stores them as int8 with a float32 scale per row', () => {
    const table = Float32Array.of(1, -2, 0.5, 0, 0, 0);
    weightRows(table, 3, Float32Array.of(0.5, 1));
    expect([...table]).toEqual([0.5, -1, 0.25, 0, 0, 0]);
    const bytes = quantiseRows(table, 3);
    expect(bytes).toHaveLength(6 + 8);
    const values = new Int8Array(bytes.buffer, 0, 6);
    const view = new DataView(bytes.buffer, 6);
    expect([...values]).toEqual([64, -127, 32, 0, 0, 0]);
    expect(view.getFloat32(0, true)).toBeCloseTo(1 / 127, 7);
    expect(view.getFloat32(4, true)).toBe(0);
  });
});
