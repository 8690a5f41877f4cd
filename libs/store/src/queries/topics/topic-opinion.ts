import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import { pageLimit } from '../page';
import { QueryParameterError } from '../query-parameter-error';
import { iso, json } from '../row-values';
import { shiftFromRow, type Shift } from '../shifts/shift-row';
import { whereGroup } from '../shifts/list-shifts';
import { topicExists } from './list-topics';

type Shares = Record<string, { share: number; ci_low: number; ci_high: number }>;

export interface OpinionPoint {
  bucket_start: string;
  bucket_end: string;
  n: number;
  n_eff: number;
  raw: Shares;
  corrected: Shares;
  weighted: Shares;
  correction: string;
  model: string;
}

export interface OpinionSeries {
  /** null for the whole population. */
  group: { dimension: string; value: string } | null;
  /** Oldest bucket first. */
  points: OpinionPoint[];
}

export interface TopicOpinion {
  topic_id: string;
  measure: string;
  series: OpinionSeries[];
  shifts: Shift[];
}

export interface OpinionQuery {
  measure?: string;
  /** One dimension's groups (all of them, or with value one); without it the population and every group. */
  dimension?: string;
  value?: string;
  /** Buckets starting at or after. */
  since?: Date;
  /** Buckets starting before. */
  until?: Date;
  /** The latest buckets per series, at most. */
  limit?: number;
}

/** Shifts shown beside the series (the latest). */
export const OPINION_SHIFTS = 500;

/**
 * A topic's opinion over time, one series per group: the latest `limit` buckets of each, as raw,
 * corrected and post-stratified shares with intervals, and the stance shifts detected in the same groups
 * and window. Undefined when the topic is not configured.
 */
export async function topicOpinion(
  db: Kysely<Database>,
  topicId: string,
  query: OpinionQuery = {},
): Promise<TopicOpinion | undefined> {
  const limit = pageLimit(query.limit);
  const measure = query.measure ?? 'stance';
  if (query.value !== undefined && query.dimension === undefined)
    throw new QueryParameterError('value', 'needs dimension: a value names a group of one dimension');
  if (!(await topicExists(db, topicId))) return undefined;

  let buckets = db
    .selectFrom('opinion_estimates')
    .where('topic_id', '=', topicId)
    .where('measure', '=', measure);
  if (query.dimension !== undefined) buckets = buckets.where('group_dimension', '=', query.dimension);
  if (query.value !== undefined) buckets = buckets.where('group_value', '=', query.value);
  if (query.since) buckets = buckets.where('bucket_start', '>=', query.since);
  if (query.until) buckets = buckets.where('bucket_start', '<', query.until);

  // The window is the latest `limit` bucket starts present; every series is cut to it.
  const starts = await buckets
    .select('bucket_start')
    .distinct()
    .orderBy('bucket_start', 'desc')
    .limit(limit)
    .execute();
  const rows =
    starts.length === 0
      ? []
      : await buckets
          .selectAll()
          .where('bucket_start', '>=', starts[starts.length - 1].bucket_start)
          .orderBy('group_dimension')
          .orderBy('group_value')
          .orderBy('bucket_start')
          .execute();

  const series = new Map<string, OpinionSeries>();
  for (const row of rows) {
    const key = `${row.group_dimension}\u0000${row.group_value}`;
    let entry = series.get(key);
    if (!entry) {
      entry = {
        group: row.group_dimension === '' ? null : { dimension: row.group_dimension, value: row.group_value },
        points: [],
      };
      series.set(key, entry);
    }
    entry.points.push({
      bucket_start: iso(row.bucket_start),
      bucket_end: iso(row.bucket_end),
      n: row.n,
      n_eff: row.n_eff,
      raw: json(row.raw),
      corrected: json(row.corrected),
      weighted: json(row.weighted),
      correction: row.correction,
      model: row.model,
    });
  }

  return {
    topic_id: topicId,
    measure,
    series: [...series.values()],
    shifts: await topicShifts(db, topicId, measure, query),
  };
}

/** Shifts are detected on stance shares only: a sentiment series has none. */
async function topicShifts(
  db: Kysely<Database>,
  topicId: string,
  measure: string,
  query: OpinionQuery,
): Promise<Shift[]> {
  if (measure !== 'stance') return [];
  let select = whereGroup(
    db.selectFrom('opinion_shifts').selectAll().where('topic_id', '=', topicId),
    query.dimension,
    query.value,
  );
  if (query.since) select = select.where('detected_at', '>=', query.since);
  if (query.until) select = select.where('detected_at', '<', query.until);
  const rows = await select
    .orderBy('detected_at', 'desc')
    .orderBy('shift_id', 'desc')
    .limit(OPINION_SHIFTS)
    .execute();
  return rows.reverse().map(shiftFromRow);
}
