import { defineCodec } from '../codec';
import { schemaViolation } from '../contract-violation';
import {
  CORRECTION_METHODS,
  OPINION_MEASURES,
  SENTIMENT_LABELS,
  STANCE_LABELS,
  type CorrectionMethod,
  type OpinionMeasure,
} from '../labels';
import {
  closedObject,
  dateTime,
  identifier,
  map,
  modelId,
  nonNegativeNumber,
  schemaName,
  unitInterval,
} from './fragments';

export const OPINION_ESTIMATE_SCHEMA = 'opinion-estimate/v1';

/** One label's share with its interval (at `confidence`). */
export interface IntervalShare {
  share: number;
  ci_low: number;
  ci_high: number;
}

/**
 * The shares of each label of one measure (stance or sentiment) in one group of one topic over one closed
 * time bucket, three ways: as classified (raw), corrected for the classifier's errors, and corrected and
 * post-stratified to the population margins (weighted). Keyed by topic; (topic, measure, bucket, group)
 * identifies it, so a redelivery overwrites rather than adds.
 */
export interface OpinionEstimate {
  schema: typeof OPINION_ESTIMATE_SCHEMA;
  topic_id: string;
  measure: OpinionMeasure;
  bucket_start: string;
  bucket_end: string;
  /** Dimension -> value, at most one dimension; empty for the whole population. `unknown` is a value. */
  group: Record<string, string>;
  /** Observations in the group and bucket. */
  n: number;
  /** Kish effective sample size of the weighted estimate. */
  n_eff: number;
  /** Label -> share; the labels of the measure, every one present. */
  raw: Record<string, IntervalShare>;
  corrected: Record<string, IntervalShare>;
  weighted: Record<string, IntervalShare>;
  /** How `corrected` was obtained: `none` when the model shipped no confusion matrix (corrected = raw). */
  correction: CorrectionMethod;
  /** The classifier whose outputs were counted, `id@version` (the most frequent when several ran). */
  model: string;
  /** Level of every interval, e.g. 0.9. */
  confidence: number;
  estimated_at: string;
}

const intervalShareSchema = closedObject(
  { share: unitInterval, ci_low: unitInterval, ci_high: unitInterval },
  ['share', 'ci_low', 'ci_high'],
);

export const opinionEstimateJsonSchema = {
  title: OPINION_ESTIMATE_SCHEMA,
  description:
    'Every label of the measure is present in raw, corrected and weighted; ci_low <= share <= ci_high.',
  ...closedObject(
    {
      schema: schemaName(OPINION_ESTIMATE_SCHEMA),
      topic_id: identifier,
      measure: { type: 'string', enum: OPINION_MEASURES },
      bucket_start: dateTime,
      bucket_end: dateTime,
      group: map({ type: 'string', minLength: 1, maxLength: 128 }, 1),
      n: nonNegativeNumber,
      n_eff: nonNegativeNumber,
      raw: map(intervalShareSchema, 3),
      corrected: map(intervalShareSchema, 3),
      weighted: map(intervalShareSchema, 3),
      correction: { type: 'string', enum: CORRECTION_METHODS },
      model: modelId,
      confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      estimated_at: dateTime,
    },
    [
      'schema',
      'topic_id',
      'measure',
      'bucket_start',
      'bucket_end',
      'group',
      'n',
      'n_eff',
      'raw',
      'corrected',
      'weighted',
      'correction',
      'model',
      'confidence',
      'estimated_at',
    ],
  ),
};

const LABELS_OF: Record<OpinionMeasure, readonly string[]> = {
  stance: STANCE_LABELS,
  sentiment: SENTIMENT_LABELS,
};
// Shares are rounded by producers; intervals may touch the share.
const ORDER_TOLERANCE = 1e-9;

function sharesAreComplete(estimate: OpinionEstimate) {
  const labels = LABELS_OF[estimate.measure];
  for (const kind of ['raw', 'corrected', 'weighted'] as const) {
    const shares = estimate[kind];
    for (const label of labels) {
      const entry = shares[label];
      if (entry === undefined)
        return schemaViolation(
          `${kind}.${label}`,
          `is missing: ${estimate.measure} needs ${labels.join(', ')}`,
        );
      if (entry.ci_low > entry.share + ORDER_TOLERANCE || entry.share > entry.ci_high + ORDER_TOLERANCE)
        return schemaViolation(
          `${kind}.${label}`,
          `needs ci_low <= share <= ci_high, got ${entry.ci_low}, ${entry.share}, ${entry.ci_high}`,
        );
    }
    for (const label of Object.keys(shares))
      if (!labels.includes(label))
        return schemaViolation(
          `${kind}.${label}`,
          `is not a ${estimate.measure} label (${labels.join(', ')})`,
        );
  }
  if (Date.parse(estimate.bucket_end) <= Date.parse(estimate.bucket_start))
    return schemaViolation('bucket_end', `must be after bucket_start (${estimate.bucket_start})`);
  return null;
}

export const opinionEstimateCodec = defineCodec<OpinionEstimate>({
  schema: OPINION_ESTIMATE_SCHEMA,
  jsonSchema: opinionEstimateJsonSchema,
  crossFieldRules: sharesAreComplete,
});
