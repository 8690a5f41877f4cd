import type { Kysely } from 'kysely';
import type { OpinionEstimate } from '@riptide/contracts';
import type { Database } from '../schema/database';
import type { MaterialiseMessage } from './materialise-message';
import { inChunks } from './sql-batches';

/**
 * `opinion.estimates`: (topic, measure, bucket, group) identifies an estimate, so a redelivered or
 * re-estimated one overwrites the row. Within a batch the last one of each identity wins.
 */
export async function applyOpinionEstimates(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<OpinionEstimate>[],
): Promise<void> {
  const rows = new Map<string, ReturnType<typeof estimateRow>>();
  for (const { value } of messages) {
    const row = estimateRow(value);
    rows.set(
      JSON.stringify([
        row.topic_id,
        row.measure,
        Date.parse(row.bucket_start),
        row.group_dimension,
        row.group_value,
      ]),
      row,
    );
  }
  for (const chunk of inChunks([...rows.values()], 15))
    await db
      .insertInto('opinion_estimates')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .columns(['topic_id', 'measure', 'bucket_start', 'group_dimension', 'group_value'])
          .doUpdateSet((eb) => ({
            bucket_end: eb.ref('excluded.bucket_end'),
            n: eb.ref('excluded.n'),
            n_eff: eb.ref('excluded.n_eff'),
            raw: eb.ref('excluded.raw'),
            corrected: eb.ref('excluded.corrected'),
            weighted: eb.ref('excluded.weighted'),
            correction: eb.ref('excluded.correction'),
            model: eb.ref('excluded.model'),
            confidence: eb.ref('excluded.confidence'),
            estimated_at: eb.ref('excluded.estimated_at'),
          })),
      )
      .execute();
}

function estimateRow(estimate: OpinionEstimate) {
  // At most one dimension (the contract's limit); '' stands for the whole population.
  const [group_dimension = '', group_value = ''] = Object.entries(estimate.group)[0] ?? [];
  return {
    topic_id: estimate.topic_id,
    measure: estimate.measure,
    bucket_start: estimate.bucket_start,
    bucket_end: estimate.bucket_end,
    group_dimension,
    group_value,
    n: estimate.n,
    n_eff: estimate.n_eff,
    raw: JSON.stringify(estimate.raw),
    corrected: JSON.stringify(estimate.corrected),
    weighted: JSON.stringify(estimate.weighted),
    correction: estimate.correction,
    model: estimate.model,
    confidence: estimate.confidence,
    estimated_at: estimate.estimated_at,
  };
}
