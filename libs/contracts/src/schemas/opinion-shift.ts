import { defineCodec } from '../codec';
import { schemaViolation } from '../contract-violation';
import {
  SHIFT_DETECTORS,
  SHIFT_KINDS,
  STANCE_LABELS,
  type ShiftDetector,
  type ShiftKind,
  type StanceLabel,
} from '../labels';
import {
  closedObject,
  dateTime,
  identifier,
  map,
  nonNegativeNumber,
  schemaName,
  unitInterval,
} from './fragments';

export const OPINION_SHIFT_SCHEMA = 'opinion-shift/v1';

/** The estimated share of a stance label in one group over one time window. */
export interface ShareEstimate {
  share: number;
  /** Effective sample size after weighting. */
  n_eff: number;
  ci_low: number;
  ci_high: number;
  from: string;
  to: string;
}

/**
 * How much of a shift comes from authors seen both before and after changing their stance, and how much
 * from a change in who posts (authors arriving, leaving, or posting more or less). within + composition = size.
 */
export interface ShiftDecomposition {
  kind: ShiftKind;
  /** Authors with observations in both windows (the panel). */
  returning_authors: number;
  /** The part of `size` from returning authors changing stance. */
  within: number;
  /** The rest of `size`: the change in the mix of who posts. */
  composition: number;
}

/** A detected change in the share of a stance label inside one demographic group of one topic. */
export interface OpinionShift {
  schema: typeof OPINION_SHIFT_SCHEMA;
  topic_id: string;
  detector: ShiftDetector;
  /** Dimension -> value; empty for the whole population. */
  group: Record<string, string>;
  label: StanceLabel;
  before: ShareEstimate;
  after: ShareEstimate;
  /** after.share - before.share: signed. */
  size: number;
  confidence: number;
  /** Absent when the detector's windows held no returning author to decompose with. */
  decomposition?: ShiftDecomposition;
  detected_at: string;
}

const shareEstimateSchema = closedObject(
  {
    share: unitInterval,
    n_eff: nonNegativeNumber,
    ci_low: unitInterval,
    ci_high: unitInterval,
    from: dateTime,
    to: dateTime,
  },
  ['share', 'n_eff', 'ci_low', 'ci_high', 'from', 'to'],
);

export const opinionShiftJsonSchema = {
  title: OPINION_SHIFT_SCHEMA,
  description: 'In before and after, ci_low <= ci_high.',
  ...closedObject(
    {
      schema: schemaName(OPINION_SHIFT_SCHEMA),
      topic_id: identifier,
      detector: { type: 'string', enum: SHIFT_DETECTORS },
      group: map({ type: 'string', minLength: 1, maxLength: 128 }, 32),
      label: { type: 'string', enum: STANCE_LABELS },
      before: shareEstimateSchema,
      after: shareEstimateSchema,
      size: { type: 'number', minimum: -1, maximum: 1 },
      confidence: unitInterval,
      decomposition: closedObject(
        {
          kind: { type: 'string', enum: SHIFT_KINDS },
          returning_authors: nonNegativeNumber,
          within: { type: 'number', minimum: -1, maximum: 1 },
          composition: { type: 'number', minimum: -2, maximum: 2 },
        },
        ['kind', 'returning_authors', 'within', 'composition'],
      ),
      detected_at: dateTime,
    },
    [
      'schema',
      'topic_id',
      'detector',
      'group',
      'label',
      'before',
      'after',
      'size',
      'confidence',
      'detected_at',
    ],
  ),
};

function intervalsAreOrdered(shift: OpinionShift) {
  for (const window of ['before', 'after'] as const) {
    const { ci_low, ci_high } = shift[window];
    if (ci_low > ci_high) {
      return schemaViolation(
        `${window}.ci_low`,
        `must not exceed ${window}.ci_high (${ci_high}), got ${ci_low}`,
      );
    }
  }
  return null;
}

export const opinionShiftCodec = defineCodec<OpinionShift>({
  schema: OPINION_SHIFT_SCHEMA,
  jsonSchema: opinionShiftJsonSchema,
  crossFieldRules: intervalsAreOrdered,
});
