import { schemaViolation, type ContractViolation } from '../contract-violation';
import { unitInterval } from './fragments';

/** One probability per label, in the order of the label list (see labels.ts). */
export type Probabilities = [number, number, number];

export const probabilitiesSchema = { type: 'array', items: unitInterval, minItems: 3, maxItems: 3 } as const;

/** A label with the probabilities it was chosen from. */
export interface LabelledScore<Label extends string> {
  label: Label;
  probs: Probabilities;
}

export function labelledScoreSchema(labels: readonly string[]) {
  return {
    type: 'object',
    properties: { label: { type: 'string', enum: labels }, probs: probabilitiesSchema },
    required: ['label', 'probs'],
    additionalProperties: false,
  } as const;
}

// Model outputs are softmax vectors; a sum far from 1 means a producer sent logits or a wrong order.
const SUM_TOLERANCE = 1e-3;

export function probabilitiesSumToOne(field: string, probs: Probabilities): ContractViolation | null {
  const sum = probs[0] + probs[1] + probs[2];
  if (Math.abs(sum - 1) <= SUM_TOLERANCE) return null;
  return schemaViolation(field, `must sum to 1 (within ${SUM_TOLERANCE}), got ${Number(sum.toFixed(6))}`);
}
