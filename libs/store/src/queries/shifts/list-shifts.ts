import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../schema/database';
import { decodeCursor, encodeCursor, pageLimit, pageOf, type Page } from '../page';
import { QueryParameterError } from '../query-parameter-error';
import { iso } from '../row-values';
import { groupKey, shiftFromRow, type Shift } from './shift-row';

export interface ShiftQuery {
  topic?: string;
  detector?: string;
  /** With value: that one group; alone: every group of the dimension. */
  dimension?: string;
  value?: string;
  /** detected_at at or after. */
  since?: Date;
  /** detected_at before. */
  until?: Date;
  limit?: number;
  cursor?: string;
}

const CURSOR_KIND = 'shifts';

/** Opinion shifts, the latest detected first, a keyset page of (detected_at, shift_id) at a time. */
export async function listShifts(db: Kysely<Database>, query: ShiftQuery = {}): Promise<Page<Shift>> {
  const limit = pageLimit(query.limit);
  let select = db.selectFrom('opinion_shifts').selectAll();
  if (query.topic) select = select.where('topic_id', '=', query.topic);
  if (query.detector) select = select.where('detector', '=', query.detector);
  select = whereGroup(select, query.dimension, query.value);
  if (query.since) select = select.where('detected_at', '>=', query.since);
  if (query.until) select = select.where('detected_at', '<', query.until);
  if (query.cursor) {
    const [detectedAt, shiftId] = decodeCursor(query.cursor, CURSOR_KIND, ['string', 'string'] as const);
    select = select.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('detected_at', 'shift_id'), '<', tuple(new Date(detectedAt) as never, shiftId)),
    );
  }
  const rows = await select
    .orderBy('detected_at', 'desc')
    .orderBy('shift_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, shiftFromRow, (row) =>
    encodeCursor(CURSOR_KIND, [iso(row.detected_at), row.shift_id]),
  );
}

/** Narrows shifts to one group (dimension and value) or to every group of a dimension. */
export function whereGroup<O>(
  select: SelectQueryBuilder<Database, 'opinion_shifts', O>,
  dimension?: string,
  value?: string,
): SelectQueryBuilder<Database, 'opinion_shifts', O> {
  if (value !== undefined && dimension === undefined)
    throw new QueryParameterError('value', 'needs dimension: a value names a group of one dimension');
  if (dimension === undefined) return select;
  if (value !== undefined) return select.where('group_key', '=', groupKey(dimension, value));
  // LIKE with the dimension's own wildcards escaped: `age_band` must not match `ageXband`.
  const escaped = dimension.replace(/[\\%_]/g, (char) => `\\${char}`);
  return select.where('group_key', 'like', `${escaped}=%`);
}
