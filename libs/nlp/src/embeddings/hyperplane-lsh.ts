import { seededRandom } from '../random/seeded-random';

export interface HyperplaneLshOptions {
  readonly dimensions: number;
  /** Independent bands; two texts are near-duplicate candidates when any band key is shared. */
  readonly bands: number;
  /** Hyperplanes per band (at most 32): more bits make a band stricter. */
  readonly bitsPerBand: number;
  readonly seed: number;
}

/** Turns an embedding into bucket keys; the same options always give the same keys. */
export interface HyperplaneLsh {
  readonly options: HyperplaneLshOptions;
  keys(vector: Float32Array): string[];
}

/**
 * Random-hyperplane LSH (Charikar's SimHash) over sentence embeddings, for the near-duplicate text
 * signal of coordination detection. Each bit is the side of a random Gaussian hyperplane the vector
 * falls on; two vectors at angle θ agree on a bit with probability 1 - θ/π, so they share a band of
 * b bits with probability (1 - θ/π)^b. Keys are `<band>:<bits in hex>`, stable across processes for
 * a given seed, so shares from every scorer instance land in the same buckets.
 */
export function createHyperplaneLsh(options: HyperplaneLshOptions): HyperplaneLsh {
  const { dimensions, bands, bitsPerBand, seed } = options;
  for (const [field, value] of Object.entries({ dimensions, bands, bitsPerBand })) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${field}: expected a positive integer, got ${value}`);
  }
  if (bitsPerBand > 32)
    throw new Error(`bitsPerBand: at most 32 (one 32-bit key per band), got ${bitsPerBand}`);
  const planes = gaussianPlanes(bands * bitsPerBand * dimensions, seed);
  return {
    options,
    keys(vector) {
      if (vector.length !== dimensions)
        throw new Error(`vector: expected ${dimensions} values, got ${vector.length}`);
      const keys: string[] = [];
      for (let band = 0; band < bands; band++) {
        let bits = 0;
        for (let bit = 0; bit < bitsPerBand; bit++) {
          const offset = (band * bitsPerBand + bit) * dimensions;
          let side = 0;
          for (let d = 0; d < dimensions; d++) side += planes[offset + d] * vector[d];
          if (side >= 0) bits |= 1 << bit;
        }
        keys.push(`${band}:${(bits >>> 0).toString(16)}`);
      }
      return keys;
    },
  };
}

/** Standard normal values by Box-Muller: Gaussian planes make every direction equally likely. */
function gaussianPlanes(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}
