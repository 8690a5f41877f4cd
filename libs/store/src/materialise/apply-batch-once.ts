import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';
import type { Applier, MaterialiseMessage } from './materialise-message';

export interface BatchOutcome {
  /** Messages whose rows were written. */
  readonly applied: number;
  /** Messages at offsets already applied (a redelivery after a crash or a rebalance): left out. */
  readonly skipped: number;
}

/**
 * Applies a batch of one partition exactly once into the store, whatever Kafka redelivers: in ONE
 * transaction it locks the partition's row of `materialiser_offsets`, leaves out the messages below
 * its next_offset, applies the rest and moves next_offset past the last. The rows and the offset
 * commit together, so counters (shares, edge counts) stay exact under at-least-once delivery.
 * `topic` names the offsets row: pass the physical topic, so two deployments' prefixes never mix.
 */
export async function applyBatchOnce<T>(
  db: Kysely<Database>,
  topic: string,
  partition: number,
  messages: readonly MaterialiseMessage<T>[],
  apply: Applier<T>,
): Promise<BatchOutcome> {
  const stray = messages.find((message) => message.partition !== partition);
  if (stray)
    throw new Error(
      `partition: a batch of ${topic}[${partition}] holds a message of partition ${stray.partition}`,
    );
  if (messages.length === 0) return { applied: 0, skipped: 0 };
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('materialiser_offsets')
      .values({ topic, partition, next_offset: 0 })
      .onConflict((conflict) => conflict.columns(['topic', 'partition']).doNothing())
      .execute();
    const { next_offset } = await trx
      .selectFrom('materialiser_offsets')
      .select('next_offset')
      .where('topic', '=', topic)
      .where('partition', '=', partition)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const next = BigInt(next_offset);
    const fresh = messages.filter((message) => BigInt(message.offset) >= next);
    if (fresh.length === 0) return { applied: 0, skipped: messages.length };
    await apply(trx, fresh);
    const last = fresh.reduce(
      (max, message) => (BigInt(message.offset) > max ? BigInt(message.offset) : max),
      next,
    );
    await trx
      .updateTable('materialiser_offsets')
      .set({ next_offset: (last + 1n).toString(), updated_at: sql`now()` })
      .where('topic', '=', topic)
      .where('partition', '=', partition)
      .execute();
    return { applied: fresh.length, skipped: messages.length - fresh.length };
  });
}

/** Where the store is in each partition of a topic: the next offset to apply, by partition. */
export async function materialisedOffsets(db: Kysely<Database>, topic: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('materialiser_offsets')
    .select(['partition', 'next_offset'])
    .where('topic', '=', topic)
    .execute();
  return new Map(rows.map((row) => [row.partition, String(row.next_offset)]));
}
