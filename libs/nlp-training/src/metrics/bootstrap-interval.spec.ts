import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from './bootstrap-interval';
import { macroRecall } from './classification-metrics';

describe('bootstrapInterval', () => {
  const accuracy = (gold: Int32Array, predicted: Int32Array) =>
    gold.reduce((sum, g, i) => sum + (g === predicted[i] ? 1 : 0), 0) / gold.length;
  const gold = Int32Array.from({ length: 200 }, (_, i) => i % 3);
  // Right on 3 of every 4 rows.
  const predicted = gold.map((g, i) => (i % 4 === 0 ? (g + 1) % 3 : g));

  it('brackets the sample figure, narrower for a larger sample, and is reproducible', () => {
    const [low, high] = bootstrapInterval(gold, predicted, accuracy);
    expect(low).toBeLessThan(0.75);
    expect(high).toBeGreaterThan(0.75);
    expect(bootstrapInterval(gold, predicted, accuracy)).toEqual([low, high]);
    const repeat = (a: Int32Array) => Int32Array.from({ length: a.length * 10 }, (_, i) => a[i % a.length]);
    const [bigLow, bigHigh] = bootstrapInterval(repeat(gold), repeat(predicted), accuracy);
    expect(bigHigh - bigLow).toBeLessThan(high - low);
  });

  it('is a point when every prediction is right', () => {
    expect(bootstrapInterval(gold, gold, (g, p) => macroRecall(g, p, [0, 1, 2]))).toEqual([1, 1]);
  });

  it('names the problem with mismatched input', () => {
    expect(() => bootstrapInterval(gold, predicted.subarray(1), accuracy)).toThrow(
      'predicted: expected 200 predictions (one per gold label), got 199',
    );
  });
});
