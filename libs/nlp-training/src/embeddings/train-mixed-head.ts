import type { SparseRow } from '@riptide/nlp';
import { predictProbabilities, type LinearModel } from '../train/linear-model';
import { balancedClassWeights } from '../train/class-weights';
import { averageMlpHeads } from '../train/mlp-ensemble';
import { trainMlpHead, type DenseMatrix, type MlpHead } from '../train/mlp-head';
import { nbLogCountRatios } from '../train/nb-log-count-ratios';
import { assignFolds, rowsWhere } from '../train/out-of-fold';
import { trainSoftmaxRegression } from '../train/softmax-regression';
import { crossFittedOffsets, type CrossFittedOffsets } from '../train/cross-fitted-offsets';
import { decide, type DecisionMetric } from '../train/tune-decision-offsets';
import { denseAsSparse, denseHeadProbabilities, type DenseHead, type MixedHead } from './mixed-head-graph';

/** The dense head: an MLP whose epoch count (1..maxEpochs) cross-validation picks, or a linear layer. */
export type DenseRecipe =
  | {
      readonly kind: 'mlp';
      readonly hidden: number;
      readonly maxEpochs: number;
      readonly learningRate: number;
      readonly weightDecay: number;
      readonly dropout: number;
      readonly batchSize: number;
      /** MLPs trained from different seeds and averaged into one wider MLP (train/mlp-ensemble.ts). */
      readonly seeds: number;
    }
  | { readonly kind: 'linear'; readonly epochs: number; readonly learningRate: number; readonly l2: number };

/** How a mixed head is trained; every choice listed as candidates is made by cross-validation on train. */
export interface MixedHeadRecipe {
  readonly classes: number;
  readonly folds: number;
  readonly seed: number;
  readonly sparse: {
    readonly dimensions: number;
    readonly epochs: number;
    readonly learningRate: number;
    readonly l2: number;
    readonly nbFeatureScaling: boolean;
  };
  readonly dense: DenseRecipe;
  /** Candidate weights of the sparse model in the mix (1 - weight goes to the MLP). */
  readonly sparseWeights: readonly number[];
}

export interface MixedHeadTrainingData {
  readonly sparse: readonly SparseRow[];
  readonly dense: DenseMatrix;
  readonly labels: Int32Array;
}

/** What cross-validation chose, and the out-of-fold figures behind each choice. */
export interface MixedHeadSelection {
  readonly folds: number;
  readonly sparse_alone: number;
  /** The dense head alone: by MLP epoch count, or one figure for a linear layer. */
  readonly dense_alone_by_epoch: number[];
  readonly dense_epochs: number;
  readonly sparse_weight: number;
  /** Out-of-fold metric of each candidate sparse weight, at the chosen epoch count. */
  readonly mix_by_sparse_weight: Record<string, number>;
  readonly mixed: number;
  readonly offsets: CrossFittedOffsets;
  /** Out-of-fold metric of the shipped decision rule (offsets tuned on all folds: optimistic). */
  readonly mixed_with_offsets: number;
}

/** Progress of a training step (cross-validation folds, epochs, final fits), for a progress bar. */
export type TrainingProgress = (step: string, done: number, total: number) => void;

/** Seeds of an MLP ensemble's members: seed, seed + 1000, seed + 2000, ... */
const MEMBER_SEED_STRIDE = 1000;

/**
 * Trains a mixed head (hashed linear model + dense head on the embedding, see mixed-head-graph.ts):
 * k-fold cross-validation on train gives out-of-fold probabilities of the sparse model and of the
 * dense head (an MLP after each epoch); the MLP's epoch count and the mixing weight are those with the best
 * out-of-fold metric, and the decision offsets are tuned on the mixed out-of-fold probabilities
 * and shrunk by cross-fitting (cross-fitted-offsets.ts). Then both parts are refitted on all of
 * train. Validation data never enters: the caller reports on it afterwards.
 */
