import { describe, expect, it } from 'vitest';
import { macroRecall } from '../metrics/classification-metrics';
import { seededRandom, type TokenStates } from '@riptide/nlp';
import { topLayerParameters } from './top-layers-graph';
import { lengthGroupedBatches, scoreTopLayers, trainTopLayers } from './train-top-layers';

const SPEC = { shape: { hidden: 8, heads: 2, feedForward: 16 }, layers: 1, classes: 2 };

/** Texts of 2-6 random tokens; the label is whether token dimension 0 averages above zero. */
function syntheticStates(count: number, seed: number): { states: TokenStates; labels: Int32Array } {
  const random = seededRandom(seed);
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + 2 + Math.floor(random() * 5);
  const values = Float32Array.from({ length: offsets[count] * 8 }, () => random() * 2 - 1);
  const labels = Int32Array.from({ length: count }, (_, i) => {
    let sum = 0;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) sum += values[t * 8];
    return sum > 0 ? 1 : 0;
  });
  return { states: { width: 8, offsets, values }, labels };
}

function identityLayer(): Map<string, Float32Array> {
  // A layer that starts near the identity: small random projections, unit LayerNorm gains.
  const random = seededRandom(3);
  return new Map(
    topLayerParameters(SPEC)
      .filter((p) => p.name.startsWith('layer'))
      .map((p) => {
        const size = p.dims.reduce((a, b) => a * b, 1);
        const gain = p.name.endsWith('_norm.weight') ? 1 : 0;
        return [p.name, Float32Array.from({ length: size }, () => gain + (random() - 0.5) * 0.2)];
      }),
  );
}

describe('trainTopLayers', () => {
  it('learns a rule hidden in the token states, and reports each epoch', async () => {
    const { states, labels } = syntheticStates(600, 1);
    const rows = Array.from({ length: 500 }, (_, i) => i);
    const held = Array.from({ length: 100 }, (_, i) => 500 + i);
    const losses: number[] = [];
    const epochs: number[] = [];
    const weights = await trainTopLayers(states, rows, labels, {
      spec: SPEC,
      initial: identityLayer(),
      epochs: 6,
      learningRate: 3e-3,
      warmupFraction: 0.1,
      weightDecay: 0.01,
      batchSize: 16,
      classWeights: [1, 1],
      seed: 1,
      threads: 1,
      onProgress: (_, __, meanLoss) => losses.push(meanLoss),
      onEpoch: async (epoch) => void epochs.push(epoch),
    });
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(losses.at(-1)).toBeLessThan(losses[9]);
    const { logits, pooled } = await scoreTopLayers(SPEC, weights, states, held, { threads: 1 });
    expect(pooled).toHaveLength(held.length * 8);
    const predicted = Int32Array.from(held, (_, i) => (logits[2 * i + 1] > logits[2 * i] ? 1 : 0));
    const gold = Int32Array.from(held, (row) => labels[row]);
    expect(macroRecall(gold, predicted, [0, 1])).toBeGreaterThan(0.8);
  });

  it('is deterministic for a seed', async () => {
    const { states, labels } = syntheticStates(80, 2);
    const rows = Array.from({ length: 80 }, (_, i) => i);
    const options = {
      spec: SPEC,
      initial: identityLayer(),
      epochs: 1,
      learningRate: 1e-3,
      warmupFraction: 0.1,
      weightDecay: 0.01,
      batchSize: 16,
      classWeights: [1, 1],
      seed: 5,
      threads: 1,
    };
    const first = await trainTopLayers(states, rows, labels, options);
    const second = await trainTopLayers(states, rows, labels, options);
    for (const [name, values] of first) expect(second.get(name)).toEqual(values);
  });

  it('refuses a start without the layer weights', async () => {
    const { states, labels } = syntheticStates(10, 3);
    await expect(
      trainTopLayers(states, [0, 1], labels, {
        spec: SPEC,
        initial: new Map(),
        epochs: 1,
        learningRate: 1e-3,
        warmupFraction: 0,
        weightDecay: 0,
        batchSize: 2,
        classWeights: [1, 1],
        seed: 1,
        threads: 1,
      }),
    ).rejects.toThrow('initial: layer0.query.weight is missing');
  });
});

describe('lengthGroupedBatches', () => {
  it('puts every row in exactly one batch, with similar lengths together', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const lengthOf = (row: number) => (row * 7919) % 61;
    const batches = lengthGroupedBatches(rows, lengthOf, 10, seededRandom(1));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(rows);
    expect(batches.every((batch) => batch.length <= 10)).toBe(true);
    const spread = batches.map((b) => Math.max(...b.map(lengthOf)) - Math.min(...b.map(lengthOf)));
    expect(spread.reduce((a, b) => a + b, 0) / spread.length).toBeLessThan(5);
  });
});
