import type { ModelManifest } from '@riptide/nlp';

/** Typed reads of a manifest's free-form `training` and `metrics` settings by dotted path. */
export interface ManifestSettings {
  number(path: string): number;
  boolean(path: string): boolean;
}

/**
 * The settings a shipped model was trained with, read back from its manifest so that fold models
 * are refitted with exactly them; a missing or mistyped one is an error naming its path.
 */
export function manifestSettings(manifest: ModelManifest): ManifestSettings {
  const source = `${manifest.id}.json`;
  const root: Record<string, unknown> = { training: manifest.training, metrics: manifest.metrics };
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (value, key) =>
          typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
        root,
      );
  const fail = (path: string, expected: string): never => {
    throw new Error(
      `${source}: ${path}: must be ${expected} (fold models are refitted with the manifest's settings), got ${JSON.stringify(at(path)) ?? 'nothing'}`,
    );
  };
  return {
    number(path) {
      const value = at(path);
      return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number');
    },
    boolean(path) {
      const value = at(path);
      return typeof value === 'boolean' ? value : fail(path, 'true or false');
    },
  };
}

/** The hashed n-gram part of an accurate-tier head, as train-accurate-tier.ts writes it. */
export function shippedSparseRecipe(settings: ManifestSettings) {
  return {
    dimensions: settings.number('training.sparse.dimensions'),
    epochs: settings.number('training.sparse.epochs'),
    learningRate: settings.number('training.sparse.learningRate'),
    l2: settings.number('training.sparse.l2'),
    nbFeatureScaling: settings.boolean('training.sparse.nbFeatureScaling'),
  };
}
