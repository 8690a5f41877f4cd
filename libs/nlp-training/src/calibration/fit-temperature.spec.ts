import { seededRandom } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from '../metrics/calibration-error';
import { fitTemperature, temperatureCalibration, temperatureNll } from './fit-temperature';

/**
 * Rows whose gold labels are drawn from softmax(z), reported by a model as softmax(z * sharpness):
 * over-confident for sharpness > 1, so the temperature that undoes it is `sharpness`.
 */
function overconfident(rows: number, sharpness: number, seed = 3) {
  const random = seededRandom(seed);
  const classes = 3;
  const probs = new Float64Array(rows * classes);
  const gold = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const z = [0, 1, 2].map(() => 2 * (random() - 0.5) * 1.5);
    const softmax = (scale: number) => {
      const e = z.map((v) => Math.exp(v * scale));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    const truth = softmax(1);
    const draw = random();
    gold[r] = draw < truth[0] ? 0 : draw < truth[0] + truth[1] ? 1 : 2;
    probs.set(softmax(sharpness), r * classes);
  }
  return { probs, gold, logProbs: probs.map(Math.log) };
}

describe('fitTemperature', () => {
  it('recovers the temperature of an over- and of an under-confident model', () => {
    for (const sharpness of [2.5, 0.6]) {
      const { logProbs, gold } = overconfident(20_000, sharpness);
      expect(fitTemperature(logProbs, gold, 3)).toBeCloseTo(sharpness, 1);
    }
  });

  it('finds the minimum of the negative log-likelihood', () => {
    const { logProbs, gold } = overconfident(5_000, 2);
    const t = fitTemperature(logProbs, gold, 3);
    const best = temperatureNll(logProbs, gold, 3, t);
    for (const other of [1, t * 0.9, t * 1.1])
      expect(best).toBeLessThan(temperatureNll(logProbs, gold, 3, other));
  });

  it('rejects predictions that do not match the gold labels', () => {
    expect(() => fitTemperature(new Float64Array(5), new Int32Array(2), 3)).toThrow(/outOfFoldLogProbs/);
    expect(() => fitTemperature(new Float64Array(0), new Int32Array(0), 3)).toThrow(/gold/);
  });
});

describe('temperatureCalibration', () => {
  it('reports the fitted temperature and a lower calibration error after it', () => {
    const { probs, gold } = overconfident(10_000, 2.5);
    const calibration = temperatureCalibration(probs, gold, 3, 5);
    expect(calibration).toMatchObject({ method: 'temperature', folds: 5 });
    expect(calibration.temperature).toBeGreaterThan(2);
    expect(calibration.eceBefore).toBeCloseTo(expectedCalibrationError(probs, gold, 3), 4);
    expect(calibration.eceAfter).toBeLessThan(calibration.eceBefore / 3);
  });
});
