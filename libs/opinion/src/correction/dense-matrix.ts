// The few dense linear-algebra operations the correction needs, for the 3 x 3 systems of three-label
// measures (written for any small square size).

export type Matrix = readonly (readonly number[])[];
export type Vector = readonly number[];

/** Pivots smaller than this, relative to the largest entry, mean the matrix is singular for our purpose. */
const SINGULAR_PIVOT = 1e-12;

/** The inverse by Gauss-Jordan elimination with partial pivoting, or null when the matrix is singular. */
export function invert(matrix: Matrix): number[][] | null {
  const size = matrix.length;
  const scale = Math.max(...matrix.flat().map(Math.abs));
  if (!(scale > 0)) return null;
  const work = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < size; column++) {
    let pivotRow = column;
    for (let row = column + 1; row < size; row++)
      if (Math.abs(work[row][column]) > Math.abs(work[pivotRow][column])) pivotRow = row;
    if (Math.abs(work[pivotRow][column]) < SINGULAR_PIVOT * scale) return null;
    [work[column], work[pivotRow]] = [work[pivotRow], work[column]];
    const pivot = work[column][column];
    for (let j = 0; j < 2 * size; j++) work[column][j] /= pivot;
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = work[row][column];
      if (factor !== 0) for (let j = 0; j < 2 * size; j++) work[row][j] -= factor * work[column][j];
    }
  }
  return work.map((row) => row.slice(size));
}

export function transpose(matrix: Matrix): number[][] {
  return matrix[0].map((_, j) => matrix.map((row) => row[j]));
}

export function multiplyVector(matrix: Matrix, vector: Vector): number[] {
  return matrix.map((row) => row.reduce((sum, value, j) => sum + value * vector[j], 0));
}

/** A C Aᵀ: the covariance of A x when x has covariance C. */
export function sandwich(outer: Matrix, inner: Matrix): number[][] {
  const left = outer.map((row) =>
    inner[0].map((_, j) => row.reduce((sum, value, k) => sum + value * inner[k][j], 0)),
  );
  return left.map((row) => outer.map((other) => row.reduce((sum, value, k) => sum + value * other[k], 0)));
}

export function addMatrices(first: Matrix, second: Matrix): number[][] {
  return first.map((row, i) => row.map((value, j) => value + second[i][j]));
}

/** The 1-norm condition number ‖M‖₁‖M⁻¹‖₁: how much relative errors in q can grow in the solution. */
export function conditionNumber(matrix: Matrix, inverse: Matrix): number {
  return oneNorm(matrix) * oneNorm(inverse);
}

function oneNorm(matrix: Matrix): number {
  return Math.max(...matrix[0].map((_, j) => matrix.reduce((sum, row) => sum + Math.abs(row[j]), 0)));
}
