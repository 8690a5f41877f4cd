import { OPINION_ESTIMATE_SCHEMA, opinionEstimateCodec, type IntervalShare } from '@riptide/contracts';
import {
  MEASURE_LABELS,
  type BucketEstimate,
  type GroupEstimate,
  type GroupKey,
  type ShareInterval,
} from '@riptide/opinion';
import type { OutboundMessage } from '@riptide/stream';
import { rounded } from './rounded';

export const ESTIMATES_TOPIC = 'opinion.estimates';

/** One `opinion-estimate/v1` per group and measure of a closed bucket, keyed by topic. */
export function estimateMessages(
  estimate: BucketEstimate,
  confidence: number,
  estimatedAt: string,
): OutboundMessage[] {
  return estimate.groups.map((group) => ({
    topic: ESTIMATES_TOPIC,
    key: estimate.topicId,
    value: opinionEstimateCodec.encode({
      schema: OPINION_ESTIMATE_SCHEMA,
      topic_id: estimate.topicId,
      measure: group.measure,
      bucket_start: new Date(estimate.bucketStartMs).toISOString(),
      bucket_end: new Date(estimate.bucketEndMs).toISOString(),
      group: groupRecord(group.group),
      n: group.n,
      n_eff: rounded(group.nEff),
      raw: byLabel(group, group.raw),
      corrected: byLabel(group, group.corrected),
      weighted: byLabel(group, group.weighted),
      correction: group.correction,
      model: group.model,
      confidence,
      estimated_at: estimatedAt,
    }),
  }));
}

/** The contract's group: `{}` for the population, else `{dimension: value}`. */
export function groupRecord(group: GroupKey): Record<string, string> {
  return group.dimension === null || group.value === null ? {} : { [group.dimension]: group.value };
}

function byLabel(group: GroupEstimate, shares: readonly ShareInterval[]): Record<string, IntervalShare> {
  const labels = MEASURE_LABELS[group.measure];
  return Object.fromEntries(
    labels.map((label, index) => {
      const { share, low, high } = shares[index];
      // Rounding may not reorder low <= share <= high: round the share, then widen the bounds around it.
      const value = rounded(share);
      return [
        label,
        { share: value, ci_low: Math.min(rounded(low), value), ci_high: Math.max(rounded(high), value) },
      ];
    }),
  );
}
