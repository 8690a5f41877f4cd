// The vocabulary shared by every part of libs/opinion: what comes in (observations), what configures it
// (population margins, confusion matrices, settings), and what goes out (bucket estimates, shifts).
// Shares and probability vectors are in the label order of `@riptide/contracts` (STANCE_LABELS,
// SENTIMENT_LABELS): index i is the i-th label.
import { SENTIMENT_LABELS, STANCE_LABELS, type OpinionMeasure } from '@riptide/contracts';

/** The labels of each measure, in the order of its probability vectors and shares. */
export const MEASURE_LABELS: Readonly<Record<OpinionMeasure, readonly string[]>> = {
  stance: STANCE_LABELS,
  sentiment: SENTIMENT_LABELS,
};

/** One scored observation of one author on one topic, as the domain sees it (the app maps the contract). */
export interface OpinionObservation {
  readonly authorId: string;
  /** Event time (the post's created_at), epoch ms. */
  readonly timeMs: number;
  /** Per measure: the model's probability vector and the index of the label it chose. */
  readonly stance: ScoredMeasure;
  readonly sentiment: ScoredMeasure;
  /** Dimension -> value as the source gave it; dimensions and values outside the population config are `unknown`. */
  readonly demographics: Readonly<Record<string, string>>;
  /** Model ids `id@version` per measure, to find their confusion matrices. */
  readonly models: Readonly<Record<OpinionMeasure, string>>;
}

export interface ScoredMeasure {
  readonly probs: readonly number[];
  readonly label: number;
}

/** A group: one dimension and one of its values, or the whole population (`dimension` and `value` null). */
export interface GroupKey {
  readonly dimension: string | null;
  readonly value: string | null;
}

/** The group value for authors without a known (configured) value of a dimension: reported, never dropped. */
export const UNKNOWN_GROUP = 'unknown';

/** Population margins from configuration (for example census shares); each dimension's shares sum to 1. */
export interface PopulationMargins {
  readonly dimensions: readonly PopulationDimension[];
}

export interface PopulationDimension {
  readonly name: string;
  /** Value -> population share; `unknown` is never one of them. */
  readonly shares: Readonly<Record<string, number>>;
}

/**
 * A classifier's errors measured on data it was not trained on (out-of-fold predictions on the
 * training split), per stance target or `*` for a task without targets (sentiment).
 * Rows are the true label, columns the predicted one.
 */
export interface ConfusionMatrix {
  readonly model: string;
  readonly labels: readonly string[];
  /** counts[true][predicted]: hard-label counts (for ACC and its uncertainty). */
  readonly counts: readonly (readonly number[])[];
  /** meanProbs[true][k]: mean predicted probability of label k over examples of the true label (for PACC). */
  readonly meanProbs: readonly (readonly number[])[];
  /** probSd[true][k]: standard deviation of that probability (the uncertainty of meanProbs is probSd / sqrt(n)). */
  readonly probSd: readonly (readonly number[])[];
}

/** One label's share with its interval. */
export interface ShareInterval {
  readonly share: number;
  readonly low: number;
  readonly high: number;
  /** Variance of `share` used for the interval (detectors read it). */
  readonly variance: number;
}

/** One measure in one group of one topic over one closed bucket. */
export interface GroupEstimate {
  readonly measure: OpinionMeasure;
  readonly group: GroupKey;
  /** Observations (posts) counted. */
  readonly n: number;
  /** Distinct authors counted. */
  readonly authors: number;
  /** Kish effective sample size under the raking weights. */
  readonly nEff: number;
  /** Per label, in label order. */
  readonly raw: readonly ShareInterval[];
  readonly corrected: readonly ShareInterval[];
  /** Corrected and post-stratified (raked, capped, partially pooled for sparse groups). */
  readonly weighted: readonly ShareInterval[];
  readonly correction: 'pacc' | 'acc' | 'none';
  readonly model: string;
}

/** Everything estimated for one topic and one closed bucket. */
export interface BucketEstimate {
  readonly topicId: string;
  readonly bucketStartMs: number;
  readonly bucketEndMs: number;
  readonly groups: readonly GroupEstimate[];
  readonly raking: RakingReport;
  /** Per measure: why its correction is not the preferred one (for example, no confusion matrix). */
  readonly correctionNotes?: Partial<Record<OpinionMeasure, string>>;
}

export interface RakingReport {
  readonly iterations: number;
  readonly converged: boolean;
  /** Largest absolute gap between a weighted margin and its target after the last iteration. */
  readonly maxMarginError: number;
  /** Share of weighted units (authors) whose weight hit the cap. */
  readonly cappedShare: number;
  /** Configured groups with a population share but nobody in the bucket (their share went to the others). */
  readonly emptyGroups?: readonly GroupKey[];
}
