import { effectiveSampleSizeOfSums } from '../intervals/effective-sample-size';

/**
 * A weighted mean of vectors (one per author) and the covariance of that mean, accumulated in one pass.
 *
 * The covariance is the linearisation (sandwich) estimator of a ratio mean, Σ wₐ²(xₐ − q)(xₐ − q)ᵀ / (Σw)²,
 * times n/(n − 1) for n units: the variance of survey-weighted means (Kish 1965; Wolter 2007). With
 * equal weights and one-hot vectors it is the multinomial q(1 − q)/(n − 1); with raking weights it carries
 * Kish's design effect; with weights = posts per author it is cluster-robust (an author's posts are not
 * independent). It measures the spread of the vectors themselves, so soft probability vectors, which vary
 * less than one-hot labels, are not given the variance of hard labels.
 */
export class WeightedMoments {
  private units = 0;
  private weightSum = 0;
  private weightSquareSum = 0;
  private readonly weightedSum: Float64Array;
  /** Σ w² x, Σ w² x xᵀ: expanding Σ w²(x − q)(x − q)ᵀ so that q need not be known in advance. */
  private readonly squaredWeightedSum: Float64Array;
  private readonly squaredWeightedOuter: Float64Array;

  constructor(readonly size: number) {
    this.weightedSum = new Float64Array(size);
    this.squaredWeightedSum = new Float64Array(size);
    this.squaredWeightedOuter = new Float64Array(size * size);
  }

  add(weight: number, vector: ArrayLike<number>): void {
    this.units += 1;
    this.weightSum += weight;
    const w2 = weight * weight;
    this.weightSquareSum += w2;
    for (let k = 0; k < this.size; k++) {
      this.weightedSum[k] += weight * vector[k];
      this.squaredWeightedSum[k] += w2 * vector[k];
      for (let l = 0; l < this.size; l++)
        this.squaredWeightedOuter[k * this.size + l] += w2 * vector[k] * vector[l];
    }
  }

  get count(): number {
    return this.units;
  }

  get totalWeight(): number {
    return this.weightSum;
  }

  get effectiveSampleSize(): number {
    return effectiveSampleSizeOfSums(this.weightSum, this.weightSquareSum);
  }

  mean(): number[] {
    return Array.from(this.weightedSum, (sum) => sum / this.weightSum);
  }

  covarianceOfMean(): number[][] {
    const q = this.mean();
    const smallSample = this.units > 1 ? this.units / (this.units - 1) : 1;
    const scale = smallSample / (this.weightSum * this.weightSum);
    return q.map((qk, k) =>
      q.map((ql, l) => {
        const centred =
          this.squaredWeightedOuter[k * this.size + l] -
          qk * this.squaredWeightedSum[l] -
          ql * this.squaredWeightedSum[k] +
          qk * ql * this.weightSquareSum;
        return centred * scale;
      }),
    );
  }
}
