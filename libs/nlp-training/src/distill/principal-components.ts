/**
 * Principal component analysis of a row-major table, for reducing distilled token vectors (the
 * Model2Vec recipe reduces the encoder's 384 dimensions by PCA: fewer dimensions, and centring
 * removes the direction every token shares, which otherwise dominates a pooled vector).
 */
export interface PrincipalComponents {
  readonly inputDimensions: number;
  readonly mean: Float64Array;
  /** `components` unit vectors of `inputDimensions` values each, by decreasing variance. */
  readonly components: Float64Array[];
  /** Variance along each component, in the same order. */
  readonly variances: Float64Array;
}

export function fitPrincipalComponents(
  table: Float32Array,
  rows: number,
  dimensions: number,
  components: number,
): PrincipalComponents {
  if (table.length !== rows * dimensions)
    throw new Error(`table: expected ${rows} x ${dimensions} values, got ${table.length}`);
  if (!Number.isInteger(components) || components < 1 || components > dimensions)
    throw new Error(`components: expected an integer in 1..${dimensions}, got ${components}`);
  const mean = new Float64Array(dimensions);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dimensions; d++) mean[d] += table[r * dimensions + d];
  for (let d = 0; d < dimensions; d++) mean[d] /= rows;
  const covariance = new Float64Array(dimensions * dimensions);
  const centred = new Float64Array(dimensions);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dimensions; d++) centred[d] = table[r * dimensions + d] - mean[d];
    for (let i = 0; i < dimensions; i++) {
      const value = centred[i];
      for (let j = i; j < dimensions; j++) covariance[i * dimensions + j] += value * centred[j];
    }
  }
  for (let i = 0; i < dimensions; i++)
    for (let j = 0; j < i; j++) covariance[i * dimensions + j] = covariance[j * dimensions + i];
  for (let i = 0; i < covariance.length; i++) covariance[i] /= Math.max(rows - 1, 1);
  const { values, vectors } = symmetricEigen(covariance, dimensions);
  return {
    inputDimensions: dimensions,
    mean,
    components: vectors.slice(0, components),
    variances: values.slice(0, components),
  };
}

/** Each row centred and projected on the components: a `rows x components` table. */
export function projectRows(pca: PrincipalComponents, table: Float32Array, rows: number): Float32Array {
  const { inputDimensions: dimensions, mean, components } = pca;
  const out = new Float32Array(rows * components.length);
  const centred = new Float64Array(dimensions);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dimensions; d++) centred[d] = table[r * dimensions + d] - mean[d];
    components.forEach((component, c) => {
      let sum = 0;
      for (let d = 0; d < dimensions; d++) sum += centred[d] * component[d];
      out[r * components.length + c] = sum;
    });
  }
  return out;
}

/**
 * Eigenvalues (decreasing) and unit eigenvectors of a symmetric matrix, by cyclic Jacobi
 * rotations: slow for large matrices but exact to rounding and deterministic, and 384 x 384 takes
 * seconds. Each vector's sign is fixed so that its largest-magnitude entry is positive, so the same
 * matrix always gives the same vectors.
 */
export function symmetricEigen(
  matrix: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array[] } {
  if (matrix.length !== size * size) throw new Error(`matrix: expected ${size} x ${size} values`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  let scale = 0;
  for (const x of a) scale += x * x;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) off += a[i * size + j] ** 2;
    if (off <= 1e-24 * scale) break;
    for (let p = 0; p < size; p++)
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q];
        if (apq === 0) continue;
        const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p];
          const akq = a[k * size + q];
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k];
          const aqk = a[q * size + k];
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p];
          const vkq = v[k * size + q];
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (x, y) => a[y * size + y] - a[x * size + x] || x - y,
  );
  const vectors = order.map((column) => {
    const vector = Float64Array.from({ length: size }, (_, k) => v[k * size + column]);
    let largest = 0;
    for (let k = 1; k < size; k++) if (Math.abs(vector[k]) > Math.abs(vector[largest])) largest = k;
    if (vector[largest] < 0) for (let k = 0; k < size; k++) vector[k] = -vector[k];
    return vector;
  });
  return { values: Float64Array.from(order, (i) => a[i * size + i]), vectors };
}