export function trainMixedHead(
  data: MixedHeadTrainingData,
  recipe: MixedHeadRecipe,
  metric: DecisionMetric,
  progress: TrainingProgress = () => undefined,
): {
  head: MixedHead;
  offsets: number[];
  selection: MixedHeadSelection;
  /** Out-of-fold probabilities of the chosen mix (epoch count and weight): what calibration and confusion estimates read. */
  outOfFold: Float64Array;
} {
  const { classes, folds } = recipe;
  const count = data.labels.length;
  if (data.sparse.length !== count || data.dense.count !== count)
    throw new Error(
      `data: ${count} labels, ${data.sparse.length} sparse rows and ${data.dense.count} dense rows must agree`,
    );
  const foldOf = assignFolds(count, folds, recipe.seed);
  const sparseOof = new Float64Array(count * classes);
  const candidates = recipe.dense.kind === 'mlp' ? recipe.dense.maxEpochs : 1;
  const denseOof = Array.from({ length: candidates }, () => new Float64Array(count * classes));
  const step = `${folds}-fold cross-validation on train`;
  progress(step, 0, folds);
  for (let fold = 0; fold < folds; fold++) {
    const fitRows = rowsWhere(foldOf, (f) => f !== fold);
    const heldRows = rowsWhere(foldOf, (f) => f === fold);
    const sparse = fitSparse(data, fitRows, recipe);
    for (const row of heldRows) sparseOof.set(predictProbabilities(sparse, data.sparse[row]), row * classes);
    fitDense(data, fitRows, recipe, candidates, (epoch, head) => {
      for (const row of heldRows)
        denseOof[epoch - 1].set(denseHeadProbabilities(head, denseRow(data.dense, row)), row * classes);
    });
    progress(step, fold + 1, folds);
  }

  const selection = chooseMix(sparseOof, denseOof, data.labels, foldOf, recipe.sparseWeights, metric);

  const all = Array.from({ length: count }, (_, row) => row);
  progress('fitting on all of train', 0, 2);
  const sparse = fitSparse(data, all, recipe);
  progress('fitting on all of train', 1, 2);
  const dense = fitDense(data, all, recipe, selection.dense_epochs);
  progress('fitting on all of train', 2, 2);
  return {
    head: { sparse, dense, sparseWeight: selection.sparse_weight },
    offsets: selection.offsets.offsets,
    selection: { folds, ...selection },
    outOfFold: mixProbabilities(
      sparseOof,
      denseOof[selection.dense_epochs - 1],
      selection.sparse_weight,
      classes,
    ),
  };
}

/**
 * Chooses a mixed head's dense epoch count and sparse weight: the pair whose mix of held-out
 * probabilities (`denseByEpoch[e]` after epoch e + 1) scores best, ties to the earlier candidate;
 * then decision offsets on the chosen mix, cross-fitted over `foldOf` (cross-fitted-offsets.ts).
 */
export function chooseMix(
  sparse: Float64Array,
  denseByEpoch: readonly Float64Array[],
  labels: Int32Array,
  foldOf: Int32Array,
  sparseWeights: readonly number[],
  metric: DecisionMetric,
): Omit<MixedHeadSelection, 'folds'> {
  const classes = sparse.length / labels.length;
  const score = (probs: Float64Array) => metric(labels, decide(probs, classes, new Array(classes).fill(0)));
  let best = { epochs: 1, weight: sparseWeights[0], score: -Infinity };
  denseByEpoch.forEach((dense, e) => {
    for (const weight of sparseWeights) {
      const mixed = score(mixProbabilities(sparse, dense, weight, classes));
      if (mixed > best.score + 1e-12) best = { epochs: e + 1, weight, score: mixed };
    }
  });
  const chosen = denseByEpoch[best.epochs - 1];
  const mixed = mixProbabilities(sparse, chosen, best.weight, classes);
  const offsets = crossFittedOffsets(mixed, labels, classes, foldOf, metric);
  return {
    sparse_alone: score(sparse),
    dense_alone_by_epoch: denseByEpoch.map(score),
    dense_epochs: best.epochs,
    sparse_weight: best.weight,
    mix_by_sparse_weight: Object.fromEntries(
      sparseWeights.map((w) => [String(w), score(mixProbabilities(sparse, chosen, w, classes))]),
    ),
    mixed: best.score,
    offsets,
    mixed_with_offsets: metric(labels, decide(mixed, classes, offsets.offsets)),
  };
}

