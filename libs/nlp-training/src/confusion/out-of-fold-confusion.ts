import type { TaskExamples } from '../data/task-examples';
import {
  type ModelManifest,
  applyTemperature,
  estimateConfusionByTarget,
  confusionFileJson,
  type ConfusionFileJson,
} from '@riptide/nlp';
import { temperatureCalibration } from '../calibration/fit-temperature';
import { decide } from '../train/tune-decision-offsets';

/** Probabilities [rows][classes] of the training rows, each from a model that did not see it. */
export interface OutOfFoldPredictions {
  readonly probs: Float64Array;
  readonly folds: number;
  /**
   * When only some folds were predicted (a recipe too costly to refit five times), which ones and
   * how many training texts the split had; the examples and probs then hold those folds' texts only.
   */
  readonly heldOut?: { readonly folds: readonly number[]; readonly of: number };
  /** Seed of the fold assignment (and of the fold models' training order). */
  readonly seed: number;
}

/** Progress of a step (`featurising`, `fold models`, ...), `done` of `total`, for a progress bar. */
export type ConfusionProgress = (step: string, done: number, total: number) => void;

/**
 * The confusion file of a shipped model from out-of-fold predictions on its training split. Labels
 * are decided by the shipped rule (argmax of log p + the manifest's decision offsets, ties to the
 * first label: what the scorer emits as `label`), so the counts describe the labels the service
 * sees, and the mean probabilities the soft counts it tallies: calibrated by the manifest's
 * temperature, or, for a manifest without one, by a temperature fitted on these predictions (the
 * file's `calibration`, which `riptide train confusion` then writes into the manifest).
 */
export function outOfFoldConfusionFile(
  manifest: ModelManifest,
  train: TaskExamples,
  outOfFold: OutOfFoldPredictions,
  recipe: string,
): ConfusionFileJson {
  const classes = manifest.labels.length;
  const predicted = decide(outOfFold.probs, classes, manifest.decisionOffsets);
  const fitted = !manifest.calibration;
  const calibration =
    manifest.calibration ??
    temperatureCalibration(
      outOfFold.probs,
      train.labels,
      classes,
      outOfFold.heldOut ? outOfFold.heldOut.folds.length : outOfFold.folds,
    );
  const served = Float32Array.from(outOfFold.probs);
  applyTemperature(served, classes, calibration.temperature);
  const targets = [...new Set(train.targets)].filter((target) => target !== undefined);
  const texts = outOfFold.heldOut
    ? `${train.labels.length} held-out texts of ${outOfFold.heldOut.of}`
    : `${train.labels.length} texts`;
  return confusionFileJson(
    {
      model: `${manifest.id}@${manifest.version}`,
      task: manifest.task,
      labels: manifest.labels,
      method: `${predictions(outOfFold)}, each fold model retrained with the shipped recipe (${recipe}); labels decided by the shipped rule, argmax of log p + decision_offsets; probabilities calibrated as served, softmax(log p / T) with T ${calibration.temperature} ${fitted ? 'fitted on these predictions' : "from the model's manifest"}`,
      seed: outOfFold.seed,
      folds: outOfFold.folds,
      data:
        targets.length === 0
          ? `train split of ../shared/data: ${manifest.task}/train_* (${texts})`
          : `train split of ../shared/data: stance/<target>/train_* for ${targets.join(', ')} (${texts}; counts per target below)`,
      decision_offsets: manifest.decisionOffsets,
      onnx_sha256: manifest.onnx.sha256,
      calibration,
    },
    estimateConfusionByTarget(train.labels, served, predicted, classes, train.targets),
  );
}

function predictions({ folds, heldOut }: OutOfFoldPredictions): string {
  if (!heldOut) return `${folds}-fold out-of-fold predictions on the training split`;
  const which = heldOut.folds.length === 1 ? `fold ${heldOut.folds[0]}` : `folds ${heldOut.folds.join(', ')}`;
  return `predictions on held-out ${which} of a ${folds}-fold split of the training split (the other folds' texts of ${heldOut.of} trained each fold model)`;
}
