import { join } from 'node:path';
import { readTaskExamples } from '../data/task-examples';
import { HashedFeaturiser, loadModelFiles, type ConfusionFileJson } from '@riptide/nlp';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { fitSmallModel } from '../train/fit-small-model';
import { outOfFoldProbabilities } from '../train/out-of-fold';
import type { SmallModelRecipe } from '../train/small-model-recipes';
import { outOfFoldConfusionFile, type ConfusionProgress } from './out-of-fold-confusion';

/** Folds of the small recipe's own cross-validation (train-small-models.ts), so the partitions agree. */
export const SMALL_MODEL_FOLDS = 5;

/**
 * The out-of-fold confusion of a committed small model (`<modelsDir>/<recipe.id>.json`): its
 * training split featurised by its recipe, 5 fold models fitted by fitSmallModel (the function
 * that fits the shipped model) with weights rounded to float16 as the export stores them, and
 * labels decided by the manifest's offsets. Deterministic: the recipe's seed deals the folds and
 * orders the training. Throws when the committed manifest is not the recipe's id and version (the
 * matrices would describe another model) or its ONNX checksum does not match.
 */
export function smallModelConfusion(
  recipe: SmallModelRecipe,
  options: { readonly dataDir: string; readonly modelsDir: string; readonly onProgress?: ConfusionProgress },
): ConfusionFileJson {
  const progress = options.onProgress ?? (() => undefined);
  const { manifest } = loadModelFiles(join(options.modelsDir, `${recipe.id}.json`));
  if (manifest.id !== recipe.id || manifest.version !== recipe.version)
    throw new Error(
      `${recipe.id}.json: id@version: the committed model is ${manifest.id}@${manifest.version}, the recipe ${recipe.id}@${recipe.version}; retrain (riptide train models) before estimating its confusion`,
    );
  const train = readTaskExamples(options.dataDir, recipe.task, 'train');
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  const featurising = `${recipe.id}: featurising train`;
  const rows = train.texts.map((text, i) => {
    if (i % 1000 === 0) progress(featurising, i, train.texts.length);
    return featuriser.featurise(text, train.targets[i]);
  });
  progress(featurising, rows.length, rows.length);
  const folding = `${recipe.id}: fold models`;
  progress(folding, 0, SMALL_MODEL_FOLDS);
  const probs = outOfFoldProbabilities(
    rows,
    train.labels,
    {
      folds: SMALL_MODEL_FOLDS,
      classes: recipe.labels.length,
      seed: recipe.seed,
      onFold: (done, total) => progress(folding, done, total),
    },
    (fitRows, fitLabels) => roundWeightsToFloat16(fitSmallModel(recipe, fitRows, fitLabels)),
  );
  return outOfFoldConfusionFile(
    manifest,
    train,
    { probs, folds: SMALL_MODEL_FOLDS, seed: recipe.seed },
    `${recipe.epochs} epochs, learning rate ${recipe.learningRate}, L2 ${recipe.l2}${recipe.nbFeatureScaling ? ', NB feature scaling' : ''}${recipe.featuriser.targetBlocks ? ', joint and per-target block models averaged' : ''}, weights rounded to float16`,
  );
}
