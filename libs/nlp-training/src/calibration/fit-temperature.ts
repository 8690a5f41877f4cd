import { applyTemperature, type TemperatureCalibration } from '@riptide/nlp';
import { expectedCalibrationError } from '../metrics/calibration-error';

/** Bounds of the search on log T: T from 1/20 to 20. */
const LOG_T_RANGE = [-Math.log(20), Math.log(20)] as const;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The temperature T minimising the negative log-likelihood of the gold labels under
 * softmax(log p / T), by golden-section search on log T (the NLL is convex in 1/T, so unimodal on
 * log T). `outOfFoldLogProbs`: rows of `classes` log-probabilities from models that did not see
 * the row (out-of-fold predictions on train), so T is fitted on held-out predictions.
 */
export function fitTemperature(
  outOfFoldLogProbs: ArrayLike<number>,
  gold: ArrayLike<number>,
  classes: number,
): number {
  if (outOfFoldLogProbs.length !== gold.length * classes)
    throw new Error(
      `outOfFoldLogProbs: expected ${gold.length} x ${classes} values, got ${outOfFoldLogProbs.length}`,
    );
  if (gold.length === 0) throw new Error('gold: no rows to fit a temperature on');
  let [low, high] = LOG_T_RANGE;
  let a = high - GOLDEN * (high - low);
  let b = low + GOLDEN * (high - low);
  let lossA = temperatureNll(outOfFoldLogProbs, gold, classes, Math.exp(a));
  let lossB = temperatureNll(outOfFoldLogProbs, gold, classes, Math.exp(b));
  while (high - low > 1e-5) {
    if (lossA <= lossB) {
      [high, b, lossB] = [b, a, lossA];
      a = high - GOLDEN * (high - low);
      lossA = temperatureNll(outOfFoldLogProbs, gold, classes, Math.exp(a));
    } else {
      [low, a, lossA] = [a, b, lossB];
      b = low + GOLDEN * (high - low);
      lossB = temperatureNll(outOfFoldLogProbs, gold, classes, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

/** Mean negative log-likelihood of the gold labels under softmax(logProbs / T). */
export function temperatureNll(
  logProbs: ArrayLike<number>,
  gold: ArrayLike<number>,
  classes: number,
  temperature: number,
): number {
  let total = 0;
  for (let r = 0; r < gold.length; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logProbs[r * classes + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logProbs[r * classes + c] / temperature - max);
    total += max + Math.log(sum) - logProbs[r * classes + gold[r]] / temperature;
  }
  return total / gold.length;
}

/**
 * The calibration block of a manifest from out-of-fold probabilities on train (rows of `classes`):
 * T fitted on their logarithms, and their expected calibration error before and after.
 */
export function temperatureCalibration(
  outOfFoldProbs: ArrayLike<number>,
  gold: ArrayLike<number>,
  classes: number,
  folds: number,
): TemperatureCalibration {
  // A probability of exactly 0 (float underflow) would make its log -Infinity: floor it.
  const logProbs = Float64Array.from(outOfFoldProbs, (p) => Math.log(Math.max(p, 1e-30)));
  const temperature = round(fitTemperature(logProbs, gold, classes));
  const calibrated = Float32Array.from(outOfFoldProbs);
  applyTemperature(calibrated, classes, temperature);
  return {
    method: 'temperature',
    temperature,
    folds,
    eceBefore: round(expectedCalibrationError(outOfFoldProbs, gold, classes)),
    eceAfter: round(expectedCalibrationError(calibrated, gold, classes)),
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