/** Row-wise softmax(w · log p + (1 - w) · log q): the mixed graph's rule, on whole probability arrays. */
export function mixProbabilities(
  sparse: Float64Array,
  dense: Float64Array,
  sparseWeight: number,
  classes: number,
): Float64Array {
  const mixed = new Float64Array(sparse.length);
  for (let row = 0; row < sparse.length; row += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      mixed[row + c] =
        sparseWeight * Math.log(sparse[row + c]) + (1 - sparseWeight) * Math.log(dense[row + c]);
      max = Math.max(max, mixed[row + c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += mixed[row + c] = Math.exp(mixed[row + c] - max);
    for (let c = 0; c < classes; c++) mixed[row + c] /= sum;
  }
  return mixed;
}

/** The hashed n-gram model of a mixed head, fitted on `rows` (NB-scaled, balanced class weights). */
export function fitSparse(
  data: Pick<MixedHeadTrainingData, 'sparse' | 'labels'>,
  rows: readonly number[],
  recipe: Pick<MixedHeadRecipe, 'classes' | 'seed' | 'sparse'>,
): LinearModel {
  const fitRows = rows.map((row) => data.sparse[row]);
  const labels = Int32Array.from(rows, (row) => data.labels[row]);
  const { dimensions, epochs, learningRate, l2, nbFeatureScaling } = recipe.sparse;
  return trainSoftmaxRegression(fitRows, labels, {
    dimensions,
    classes: recipe.classes,
    epochs,
    learningRate,
    l2,
    classWeights: balancedClassWeights(labels, recipe.classes),
    seed: recipe.seed,
    featureScale: nbFeatureScaling
      ? nbLogCountRatios(fitRows, labels, dimensions, recipe.classes)
      : undefined,
  });
}

/** Fits the dense head on `rows`; an MLP reports itself after each epoch, a linear layer once. */
export function fitDense(
  data: MixedHeadTrainingData,
  rows: readonly number[],
  recipe: MixedHeadRecipe,
  epochs: number,
  onEpoch?: (epoch: number, head: DenseHead) => void,
): DenseHead {
  const labels = Int32Array.from(rows, (row) => data.labels[row]);
  const classWeights = balancedClassWeights(labels, recipe.classes);
  const { width } = data.dense;
  const { dense } = recipe;
  if (dense.kind === 'linear') {
    const linear = trainSoftmaxRegression(
      rows.map((row) => denseAsSparse(denseRow(data.dense, row))),
      labels,
      { ...dense, dimensions: width, classes: recipe.classes, classWeights, seed: recipe.seed },
    );
    const head: DenseHead = { kind: 'linear', linear };
    onEpoch?.(1, head);
    return head;
  }
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, i) => values.set(denseRow(data.dense, row), i * width));
  // Members are trained one after another; after the last member's epoch e, the heads of epoch e
  // are averaged, so cross-validation scores the ensemble at every epoch count.
  const byEpoch = Array.from({ length: epochs }, () => [] as MlpHead[]);
  for (let member = 0; member < dense.seeds; member++) {
    trainMlpHead({ count: rows.length, width, values }, labels, {
      ...dense,
      classes: recipe.classes,
      epochs,
      classWeights,
      seed: recipe.seed + MEMBER_SEED_STRIDE * member,
      onEpoch: (epoch, head) => {
        byEpoch[epoch - 1].push(head);
        if (member === dense.seeds - 1)
          onEpoch?.(epoch, { kind: 'mlp', mlp: averageMlpHeads(byEpoch[epoch - 1]) });
      },
    });
  }
  return { kind: 'mlp', mlp: averageMlpHeads(byEpoch[epochs - 1]) };
}

function denseRow(matrix: DenseMatrix, row: number): Float32Array {
  return matrix.values.subarray(row * matrix.width, (row + 1) * matrix.width);
}
