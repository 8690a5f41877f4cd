import type { ConfusionMatrix } from '../opinion-types';
import { conditionNumber, invert, transpose, type Matrix } from './dense-matrix';

/**
 * How a bucket's shares of one measure get corrected for the classifier's errors, decided once per
 * bucket from the model's confusion matrix (measured out of fold, on data the model was not trained on).
 *
 * - ACC, adjusted classify-and-count (Forman 2008, "Quantifying counts and costs via classification",
 *   Data Mining and Knowledge Discovery 17(2)): with rates M[j][k] = P(predicted k | true j), the expected
 *   share of predictions q satisfies q = Mᵀp, so the true shares are p = (Mᵀ)⁻¹q.
 * - PACC, probabilistic ACC (Bella, Ferri, Hernández-Orallo & Ramírez-Quintana 2010, "Quantification via
 *   probability estimators", ICDM): the same with q the mean probability vector and M[j][k] the mean
 *   probability of label k over examples of true label j; less noisy than hard counts.
 */
export type CorrectionPlan = ActiveCorrection | NoCorrection;

export interface ActiveCorrection {
  readonly method: 'pacc' | 'acc';
  /** (Mᵀ)⁻¹, which maps observed shares to corrected ones. */
  readonly inverseTransposed: Matrix;
  /** Per true label j: the covariance of the estimated row M[j] (it came from a finite sample). */
  readonly rowCovariances: readonly Matrix[];
  readonly conditionNumber: number;
  /** Set when the preferred method could not be used, saying why. */
  readonly reason?: string;
}

export interface NoCorrection {
  readonly method: 'none';
  /** Why the shares stay uncorrected. */
  readonly reason: string;
}

export interface CorrectionOptions {
  readonly preferred: 'pacc' | 'acc';
  readonly maxConditionNumber: number;
}

interface Rates {
  readonly rates: Matrix;
  readonly rowCovariances: readonly Matrix[];
}

/** Rows of meanProbs are means of probability vectors; they may be off 1 by rounding in the shipped file. */
const ROW_SUM_TOLERANCE = 1e-3;

export function planCorrection(
  matrix: ConfusionMatrix | undefined,
  labels: readonly string[],
  options: CorrectionOptions,
): CorrectionPlan {
  if (matrix === undefined) return { method: 'none', reason: 'the model ships no confusion matrix' };
  const order = labels.map((label) => matrix.labels.indexOf(label));
  if (matrix.labels.length !== labels.length || order.some((index) => index < 0))
    return {
      method: 'none',
      reason: `the confusion matrix labels (${matrix.labels.join(', ')}) are not ${labels.join(', ')}`,
    };
  const methods = options.preferred === 'pacc' ? (['pacc', 'acc'] as const) : (['acc', 'pacc'] as const);
  const refusals: string[] = [];
  for (const method of methods) {
    const rates = method === 'acc' ? countRates(matrix, order) : probabilityRates(matrix, order);
    if (typeof rates === 'string') {
      refusals.push(`${method}: ${rates}`);
      continue;
    }
    const transposed = transpose(rates.rates);
    const inverseTransposed = invert(transposed);
    if (inverseTransposed === null) {
      refusals.push(`${method}: the rate matrix is singular`);
      continue;
    }
    const condition = conditionNumber(transposed, inverseTransposed);
    if (condition > options.maxConditionNumber) {
      refusals.push(
        `${method}: the rate matrix is ill-conditioned (condition number ${condition.toPrecision(3)} > ${options.maxConditionNumber})`,
      );
      continue;
    }
    const reason = refusals.length > 0 ? refusals.join('; ') : undefined;
    return {
      method,
      inverseTransposed,
      rowCovariances: rates.rowCovariances,
      conditionNumber: condition,
      reason,
    };
  }
  return { method: 'none', reason: refusals.join('; ') };
}

/** ACC rates: each true row's predicted-label counts over its total; a row is multinomial with n_row trials. */
function countRates(matrix: ConfusionMatrix, order: readonly number[]): Rates | string {
  const counts = reordered(matrix.counts, order);
  if (counts === null || counts.flat().some((count) => !(count >= 0)))
    return 'counts must be a square matrix of non-negative numbers';
  const rates: number[][] = [];
  const rowCovariances: Matrix[] = [];
  for (const [j, row] of counts.entries()) {
    const total = row.reduce((sum, count) => sum + count, 0);
    if (!(total > 0)) return `no examples of true label ${matrix.labels[order[j]]}`;
    const rate = row.map((count) => count / total);
    rates.push(rate);
    rowCovariances.push(rate.map((a, k) => rate.map((b, l) => ((k === l ? a : 0) - a * b) / total)));
  }
  return { rates, rowCovariances };
}

/**
 * PACC rates: the mean probabilities per true row, each known to probSd / sqrt(n_row). The shipped
 * matrix has no covariances between a row's labels, but with three labels they follow from the
 * variances: the probabilities sum to 1, so x₁ + x₂ = 1 − x₃ and Cov(x₁, x₂) = (σ₃² − σ₁² − σ₂²) / 2.
 * (Taking the labels as independent instead lowered the population's 90% coverage in the simulation spec
 * from 0.88 to 0.85.)
 */
function probabilityRates(matrix: ConfusionMatrix, order: readonly number[]): Rates | string {
  if (order.length !== 3)
    return 'PACC needs exactly three labels (their covariances follow from the variances)';
  const meanProbs = reordered(matrix.meanProbs, order);
  const probSd = reordered(matrix.probSd, order);
  const counts = reordered(matrix.counts, order);
  if (meanProbs === null || probSd === null || counts === null)
    return 'meanProbs and probSd must be square matrices of the labels';
  if (meanProbs.flat().some((value) => !(value >= 0 && value <= 1)) || probSd.flat().some((sd) => !(sd >= 0)))
    return 'meanProbs must be probabilities and probSd non-negative';
  const rowCovariances: Matrix[] = [];
  for (const [j, row] of meanProbs.entries()) {
    const total = counts[j].reduce((sum, count) => sum + count, 0);
    if (!(total > 0)) return `no examples of true label ${matrix.labels[order[j]]}`;
    if (Math.abs(row.reduce((sum, value) => sum + value, 0) - 1) > ROW_SUM_TOLERANCE)
      return `meanProbs row ${matrix.labels[order[j]]} does not sum to 1`;
    rowCovariances.push(simplexCovariance(probSd[j].map((sd) => sd ** 2 / total)));
  }
  return { rates: meanProbs, rowCovariances };
}

/** The covariance of three components that sum to a constant, from their variances. */
function simplexCovariance(variances: readonly number[]): number[][] {
  const total = variances[0] + variances[1] + variances[2];
  return variances.map((vk, k) => variances.map((vl, l) => (k === l ? vk : (total - 2 * vk - 2 * vl) / 2)));
}

/** The matrix with rows and columns in our label order, or null when it is not square over the labels. */
function reordered(
  matrix: readonly (readonly number[])[] | undefined,
  order: readonly number[],
): number[][] | null {
  if (
    matrix === undefined ||
    matrix.length !== order.length ||
    matrix.some((row) => row.length !== order.length)
  )
    return null;
  return order.map((j) => order.map((k) => matrix[j][k]));
}
