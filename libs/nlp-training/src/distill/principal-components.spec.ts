import { describe, expect, it } from 'vitest';
import { fitPrincipalComponents, projectRows, symmetricEigen } from './principal-components';

describe('symmetricEigen', () => {
  it('finds the eigenpairs of a symmetric matrix, largest first, with A v = λ v', () => {
    const matrix = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
    const { values, vectors } = symmetricEigen(matrix, 3);
    expect(values[0]).toBeGreaterThan(values[1]);
    expect(values[1]).toBeGreaterThan(values[2]);
    expect(values[0] + values[1] + values[2]).toBeCloseTo(9, 10); // the trace
    vectors.forEach((vector, i) => {
      for (let row = 0; row < 3; row++) {
        let product = 0;
        for (let k = 0; k < 3; k++) product += matrix[row * 3 + k] * vector[k];
        expect(product).toBeCloseTo(values[i] * vector[row], 10);
      }
    });
  });
});

describe('fitPrincipalComponents / projectRows', () => {
  it('finds the direction of largest spread and centres the projection', () => {
    // Points along (1, 1) with a little spread along (1, -1) that does not vary with it, around (10, 20).
    const points = [
      [-3, 0.1],
      [-3, -0.1],
      [3, 0.1],
      [3, -0.1],
    ].flatMap(([t, noise]) => [10 + t + noise, 20 + t - noise]);
    const table = Float32Array.from(points);
    const pca = fitPrincipalComponents(table, 4, 2, 1);
    expect(Math.abs(pca.components[0][0])).toBeCloseTo(Math.SQRT1_2, 3);
    expect(pca.components[0][0]).toBeCloseTo(pca.components[0][1], 3);
    const projected = projectRows(pca, table, 4);
    expect(projected).toHaveLength(4);
    expect(projected.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 4);
    expect(Math.abs(projected[3] - projected[0])).toBeCloseTo(6 * Math.SQRT2, 1);
  });

  it('refuses more components than dimensions', () => {
    expect(() => fitPrincipalComponents(new Float32Array(4), 2, 2, 3)).toThrow(/components/);
  });
});
