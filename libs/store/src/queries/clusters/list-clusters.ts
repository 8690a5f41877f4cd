import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { decodeCursor, encodeCursor, pageLimit, pageOf, type Page } from '../page';
import { iso } from '../row-values';
import { clusterSummary, SUMMARY_COLUMNS, type ClusterSummary } from './cluster-summary';

export const CLUSTER_SORTS = ['updated_at', 'size', 'score', 'edge_count'] as const;
export type ClusterSort = (typeof CLUSTER_SORTS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface ClusterListQuery {
  /** updated_at at or after. */
  since?: Date;
  /** updated_at before. */
  until?: Date;
  minSize?: number;
  maxSize?: number;
  /** coordination_score at or above. */
  minScore?: number;
  /** Clusters with at least one edge of this signal. */
  signal?: string;
  /** Clusters matched to this topic. */
  topic?: string;
  status?: string;
  sort?: ClusterSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

const SORT_COLUMN = {
  updated_at: 'updated_at',
  size: 'size',
  score: 'coordination_score',
  edge_count: 'edge_count',
} as const;

/**
 * Clusters by their latest snapshot, filtered and sorted, one keyset page at a time: the cursor holds the
 * last row's (sort value, cluster_id), and cluster_id breaks ties so that equal sort values page exactly.
 * A cluster whose sort value changes between two pages (a newer snapshot) moves in the order like any
 * keyset list; clusters added meanwhile never repeat or push another row out of the pages.
 */
export async function listClusters(
  db: Kysely<Database>,
  query: ClusterListQuery = {},
): Promise<Page<ClusterSummary>> {
  const limit = pageLimit(query.limit);
  const sort = query.sort ?? 'updated_at';
  const order = query.order ?? 'desc';
  const column = SORT_COLUMN[sort];
  const cursorKind = `clusters:${sort}:${order}`;

  let select = db.selectFrom('clusters').select(SUMMARY_COLUMNS);
  if (query.since) select = select.where('updated_at', '>=', query.since);
  if (query.until) select = select.where('updated_at', '<', query.until);
  if (query.minSize !== undefined) select = select.where('size', '>=', query.minSize);
  if (query.maxSize !== undefined) select = select.where('size', '<=', query.maxSize);
  if (query.minScore !== undefined) select = select.where('coordination_score', '>=', query.minScore);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.signal)
    select = select.where(sql<boolean>`coalesce((signals ->> ${query.signal})::double precision, 0) > 0`);
  if (query.topic) select = select.where(sql<boolean>`topic_ids @> ${JSON.stringify([query.topic])}::jsonb`);
  if (query.cursor) {
    const [value, clusterId] =
      sort === 'updated_at'
        ? decodeCursor(query.cursor, cursorKind, ['string', 'string'] as const)
        : decodeCursor(query.cursor, cursorKind, ['number', 'string'] as const);
    const sortValue = sort === 'updated_at' ? new Date(value) : value;
    select = select.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(column, 'cluster_id'), order === 'desc' ? '<' : '>', tuple(sortValue as never, clusterId)),
    );
  }
  const rows = await select
    .orderBy(column, order)
    .orderBy('cluster_id', order)
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, clusterSummary, (row) =>
    encodeCursor(cursorKind, [
      sort === 'updated_at' ? iso(row.updated_at) : row[column as 'size'],
      row.cluster_id,
    ]),
  );
}
