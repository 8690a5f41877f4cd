import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTemperature, type Classification, type TextClassifier } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './calibration-error';
import { evaluateTweetEval } from './evaluate-tweeteval';

const LABELS = ['a', 'b', 'c'];
const RAW: Record<string, number[]> = {
  one: [0.9, 0.05, 0.05],
  two: [0.2, 0.7, 0.1],
  three: [0.3, 0.3, 0.4],
  four: [0.6, 0.3, 0.1],
};

/** Serves RAW's row for each text, calibrated by `temperature` when one is given; labels by raw argmax. */
function fakeClassifier(task: 'sentiment' | 'stance', temperature?: number): TextClassifier {
  return {
    id: `${task}-fake`,
    task,
    labels: LABELS,
    calibration:
      temperature === undefined
        ? undefined
        : { method: 'temperature', temperature, folds: 5, eceBefore: 0, eceAfter: 0 },
    async classify(texts: readonly string[]): Promise<Classification[]> {
      return texts.map((text) => {
        const probs = Float32Array.from(RAW[text]);
        const label = LABELS[probs.indexOf(Math.max(...probs))];
        if (temperature !== undefined) applyTemperature(probs, 3, temperature);
        return { label, probs };
      });
    },
    close: async () => undefined,
  };
}

function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'riptide-eval-'));
  for (const dir of [join(root, 'sentiment'), join(root, 'stance', 'abortion')]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'val_text.txt'), 'one\ntwo\nthree\nfour\n');
    writeFileSync(join(dir, 'val_labels.txt'), '0\n1\n0\n1\n');
  }
  return root;
}

describe('evaluateTweetEval', () => {
  const gold = [0, 1, 0, 1];
  const rawProbs = Object.values(RAW).flat();

  it('reports the ECE of the served probabilities, and a bootstrap interval around each figure', async () => {
    const report = await evaluateTweetEval(folder(), 'val', {
      sentiment: fakeClassifier('sentiment'),
      stance: fakeClassifier('stance'),
    });
    expect(report.sentiment.ece).toBeCloseTo(expectedCalibrationError(rawProbs, gold, 3), 6);
    expect(report.sentiment.ece_uncalibrated).toBeUndefined();
    expect(report.sentiment.macro_recall).toBeCloseTo(1 / 3, 6);
    const [low, high] = report.sentiment.macro_recall_bootstrap_95;
    expect(low).toBeLessThanOrEqual(report.sentiment.macro_recall);
    expect(high).toBeGreaterThanOrEqual(report.sentiment.macro_recall);
    expect(report.stance?.ece).toBeCloseTo(report.sentiment.ece, 6);
    expect(report.stance?.f_avg_bootstrap_95).toHaveLength(2);
  });

  it('with a calibrated classifier, reports both ECEs and the same labels', async () => {
    const plain = await evaluateTweetEval(folder(), 'val', {
      sentiment: fakeClassifier('sentiment'),
      stance: fakeClassifier('stance'),
    });
    const calibrated = await evaluateTweetEval(folder(), 'val', {
      sentiment: fakeClassifier('sentiment', 2),
      stance: fakeClassifier('stance', 2),
    });
    const served = Float32Array.from(rawProbs);
    applyTemperature(served, 3, 2);
    expect(calibrated.sentiment.ece).toBeCloseTo(expectedCalibrationError(served, gold, 3), 6);
    expect(calibrated.sentiment.ece).not.toBeCloseTo(plain.sentiment.ece, 3);
    expect(calibrated.sentiment.ece_uncalibrated).toBeCloseTo(plain.sentiment.ece, 5);
    expect(calibrated.sentiment.temperature).toBe(2);
    expect(calibrated.stance?.ece_uncalibrated).toBeCloseTo(plain.stance?.ece ?? NaN, 5);
    expect(calibrated.sentiment.per_class).toEqual(plain.sentiment.per_class);
  });
});
