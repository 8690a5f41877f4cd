import type { TaskExamples } from '../data/task-examples';
import type { ModelManifest } from '../model/model-manifest';
import { decide } from '../train/tune-decision-offsets';
import { estimateConfusionByTarget } from './confusion-estimate';
import { confusionFileJson, type ConfusionFileJson } from './confusion-file';

/** Probabilities [rows][classes] of the training rows, each from a model that did not see it. */
export interface OutOfFoldPredictions {
  readonly probs: Float64Array;
  readonly folds: number;
  /** Seed of the fold assignment (and of the fold models' training order). */
  readonly seed: number;
}

/** Progress of a step (`featurising`, `fold models`, ...), `done` of `total`, for a progress bar. */
export type ConfusionProgress = (step: string, done: number, total: number) => void;

/**
 * The confusion file of a shipped model from out-of-fold predictions on its training split. Labels
 * are decided by the shipped rule (argmax of log p + the manifest's decision offsets, ties to the
 * first label: what the scorer emits as `label`), so the counts describe the labels the service
 * sees, and the mean probabilities the soft counts it tallies.
 */
export function outOfFoldConfusionFile(
  manifest: ModelManifest,
  train: TaskExamples,
  outOfFold: OutOfFoldPredictions,
  recipe: string,
): ConfusionFileJson {
  const classes = manifest.labels.length;
  const predicted = decide(outOfFold.probs, classes, manifest.decisionOffsets);
  const targets = [...new Set(train.targets)].filter((target) => target !== undefined);
  return confusionFileJson(
    {
      model: `${manifest.id}@${manifest.version}`,
      task: manifest.task,
      labels: manifest.labels,
      method: `${outOfFold.folds}-fold out-of-fold predictions on the training split, each fold model retrained with the shipped recipe (${recipe}); labels decided by the shipped rule, argmax of log p + decision_offsets`,
      seed: outOfFold.seed,
      folds: outOfFold.folds,
      data:
        targets.length === 0
          ? `train split of ../shared/data: ${manifest.task}/train_* (${train.labels.length} texts)`
          : `train split of ../shared/data: stance/<target>/train_* for ${targets.join(', ')} (${train.labels.length} texts; counts per target below)`,
      decision_offsets: manifest.decisionOffsets,
      onnx_sha256: manifest.onnx.sha256,
    },
    estimateConfusionByTarget(train.labels, outOfFold.probs, predicted, classes, train.targets),
  );
}
