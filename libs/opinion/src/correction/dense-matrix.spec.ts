import { describe, expect, it } from 'vitest';
import { addMatrices, conditionNumber, invert, multiplyVector, sandwich, transpose } from './dense-matrix';

function expectClose(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 10)));
}

describe('dense matrix operations', () => {
  it('inverts a 3 x 3 matrix needing a row swap (hand-checked inverse)', () => {
    // [[0,1,0],[2,0,0],[0,0,4]] has inverse [[0,0.5,0],[1,0,0],[0,0,0.25]].
    expectClose(
      invert([
        [0, 1, 0],
        [2, 0, 0],
        [0, 0, 4],
      ]) ?? [],
      [
        [0, 0.5, 0],
        [1, 0, 0],
        [0, 0, 0.25],
      ],
    );
  });

  it('gives back the identity from M times its inverse for a confusion-like matrix', () => {
    const matrix = [
      [0.7, 0.2, 0.1],
      [0.15, 0.6, 0.25],
      [0.1, 0.3, 0.6],
    ];
    const inverse = invert(matrix) ?? [];
    const product = matrix.map((row) =>
      transpose(inverse).map((column) => row.reduce((s, v, k) => s + v * column[k], 0)),
    );
    expectClose(product, [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('returns null for singular matrices', () => {
    expect(
      invert([
        [1, 2, 3],
        [2, 4, 6],
        [0, 1, 1],
      ]),
    ).toBeNull();
    expect(
      invert([
        [0, 0],
        [0, 0],
      ]),
    ).toBeNull();
  });

  it('multiplies, transposes, adds and sandwiches', () => {
    expect(
      multiplyVector(
        [
          [1, 2],
          [3, 4],
        ],
        [1, -1],
      ),
    ).toEqual([-1, -1]);
    expect(
      transpose([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(addMatrices([[1, 2]], [[3, 4]])).toEqual([[4, 6]]);
    // Var(x1 + x2) for independent unit variances is 2; Var(x1 - x2) too; their covariance is 0.
    expect(
      sandwich(
        [
          [1, 1],
          [1, -1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toEqual([
      [2, 0],
      [0, 2],
    ]);
  });

  it('measures the 1-norm condition number (diagonal: largest over smallest entry)', () => {
    const matrix = [
      [4, 0],
      [0, 0.5],
    ];
    expect(conditionNumber(matrix, invert(matrix) ?? [])).toBeCloseTo(8, 12);
  });
});
