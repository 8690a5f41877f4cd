import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '@riptide/nlp';
import { manifestSettings, shippedSparseRecipe } from './manifest-settings';

function manifest(training: Record<string, unknown>): ModelManifest {
  return {
    id: 'stance-accurate',
    training,
    metrics: { train_cross_validation: { folds: 5 } },
  } as unknown as ModelManifest;
}

const sparse = { dimensions: 131072, epochs: 10, learningRate: 0.1, l2: 1e-4, nbFeatureScaling: true };

describe('manifestSettings', () => {
  it('reads settings by dotted path from training and metrics', () => {
    const settings = manifestSettings(manifest({ seed: 1, sparse }));
    expect(settings.number('training.seed')).toBe(1);
    expect(settings.number('metrics.train_cross_validation.folds')).toBe(5);
    expect(shippedSparseRecipe(settings)).toEqual(sparse);
  });

  it('names the path of a missing or mistyped setting', () => {
    const settings = manifestSettings(
      manifest({ seed: '1', sparse: { ...sparse, nbFeatureScaling: 'yes' } }),
    );
    expect(() => settings.number('training.seed')).toThrow(
      /^stance-accurate\.json: training\.seed: must be a number .*got "1"$/,
    );
    expect(() => settings.number('training.dense.epochs')).toThrow(
      /training\.dense\.epochs: must be a number .*got nothing/,
    );
    expect(() => shippedSparseRecipe(settings)).toThrow(
      /training\.sparse\.nbFeatureScaling: must be true or false/,
    );
  });
});
