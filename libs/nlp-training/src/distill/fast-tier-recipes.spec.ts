import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAST_MODELS_DIR, FAST_TIER_FILES } from '@riptide/nlp';
import { SENTIMENT_FAST, STANCE_FAST } from './fast-tier-recipes';

// Retraining with these recipes must give the committed heads: a recipe changed without
// retraining (or a retrain without the recipe) shows up here first.
describe('the fast tier recipes', () => {
  it.each([
    [SENTIMENT_FAST, FAST_TIER_FILES.sentiment],
    [STANCE_FAST, FAST_TIER_FILES.stance],
  ] as const)('$id: featuriser and training settings are those of the committed manifest', (recipe, file) => {
    const manifest = JSON.parse(readFileSync(join(FAST_MODELS_DIR, file), 'utf8')) as {
      id: string;
      featuriser: unknown;
      embedding: { layout: string };
      training: { sparse: Record<string, unknown>; dense: Record<string, unknown> };
    };
    expect(manifest.id).toBe(recipe.id);
    expect(manifest.featuriser).toEqual(JSON.parse(JSON.stringify(recipe.featuriser)));
    expect(manifest.embedding.layout).toBe(recipe.denseLayout);
    expect(manifest.training.sparse).toMatchObject(recipe.training.sparse);
    expect(manifest.training.dense).toMatchObject(recipe.training.dense);
  });
});
