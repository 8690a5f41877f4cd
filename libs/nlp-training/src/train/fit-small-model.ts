import { weightRows, type SparseRow } from '@riptide/nlp';
import { balancedClassWeights } from './class-weights';
import type { LinearModel } from './linear-model';
import { nbLogCountRatios } from './nb-log-count-ratios';
import type { SmallModelRecipe } from './small-model-recipes';
import { trainSoftmaxRegression } from './softmax-regression';
import { fitSharedAndBlockModels } from './target-blocks';

/**
 * Fits one small model with its recipe on featurised rows: NB-scaled softmax regression with
 * balanced class weights, and with target blocks (stance) a joint model and per-target models
 * averaged into one linear model. The one fitting routine behind the shipped models, their
 * cross-validation and their out-of-fold confusion matrices, so all three see the same recipe.
 * `onEpoch` reports the epochs of a model without target blocks (the sentiment fit).
 */
export function fitSmallModel(
  recipe: SmallModelRecipe,
  rows: readonly SparseRow[],
  labels: Int32Array,
  onEpoch?: (done: number, total: number) => void,
): LinearModel {
  const classes = recipe.labels.length;
  const fitOne = (
    fitRows: readonly SparseRow[],
    fitLabels: Int32Array,
    dimensions: number,
    onFitEpoch?: (done: number, total: number) => void,
  ) =>
    trainSoftmaxRegression(fitRows, fitLabels, {
      dimensions,
      classes,
      epochs: recipe.epochs,
      learningRate: recipe.learningRate,
      l2: recipe.l2,
      classWeights: balancedClassWeights(fitLabels, classes),
      seed: recipe.seed,
      featureScale: recipe.nbFeatureScaling
        ? nbLogCountRatios(fitRows, fitLabels, dimensions, classes)
        : undefined,
      onEpoch: onFitEpoch,
    });
  return recipe.featuriser.targetBlocks
    ? fitSharedAndBlockModels(rows, labels, recipe.featuriser, (r, l, d) => fitOne(r, l, d), {
        joint: recipe.jointModel ?? true,
      })
    : fitOne(rows, labels, weightRows(recipe.featuriser), onEpoch);
}
