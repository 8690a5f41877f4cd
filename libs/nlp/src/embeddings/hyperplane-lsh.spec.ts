import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seeded-random';
import { createHyperplaneLsh } from './hyperplane-lsh';

const options = { dimensions: 16, bands: 8, bitsPerBand: 6, seed: 7 };

function randomUnitVector(random: () => number, dimensions: number): Float32Array {
  const vector = Float32Array.from({ length: dimensions }, () => random() - 0.5);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** A unit vector at a small angle from `base`: base plus a little noise, renormalised. */
function nudged(base: Float32Array, random: () => number, amount: number): Float32Array {
  const vector = base.map((value) => value + amount * (random() - 0.5));
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const shareABand = (a: string[], b: string[]) => a.some((key, band) => key === b[band]);

describe('createHyperplaneLsh', () => {
  it('gives one key per band, the same for the same vector and seed in a new instance', () => {
    const vector = randomUnitVector(seededRandom(1), 16);
    const keys = createHyperplaneLsh(options).keys(vector);
    expect(keys).toHaveLength(8);
    expect(keys.map((key) => key.split(':')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(createHyperplaneLsh(options).keys(vector)).toEqual(keys);
    expect(createHyperplaneLsh({ ...options, seed: 8 }).keys(vector)).not.toEqual(keys);
  });

  it('puts a vector and its opposite on the other side of every plane', () => {
    const lsh = createHyperplaneLsh(options);
    const vector = randomUnitVector(seededRandom(2), 16);
    const flipped = lsh.keys(vector.map((value) => -value));
    lsh.keys(vector).forEach((key, band) => {
      const bits = Number.parseInt(key.split(':')[1], 16);
      expect(Number.parseInt(flipped[band].split(':')[1], 16)).toBe(~bits & 0b111111);
    });
  });

  it('ignores the length of a vector: only its direction counts', () => {
    const lsh = createHyperplaneLsh(options);
    const vector = randomUnitVector(seededRandom(3), 16);
    expect(lsh.keys(vector.map((value) => value * 5))).toEqual(lsh.keys(vector));
  });

  it('makes near-duplicates share a bucket far more often than unrelated vectors', () => {
    const lsh = createHyperplaneLsh(options);
    const random = seededRandom(4);
    let nearShared = 0;
    let unrelatedShared = 0;
    for (let trial = 0; trial < 200; trial++) {
      const base = randomUnitVector(random, 16);
      if (shareABand(lsh.keys(base), lsh.keys(nudged(base, random, 0.1)))) nearShared++;
      if (shareABand(lsh.keys(base), lsh.keys(randomUnitVector(random, 16)))) unrelatedShared++;
    }
    expect(nearShared).toBeGreaterThan(180);
    expect(unrelatedShared).toBeLessThan(60);
  });

  it('rejects bad options and vectors of the wrong width, naming the field', () => {
    expect(() => createHyperplaneLsh({ ...options, bands: 0 })).toThrow(
      'bands: expected a positive integer, got 0',
    );
    expect(() => createHyperplaneLsh({ ...options, bitsPerBand: 33 })).toThrow('bitsPerBand: at most 32');
    expect(() => createHyperplaneLsh(options).keys(new Float32Array(3))).toThrow(
      'vector: expected 16 values, got 3',
    );
  });
});
