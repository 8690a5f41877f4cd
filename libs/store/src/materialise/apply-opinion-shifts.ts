import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OpinionShift } from '@riptide/contracts';
import type { Database } from '../schema/database';
import type { MaterialiseMessage } from './materialise-message';
import { inChunks } from './sql-batches';

/** The group with its dimensions in sorted order: one spelling per group, whatever the producer's key order. */
export function canonicalGroup(group: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `dimension=value` (several joined by ','), '' for the whole population: the filterable form of a group. */
export function groupKey(group: Record<string, string>): string {
  return Object.entries(canonicalGroup(group))
    .map(([dimension, value]) => `${dimension}=${value}`)
    .join(',');
}

/** A shift's identity: topic, detector, group, label and when its after-window starts. */
export function opinionShiftId(
  shift: Pick<OpinionShift, 'topic_id' | 'detector' | 'group' | 'label' | 'after'>,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        shift.topic_id,
        shift.detector,
        canonicalGroup(shift.group),
        shift.label,
        Date.parse(shift.after.from),
      ]),
    )
    .digest('hex');
}

/** `opinion.shifts`: upserted by identity, so a re-detected shift updates its row instead of adding one. */
export async function applyOpinionShifts(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<OpinionShift>[],
): Promise<void> {
  const rows = new Map<string, ReturnType<typeof shiftRow>>();
  for (const { value } of messages) {
    const row = shiftRow(value);
    rows.set(row.shift_id, row);
  }
  for (const chunk of inChunks([...rows.values()], 12))
    await db
      .insertInto('opinion_shifts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('shift_id').doUpdateSet((eb) => ({
          size: eb.ref('excluded.size'),
          confidence: eb.ref('excluded.confidence'),
          before: eb.ref('excluded.before'),
          after: eb.ref('excluded.after'),
          decomposition: eb.ref('excluded.decomposition'),
          detected_at: eb.ref('excluded.detected_at'),
        })),
      )
      .execute();
}

function shiftRow(shift: OpinionShift) {
  return {
    shift_id: opinionShiftId(shift),
    topic_id: shift.topic_id,
    detector: shift.detector,
    group: JSON.stringify(canonicalGroup(shift.group)),
    group_key: groupKey(shift.group),
    label: shift.label,
    size: shift.size,
    confidence: shift.confidence,
    before: JSON.stringify(shift.before),
    after: JSON.stringify(shift.after),
    decomposition: shift.decomposition ? JSON.stringify(shift.decomposition) : null,
    detected_at: shift.detected_at,
  };
}
