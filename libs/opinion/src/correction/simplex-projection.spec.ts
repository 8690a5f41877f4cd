import { describe, expect, it } from 'vitest';
import { projectOntoSimplex } from './simplex-projection';

describe('projectOntoSimplex', () => {
  it('leaves a point already on the simplex alone', () => {
    expect(projectOntoSimplex([0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5]);
  });

  it('moves a point off the simplex by the same amount on every positive coordinate (hand-computed)', () => {
    // [0.5, 0.6, -0.1]: dropping the negative, 0.5 and 0.6 each lose 0.05 -> [0.45, 0.55, 0].
    const projected = projectOntoSimplex([0.5, 0.6, -0.1]);
    expect(projected[0]).toBeCloseTo(0.45, 12);
    expect(projected[1]).toBeCloseTo(0.55, 12);
    expect(projected[2]).toBe(0);
    // Clip-and-renormalise would give [0.4545, 0.5454, 0]: farther away.
  });

  it('sends a coordinate to zero when it is too small to survive the shift', () => {
    // [1.2, 0.1, -0.3]: the threshold is 0.2 with only the first kept -> [1, 0, 0].
    expect(projectOntoSimplex([1.2, 0.1, -0.3])).toEqual([1, 0, 0]);
  });

  it('lands on the simplex and is the nearest point among random simplex points (property)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 0.5;
    for (let trial = 0; trial < 200; trial++) {
      const point = [random(), random(), random()];
      const projected = projectOntoSimplex(point);
      expect(projected.every((value) => value >= 0)).toBe(true);
      expect(projected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const distance = (other: number[]) => other.reduce((sum, value, k) => sum + (value - point[k]) ** 2, 0);
      const raw = [Math.abs(random()), Math.abs(random()), Math.abs(random())];
      const total = raw[0] + raw[1] + raw[2];
      const rival = raw.map((value) => value / total);
      expect(distance(projected)).toBeLessThanOrEqual(distance(rival) + 1e-12);
    }
  });
});
