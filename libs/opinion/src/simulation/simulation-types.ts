// What the population simulator takes and what it returns beside the stream: the ground truth.
// Stance labels are indices in the order of STANCE_LABELS (none, against, favor), as everywhere in
// libs/opinion.
import type { ShiftKind } from '@riptide/contracts';
import type { GroupKey } from '../opinion-types';

/** The kinds the simulator plants; `mixed` is only ever a finding of the decomposition. */
export type PlantedShiftKind = Exclude<ShiftKind, 'mixed'>;

/** A change planted in one group of one topic, from `startBucket` on. */
export interface PlantedShift {
  readonly topicId: string;
  readonly group: { readonly dimension: string; readonly value: string };
  /**
   * Change in the group's share of `label`. `persuasion` moves the account-level share (the estimand)
   * by this much; `composition` moves the share among the group's posts by this much and leaves every
   * account's stance alone.
   */
  readonly size: number;
  readonly startBucket: number;
  readonly kind: PlantedShiftKind;
  /** Stance label index; favor (2) unless said. */
  readonly label?: number;
}

/** One simulated account. Its stance lives in the simulation state, since persuasion changes it. */
export interface SimulatedAccount {
  readonly id: string;
  /** Demographics as the source reports them: a dimension is absent when the source does not know it. */
  readonly demographics: Readonly<Record<string, string>>;
  /** Relative posting rate at the start: the group's rate times a heavy-tailed individual factor. */
  readonly activity: number;
  /** Stance label index at the start. */
  readonly initialStance: number;
}

/** One post's worth of observation on the simulated topic. */
export interface SimulatedObservation {
  readonly accountIndex: number;
  readonly timeMs: number;
  /** The author's stance when posting: the label the classifier should find. */
  readonly trueLabel: number;
  /** Which text of the injected pool the post carries (drawn by true label). */
  readonly textIndex: number;
}

/** The truth about one group while a bucket is open. */
export interface GroupTruth {
  readonly group: GroupKey;
  readonly accounts: number;
  /** The estimand: per label, the share of the group's accounts holding it (each account one vote). */
  readonly accountShares: readonly number[];
  /** Per label, the expected share among the group's posts (activity-weighted): what raw counting sees. */
  readonly postingShares: readonly number[];
  /** The expected share of the whole stream's posts written by this group. */
  readonly streamShare: number;
}

export interface BucketTruth {
  readonly bucket: number;
  readonly bucketStartMs: number;
  readonly population: GroupTruth;
  /** Every configured dimension value, and `unknown` per dimension when some accounts lack it. */
  readonly groups: readonly GroupTruth[];
  /** Shifts that have started by this bucket. */
  readonly activeShifts: readonly PlantedShift[];
}

export interface SimulatedBucket {
  readonly bucket: number;
  readonly bucketStartMs: number;
  /** In time order. */
  readonly observations: readonly SimulatedObservation[];
  readonly truth: BucketTruth;
}

/** Picks the pool text a post of the given true label carries; texts themselves live with the caller. */
export type TextDraw = (label: number, random: () => number) => number;
