/**
 * Temperature scaling (Guo et al. 2017): a model's probabilities p are served as softmax(log p / T),
 * with T fitted on out-of-fold predictions on the training split (libs/nlp-training calibration).
 * T > 1 flattens over-confident probabilities, T < 1 sharpens under-confident ones. It is monotone
 * within a row, so the argmax is unchanged; decisions with offsets are taken on the uncalibrated
 * log-probabilities, so calibrating never changes a label.
 */
export interface TemperatureCalibration {
  readonly method: 'temperature';
  readonly temperature: number;
  /** Folds of the out-of-fold predictions T was fitted on (1 when one held-out fold was predicted). */
  readonly folds: number;
  /** Expected calibration error (15 bins on the max probability) of those predictions before and after. */
  readonly eceBefore: number;
  readonly eceAfter: number;
}

/** probs: rows of `classes` probabilities, rescaled in place as softmax(log p / T). */
export function applyTemperature(probs: Float32Array, classes: number, temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new Error(`temperature: must be a positive finite number, got ${temperature}`);
  if (!Number.isInteger(classes) || classes < 1 || probs.length % classes !== 0)
    throw new Error(`classes: ${probs.length} probabilities are not rows of ${classes}`);
  if (temperature === 1) return;
  const power = 1 / temperature;
  for (let start = 0; start < probs.length; start += classes) {
    let max = 0;
    for (let c = 0; c < classes; c++) max = Math.max(max, probs[start + c]);
    if (max === 0) continue;
    // softmax(log p / T) = (p / max)^(1/T) normalised: no logarithm, and exact for p = 0.
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += probs[start + c] = Math.pow(probs[start + c] / max, power);
    for (let c = 0; c < classes; c++) probs[start + c] /= sum;
  }
}

/**
 * Validates a manifest's `calibration` block. A problem goes to `fail` with its dotted field
 * (`calibration.temperature`); by default it is thrown as an Error `<field>: <problem>`.
 */
export function parseTemperatureCalibration(
  value: unknown,
  fail: (field: string, problem: string) => never = (field, problem) => {
    throw new Error(`${field}: ${problem}`);
  },
): TemperatureCalibration {
  const failField = (field: string, problem: string): never => fail(`calibration.${field}`, problem);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('calibration', `must be an object, got ${JSON.stringify(value)}`);
  const block = value as Record<string, unknown>;
  if (block.method !== 'temperature')
    failField('method', `must be "temperature", got ${JSON.stringify(block.method)}`);
  const temperature = block.temperature;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature))
    failField('temperature', `must be a positive finite number, got ${JSON.stringify(temperature)}`);
  const folds = block.folds;
  if (typeof folds !== 'number' || !Number.isInteger(folds) || folds < 1)
    failField('folds', `must be an integer >= 1, got ${JSON.stringify(folds)}`);
  const ece = (field: 'eceBefore' | 'eceAfter'): number => {
    const v = block[field];
    return typeof v === 'number' && v >= 0 && v <= 1
      ? v
      : failField(field, `must be a number in [0, 1], got ${JSON.stringify(v)}`);
  };
  return {
    method: 'temperature',
    temperature: temperature as number,
    folds: folds as number,
    eceBefore: ece('eceBefore'),
    eceAfter: ece('eceAfter'),
  };
}
