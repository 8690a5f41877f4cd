import { addMatrices, multiplyVector, sandwich, type Matrix, type Vector } from './dense-matrix';
import type { ActiveCorrection } from './correction-plan';
import { projectOntoSimplex } from './simplex-projection';

/** Observed shares (of predicted labels, or mean probabilities) with their sampling covariance. */
export interface ObservedShares {
  readonly shares: Vector;
  readonly covariance: Matrix;
}

export interface CorrectedShares {
  /** On the probability simplex. */
  readonly shares: number[];
  /** Delta-method covariance: sampling of q plus the uncertainty of the rate matrix. */
  readonly covariance: number[][];
}

/**
 * p = (Mᵀ)⁻¹q, projected onto the simplex (q's noise or a drifted classifier can put it outside).
 *
 * Variance by the delta method: dp = (Mᵀ)⁻¹(dq − dMᵀp), so
 * Cov(p) = (Mᵀ)⁻¹ [Cov(q) + Σⱼ pⱼ² Cov(M[j])] (Mᵀ)⁻ᵀ, the rows of M being independent estimates
 * (each from its own true-label examples) and independent of the bucket's sample. The rate matrix's term
 * does not shrink with the bucket's size: it is a shared bias, which intervals must still include.
 * p is taken at the projected shares (a noisy negative share adds no variance); the projection itself is
 * not differentiated, so near a boundary the variance is that of the unconstrained solution.
 */
export function correctShares(plan: ActiveCorrection, observed: ObservedShares): CorrectedShares {
  const shares = projectOntoSimplex(multiplyVector(plan.inverseTransposed, observed.shares));
  const rateVariance = plan.rowCovariances.reduce<Matrix>(
    (sum, rowCovariance, j) =>
      addMatrices(
        sum,
        rowCovariance.map((row) => row.map((value) => value * shares[j] ** 2)),
      ),
    observed.covariance.map((row) => row.map(() => 0)),
  );
  const covariance = sandwich(plan.inverseTransposed, addMatrices(observed.covariance, rateVariance));
  // Rounded inputs can leave a covariance a hair short of positive semi-definite.
  covariance.forEach((row, k) => (row[k] = Math.max(0, row[k])));
  return { shares, covariance };
}
