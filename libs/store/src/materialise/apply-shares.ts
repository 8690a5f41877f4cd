import { sql, type Kysely } from 'kysely';
import type { ShareEvent } from '@riptide/contracts';
import type { Database } from '../schema/database';
import type { MaterialiseMessage } from './materialise-message';
import { earlier, inChunks, later } from './sql-batches';

const HOUR_MS = 3_600_000;

interface ObjectShares {
  kind: string;
  shares: number;
  first: string;
  last: string;
}

/**
 * `shares`: every share of every object, the denominator of coordinated amplification. Counted per
 * object and per object-hour in memory, then written with one multi-row upsert per table (the whole
 * topic passes through here, so one statement per message would be far too slow).
 */
export async function applyShares(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<ShareEvent>[],
): Promise<void> {
  const objects = new Map<string, ObjectShares>();
  const hours = new Map<string, { object_id: string; hour: string; shares: number }>();
  for (const { value } of messages) {
    const object = objects.get(value.object_id);
    if (object) {
      object.shares += 1;
      object.first = earlier(object.first, value.shared_at);
      object.last = later(object.last, value.shared_at);
    } else {
      objects.set(value.object_id, {
        kind: value.object_kind,
        shares: 1,
        first: value.shared_at,
        last: value.shared_at,
      });
    }
    const hour = new Date(Math.floor(Date.parse(value.shared_at) / HOUR_MS) * HOUR_MS).toISOString();
    const key = `${hour} ${value.object_id}`;
    const counted = hours.get(key);
    if (counted) counted.shares += 1;
    else hours.set(key, { object_id: value.object_id, hour, shares: 1 });
  }

  const objectRows = [...objects].map(([object_id, o]) => ({
    object_id,
    kind: o.kind,
    first_shared_at: o.first,
    last_shared_at: o.last,
    shares: o.shares,
    coordinated_shares: 0,
  }));
  for (const chunk of inChunks(objectRows, 6))
    await db
      .insertInto('shared_objects')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('object_id').doUpdateSet({
          shares: sql`shared_objects.shares + excluded.shares`,
          first_shared_at: sql`least(shared_objects.first_shared_at, excluded.first_shared_at)`,
          last_shared_at: sql`greatest(shared_objects.last_shared_at, excluded.last_shared_at)`,
        }),
      )
      .execute();

  for (const chunk of inChunks([...hours.values()], 3))
    await db
      .insertInto('object_hours')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .columns(['object_id', 'hour'])
          .doUpdateSet({ shares: sql`object_hours.shares + excluded.shares` }),
      )
      .execute();
}
