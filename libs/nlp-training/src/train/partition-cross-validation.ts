import type { SparseRow } from '@riptide/nlp';
import type { TaskExamples } from '../data/task-examples';
import { crossFittedOffsets, type CrossFittedOffsets } from './cross-fitted-offsets';
import { fitSmallModel } from './fit-small-model';
import { assignFolds, contiguousFolds, outOfFoldProbabilities } from './out-of-fold';
import type { SmallModelRecipe } from './small-model-recipes';
import { decide, type DecisionMetric } from './tune-decision-offsets';

/** Folds of every partition of the cross-validation on train. */
export const CV_FOLDS = 5;

/** A way to deal the training rows into CV_FOLDS folds. */
export interface FoldPartition {
  readonly name: string;
  readonly foldOf: (train: TaskExamples) => Int32Array;
}

/**
 * The partitions every small-model choice is judged on: the recipe's seeded folds (the ones its
 * offsets and calibration are fitted on), two more seeds, and the files' time order
 * (contiguousFolds), where each fold model predicts tweets from a stretch of collection it did not see.
 */
export function cvPartitions(seed: number): FoldPartition[] {
  const seeded = (s: number): FoldPartition => ({
    name: `seeded ${s}`,
    foldOf: (train) => assignFolds(train.labels.length, CV_FOLDS, s),
  });
  return [
    seeded(seed),
    seeded(11),
    seeded(13),
    { name: 'time order', foldOf: (train) => contiguousFolds(train.targets, CV_FOLDS) },
  ];
}

export interface PartitionScore {
  readonly partition: string;
  /** The metric of the out-of-fold argmax. */
  readonly withoutOffsets: number;
  /** With offsets tuned on the other folds only, at the shrink factor this partition's cross-fitting picks. */
  readonly crossFitted?: number;
}

export interface PartitionCrossValidation {
  readonly scores: PartitionScore[];
  /** The first partition's out-of-fold probabilities (the recipe's seed): calibration is fitted on them. */
  readonly outOfFold: Float64Array;
  readonly foldOf: Int32Array;
  /** The first partition's offsets (when the recipe tunes them): what the shipped model uses. */
  readonly offsets?: CrossFittedOffsets;
}

/**
 * Cross-validates a recipe on featurised training rows over each partition: out-of-fold
 * probabilities from fitSmallModel (the function that fits the shipped model), scored without
 * offsets and, for a recipe that tunes them, with cross-fitted offsets.
 */
export function crossValidateOnPartitions(
  recipe: SmallModelRecipe,
  rows: readonly SparseRow[],
  train: TaskExamples,
  metric: DecisionMetric,
  partitions: readonly FoldPartition[],
  onFold?: (partition: string, done: number, total: number) => void,
): PartitionCrossValidation {
  const classes = recipe.labels.length;
  const noOffsets = new Array<number>(classes).fill(0);
  let first: Omit<PartitionCrossValidation, 'scores'> | undefined;
  const scores = partitions.map((partition): PartitionScore => {
    const foldOf = partition.foldOf(train);
    const probs = outOfFoldProbabilities(
      rows,
      train.labels,
      {
        folds: CV_FOLDS,
        classes,
        seed: recipe.seed,
        foldOf,
        onFold: (d, t) => onFold?.(partition.name, d, t),
      },
      (r, l) => fitSmallModel(recipe, r, l),
    );
    const offsets =
      recipe.decisionOffsets === 'cross-fitted'
        ? crossFittedOffsets(probs, train.labels, classes, foldOf, metric)
        : undefined;
    first ??= { outOfFold: probs, foldOf, offsets };
    return {
      partition: partition.name,
      withoutOffsets: metric(train.labels, decide(probs, classes, noOffsets)),
      ...(offsets ? { crossFitted: offsets.crossFitted[String(offsets.shrink)] } : {}),
    };
  });
  if (!first) throw new Error('partitions: at least one is needed');
  return { scores, ...first };
}

/** Mean and sample standard deviation of a list of scores. */
export function meanAndSpread(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}
