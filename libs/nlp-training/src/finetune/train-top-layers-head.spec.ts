import { describe, expect, it } from 'vitest';
import { macroRecall } from '../metrics/classification-metrics';
import { seededRandom, type TokenStates } from '@riptide/nlp';
import { topLayerParameters } from './top-layers-graph';
import { trainTopLayersHead } from './train-top-layers-head';

const SPEC = { shape: { hidden: 8, heads: 2, feedForward: 16 }, layers: 1, classes: 2 };

describe('trainTopLayersHead', () => {
  it('chooses epochs, mixing weight and offsets on the held-out fold and returns a servable head', async () => {
    const random = seededRandom(4);
    const count = 400;
    const offsets = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + 3;
    const values = Float32Array.from({ length: offsets[count] * 8 }, () => random() * 2 - 1);
    const states: TokenStates = { width: 8, offsets, values };
    // The label follows the token states; the sparse feature is a noisy copy of it.
    const labels = Int32Array.from({ length: count }, (_, i) =>
      values[offsets[i] * 8] + values[(offsets[i] + 1) * 8] > 0 ? 1 : 0,
    );
    const sparse = Array.from(labels, (label) => ({
      indices: Int32Array.of(random() < 0.7 ? label : 1 - label),
      values: Float32Array.of(1),
    }));
    const initial = new Map(
      topLayerParameters(SPEC)
        .filter((p) => p.name.startsWith('layer'))
        .map((p) => [
          p.name,
          Float32Array.from({ length: p.dims.reduce((a, b) => a * b, 1) }, () =>
            p.name.endsWith('_norm.weight') ? 1 : (random() - 0.5) * 0.2,
          ),
        ]),
    );
    const steps: string[] = [];
    const result = await trainTopLayersHead(
      { sparse, states, labels },
      initial,
      SPEC,
      {
        layers: 1,
        maxEpochs: 3,
        learningRate: 3e-3,
        warmupFraction: 0.1,
        weightDecay: 0.01,
        batchSize: 16,
        folds: 5,
        sparse: { dimensions: 2, epochs: 2, learningRate: 0.1, l2: 1e-4, nbFeatureScaling: false },
        sparseWeights: [0.2, 0.5, 0.8],
        seed: 1,
        threads: 1,
      },
      (gold, predicted) => macroRecall(gold, predicted, [0, 1]),
      (step) => steps.push(step),
    );
    const { selection, head, layers } = result;
    expect(selection.held_out).toEqual({ fold: 0, of: 5, rows: 80 });
    expect(selection.dense_alone_by_epoch).toHaveLength(3);
    expect(selection.dense_epochs).toBeGreaterThanOrEqual(1);
    expect([0.2, 0.5, 0.8]).toContain(selection.sparse_weight);
    expect(selection.mixed).toBe(Math.max(...Object.values(selection.mix_by_sparse_weight), selection.mixed));
    expect(selection.mixed).toBeGreaterThan(0.75);
    expect(head.sparseWeight).toBe(selection.sparse_weight);
    expect(head.dense.kind === 'linear' && head.dense.linear.weights.length).toBe(8 * 2);
    expect([...layers.keys()]).toEqual(
      topLayerParameters(SPEC)
        .filter((p) => p.name.startsWith('layer'))
        .map((p) => p.name),
    );
    expect(steps).toContain('fine-tuning the top 1 encoder layers on 4/5 of train');
    expect(steps).toContain('fine-tuning the top 1 encoder layers on all of train');
  });
});
