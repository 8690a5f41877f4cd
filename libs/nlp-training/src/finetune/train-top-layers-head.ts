import type { SparseRow, TokenStates } from '@riptide/nlp';
import type { MixedHead } from '../embeddings/mixed-head-graph';
import {
  chooseMix,
  fitSparse,
  type MixedHeadRecipe,
  type MixedHeadSelection,
  type TrainingProgress,
} from '../embeddings/train-mixed-head';
import { predictProbabilities, softmaxInPlace } from '../train/linear-model';
import { balancedClassWeights } from '../train/class-weights';
import { assignFolds, rowsWhere } from '../train/out-of-fold';
import type { DecisionMetric } from '../train/tune-decision-offsets';
import type { TopLayersSpec } from './top-layers-graph';
import { scoreTopLayers, trainTopLayers } from './train-top-layers';

/** How a head on fine-tuned top layers is trained; the epoch count and mixing weight are chosen on held-out train rows. */
export interface TopLayersHeadRecipe {
  readonly layers: number;
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly warmupFraction: number;
  readonly weightDecay: number;
  readonly batchSize: number;
  /** Train is cut into this many folds; fold 0 is held out for the choices, the rest is trained on. */
  readonly folds: number;
  readonly sparse: MixedHeadRecipe['sparse'];
  readonly sparseWeights: readonly number[];
}

/** What the held-out fold chose, and the figures behind each choice (as MixedHeadSelection, on one fold). */
export type TopLayersHeadSelection = Omit<MixedHeadSelection, 'folds'> & {
  readonly held_out: { readonly fold: number; readonly of: number; readonly rows: number };
};

/**
 * Trains a mixed head whose dense part is an encoder's top layers fine-tuned with a linear
 * classifier (train-top-layers.ts), mixed with the hashed n-gram model as in mixed-head-graph.ts.
 * Fine-tuning costs minutes per epoch, so instead of k-fold cross-validation one fold of train is
 * held out: the layers are tuned on the other folds, and the epoch count, the mixing weight and the
 * (cross-fitted) decision offsets are chosen on the held-out fold. Then the layers are tuned again
 * on all of train for the chosen epochs, and the n-gram model is refitted on all of it. Validation
 * never enters.
 */
export async function trainTopLayersHead(
  data: { readonly sparse: readonly SparseRow[]; readonly states: TokenStates; readonly labels: Int32Array },
  initialLayers: ReadonlyMap<string, Float32Array>,
  spec: TopLayersSpec,
  recipe: TopLayersHeadRecipe & { readonly seed: number; readonly threads: number },
  metric: DecisionMetric,
  progress: TrainingProgress = () => undefined,
): Promise<{
  head: MixedHead;
  layers: Map<string, Float32Array>;
  offsets: number[];
  selection: TopLayersHeadSelection;
}> {
  const { classes } = spec;
  const count = data.labels.length;
  const foldOf = assignFolds(count, recipe.folds, recipe.seed);
  const fit = rowsWhere(foldOf, (f) => f !== 0);
  const held = rowsWhere(foldOf, (f) => f === 0);
  const heldLabels = Int32Array.from(held, (row) => data.labels[row]);
  const sparseRecipe = { classes, seed: recipe.seed, sparse: recipe.sparse };

  const sparseFit = fitSparse(data, fit, sparseRecipe);
  const sparseHeld = new Float64Array(held.length * classes);
  held.forEach((row, i) => sparseHeld.set(predictProbabilities(sparseFit, data.sparse[row]), i * classes));

  const denseByEpoch: Float64Array[] = [];
  const tuning = (rows: readonly number[], epochs: number, step: string) =>
    trainTopLayers(data.states, rows, data.labels, {
      spec,
      initial: initialLayers,
      epochs,
      learningRate: recipe.learningRate,
      warmupFraction: recipe.warmupFraction,
      weightDecay: recipe.weightDecay,
      batchSize: recipe.batchSize,
      classWeights: balancedClassWeights(
        Int32Array.from(rows, (row) => data.labels[row]),
        classes,
      ),
      seed: recipe.seed,
      threads: recipe.threads,
      onProgress: (done, total) => progress(step, done, total),
      onEpoch:
        rows === fit
          ? async (_, weights) => {
              const { logits } = await scoreTopLayers(spec, weights, data.states, held, {
                threads: recipe.threads,
              });
              const probs = new Float64Array(logits.length);
              for (let i = 0; i < held.length; i++)
                probs.set(
                  softmaxInPlace(Float64Array.from(logits.subarray(i * classes, (i + 1) * classes))),
                  i * classes,
                );
              denseByEpoch.push(probs);
            }
          : undefined,
    });
  await tuning(
    fit,
    recipe.maxEpochs,
    `fine-tuning the top ${spec.layers} encoder layers on ${recipe.folds - 1}/${recipe.folds} of train`,
  );

  // Offsets are cross-fitted within the held-out fold: tuned on four fifths of it, judged on the rest.
  const choice = chooseMix(
    sparseHeld,
    denseByEpoch,
    heldLabels,
    assignFolds(held.length, 5, recipe.seed),
    recipe.sparseWeights,
    metric,
  );

  const all = Array.from({ length: count }, (_, row) => row);
  progress('fitting the n-gram model on all of train', 0, 1);
  const sparse = fitSparse(data, all, sparseRecipe);
  progress('fitting the n-gram model on all of train', 1, 1);
  // As the other heads are refitted after cross-validation, the layers are tuned again on all of
  // train for the chosen number of epochs.
  const refitted = await tuning(
    all,
    choice.dense_epochs,
    `fine-tuning the top ${spec.layers} encoder layers on all of train`,
  );
  const classifier = {
    dimensions: spec.shape.hidden,
    classes,
    weights: refitted.get('classifier.weight') as Float32Array,
    bias: refitted.get('classifier.bias') as Float32Array,
  };
  const layers = new Map([...refitted].filter(([name]) => !name.startsWith('classifier.')));
  return {
    head: { sparse, dense: { kind: 'linear', linear: classifier }, sparseWeight: choice.sparse_weight },
    layers,
    offsets: choice.offsets.offsets,
    selection: { held_out: { fold: 0, of: recipe.folds, rows: held.length }, ...choice },
  };
}
