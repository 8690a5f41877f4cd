import { weightRows, type FeaturiserSpec, type SparseRow } from '@riptide/nlp';
import type { LinearModel } from './linear-model';

/** Fits a linear model with `dimensions` rows on the rows given. */
export type FitLinearModel = (
  rows: readonly SparseRow[],
  labels: Int32Array,
  dimensions: number,
) => LinearModel;

/**
 * Stance with target blocks (featuriser-spec.ts `targetBlocks`): a joint model is fitted on the
 * shared rows (shared and target-conjoined features) and one model per target on that target's
 * block alone (its own copy of the plain features), and each text's logits are the mean of the
 * joint model's and its target's model's. Fitted apart, each target's model has its own class
 * weights, feature ratios and bias (stored in the block's bias row), which cross-validates above
 * the joint model alone (docs/models.md). The result is one linear model over weightRows(spec)
 * rows, so serving stays one graph. A row's target is read from its first block entry, the bias
 * row, which the featuriser emits first.
 */
export function fitSharedAndBlockModels(
  rows: readonly SparseRow[],
  labels: Int32Array,
  spec: FeaturiserSpec,
  fit: FitLinearModel,
  options: {
    /**
     * Without the joint model: each text's logits are its target's model's alone (the shared rows
     * stay zero), the plain per-target reference of the small stance recipe.
     */
    readonly joint?: boolean;
  } = {},
): LinearModel {
  const blocks = spec.targetBlocks;
  if (!blocks) throw new Error('spec.targetBlocks: needed to fit per-target block models');
  const shared = spec.dimensions;
  const withJoint = options.joint ?? true;
  // The weight of each part in the mean of logits: a half each, or the target's model alone.
  const part = withJoint ? 0.5 : 1;
  const joint = withJoint
    ? fit(
        rows.map((row) => shiftedEntries(row, 0, shared)),
        labels,
        shared,
      )
    : undefined;
  const members = blocks.targets.map((): number[] => []);
  rows.forEach((row, r) => {
    const first = row.indices.find((index) => index >= shared);
    if (first === undefined) throw new Error(`rows: row ${r} has no target block entry (no listed target)`);
    members[Math.floor((first - shared) / blocks.rows)].push(r);
  });

  const dimensions = weightRows(spec);
  const blockModels = members.map((block, k) =>
    block.length === 0
      ? undefined
      : fit(
          block.map((r) => shiftedEntries(rows[r], shared + k * blocks.rows, blocks.rows)),
          Int32Array.from(block, (r) => labels[r]),
          blocks.rows,
        ),
  );
  const classes = (joint ?? blockModels.find((model) => model !== undefined))?.classes;
  if (classes === undefined) throw new Error('rows: no rows to fit');
  const weights = new Float32Array(dimensions * classes);
  joint?.weights.forEach((w, i) => (weights[i] = w * part));
  blockModels.forEach((model, k) => {
    if (!model) return;
    const start = shared + k * blocks.rows;
    model.weights.forEach((w, i) => (weights[start * classes + i] = w * part));
    // The target's bias row (block row 0, set to 1 by every text of the target) carries its model's bias.
    model.bias.forEach((b, c) => (weights[start * classes + c] += b * part));
  });
  const bias = joint ? joint.bias.map((b) => b * part) : new Float32Array(classes);
  return { dimensions, classes: classes, weights, bias };
}

/** The entries of a row in [start, start + rows), re-indexed from 0. */
function shiftedEntries(row: SparseRow, start: number, rows: number): SparseRow {
  const kept: number[] = [];
  row.indices.forEach((index, j) => index >= start && index < start + rows && kept.push(j));
  return {
    indices: Int32Array.from(kept, (j) => row.indices[j] - start),
    values: Float32Array.from(kept, (j) => row.values[j]),
  };
}
