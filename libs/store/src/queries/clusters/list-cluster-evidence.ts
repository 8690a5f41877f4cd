import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';
import { decodeCursor, encodeCursor, pageLimit, pageOf, type Page } from '../page';
import { iso } from '../row-values';
import { memberEdges } from './member-edges';

/** One pair of posts that links two members: the evidence behind a cluster. */
export interface EvidenceEdge {
  edge_id: string;
  signal: string;
  object_id: string;
  account_a: string;
  account_b: string;
  post_a: string;
  post_b: string;
  at_a: string;
  at_b: string;
  delta_t_s: number;
  detected_at: string;
}

export interface EvidenceQuery {
  /** Only the edges on this shared object. */
  object?: string;
  limit?: number;
  cursor?: string;
}

const CURSOR_KIND = 'evidence';

/**
 * The evidence edges between members of a cluster in time order (the first post of each pair, then
 * edge_id), a keyset page at a time; undefined when the cluster does not exist.
 */
export async function listClusterEvidence(
  db: Kysely<Database>,
  clusterId: string,
  query: EvidenceQuery = {},
): Promise<Page<EvidenceEdge> | undefined> {
  const limit = pageLimit(query.limit);
  const cluster = await db
    .selectFrom('clusters')
    .select('cluster_id')
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  if (!cluster) return undefined;
  let select = memberEdges(db, clusterId).select([
    'e.edge_id',
    'e.signal',
    'e.object_id',
    'e.account_a',
    'e.account_b',
    'e.post_a',
    'e.post_b',
    'e.at_a',
    'e.at_b',
    'e.delta_t_s',
    'e.detected_at',
  ]);
  if (query.object !== undefined) select = select.where('e.object_id', '=', query.object);
  if (query.cursor) {
    const [atA, edgeId] = decodeCursor(query.cursor, CURSOR_KIND, ['string', 'string'] as const);
    select = select.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('e.at_a', 'e.edge_id'), '>', tuple(new Date(atA) as never, edgeId)),
    );
  }
  const rows = await select
    .orderBy('e.at_a')
    .orderBy('e.edge_id')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    (row) => ({
      ...row,
      at_a: iso(row.at_a),
      at_b: iso(row.at_b),
      detected_at: iso(row.detected_at),
    }),
    (row) => encodeCursor(CURSOR_KIND, [iso(row.at_a), row.edge_id]),
  );
}
