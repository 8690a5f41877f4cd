import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { decodeCursor, encodeCursor, pageLimit, pageOf, type Page } from '../page';
import { iso, num } from '../row-values';
import { burstiness } from './burstiness';

/** How much of an object's spread came from coordinated accounts. */
export interface ObjectAmplification {
  object_id: string;
  kind: string;
  shares: number;
  coordinated_shares: number;
  /** coordinated_shares / shares. */
  coordinated_fraction: number;
  /** Clusters with at least one evidence edge on the object between two of their members. */
  clusters: number;
  burstiness: number;
  first_shared_at: string;
  last_shared_at: string;
}

export interface ObjectListQuery {
  /** Objects still shared at or after (last_shared_at). */
  since?: Date;
  /** Objects first shared before (first_shared_at). */
  until?: Date;
  kind?: string;
  minShares?: number;
  limit?: number;
  cursor?: string;
}

const CURSOR_KIND = 'objects';

/**
 * Shared objects ranked by coordinated amplification: most coordinated shares first, then the higher
 * coordinated fraction. For equal coordinated shares the higher fraction is the one with fewer shares in
 * all, so the order is (coordinated_shares desc, shares asc, object_id): plain columns, a keyset cursor,
 * no division over the whole table.
 */
export async function listObjects(
  db: Kysely<Database>,
  query: ObjectListQuery = {},
): Promise<Page<ObjectAmplification>> {
  const limit = pageLimit(query.limit);
  let select = db
    .selectFrom('shared_objects')
    .select(['object_id', 'kind', 'shares', 'coordinated_shares', 'first_shared_at', 'last_shared_at']);
  if (query.since) select = select.where('last_shared_at', '>=', query.since);
  if (query.until) select = select.where('first_shared_at', '<', query.until);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.minShares !== undefined) select = select.where('shares', '>=', String(query.minShares));
  if (query.cursor) {
    const [coordinated, shares, objectId] = decodeCursor(query.cursor, CURSOR_KIND, [
      'number',
      'number',
      'string',
    ] as const);
    // bigint columns compare with their text form (the schema reads them as strings).
    const [c, s] = [String(coordinated), String(shares)];
    select = select.where((eb) =>
      eb.or([
        eb('coordinated_shares', '<', c),
        eb.and([
          eb('coordinated_shares', '=', c),
          eb.or([eb('shares', '>', s), eb.and([eb('shares', '=', s), eb('object_id', '>', objectId)])]),
        ]),
      ]),
    );
  }
  const rows = await select
    .orderBy('coordinated_shares', 'desc')
    .orderBy('shares', 'asc')
    .orderBy('object_id', 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((row) => row.object_id);
  const [hours, clusters] = await Promise.all([hourSums(db, page), clusterCounts(db, page)]);
  return pageOf(
    rows,
    limit,
    (row) => {
      const shares = num(row.shares);
      const coordinated = num(row.coordinated_shares);
      const series = hours.get(row.object_id);
      return {
        object_id: row.object_id,
        kind: row.kind,
        shares,
        coordinated_shares: coordinated,
        coordinated_fraction: shares > 0 ? coordinated / shares : 0,
        clusters: clusters.get(row.object_id) ?? 0,
        burstiness: series ? burstiness(series.hours, series.sum, series.sumOfSquares) : 0,
        first_shared_at: iso(row.first_shared_at),
        last_shared_at: iso(row.last_shared_at),
      };
    },
    (row) => encodeCursor(CURSOR_KIND, [num(row.coordinated_shares), num(row.shares), row.object_id]),
  );
}

/** Per object of the page: the hours of its active period and the sum and sum of squares of its hourly shares. */
async function hourSums(
  db: Kysely<Database>,
  objectIds: readonly string[],
): Promise<Map<string, { hours: number; sum: number; sumOfSquares: number }>> {
  if (objectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('object_hours')
    .select([
      'object_id',
      sql<number>`extract(epoch from max(hour) - min(hour)) / 3600 + 1`.as('hours'),
      sql<string>`sum(shares)`.as('sum'),
      sql<string>`sum(shares * shares)`.as('sum_of_squares'),
    ])
    .where('object_id', 'in', objectIds)
    .groupBy('object_id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.object_id,
      { hours: Math.round(num(row.hours)), sum: num(row.sum), sumOfSquares: num(row.sum_of_squares) },
    ]),
  );
}

/** Per object of the page: how many clusters have an evidence edge on it between two of their members. */
async function clusterCounts(
  db: Kysely<Database>,
  objectIds: readonly string[],
): Promise<Map<string, number>> {
  if (objectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence_edges as e')
    .innerJoin('cluster_members as ma', 'ma.account_id', 'e.account_a')
    .innerJoin('cluster_members as mb', (join) =>
      join.onRef('mb.account_id', '=', 'e.account_b').onRef('mb.cluster_id', '=', 'ma.cluster_id'),
    )
    .select(['e.object_id', sql<string>`count(distinct ma.cluster_id)`.as('clusters')])
    .where('e.object_id', 'in', objectIds)
    .groupBy('e.object_id')
    .execute();
  return new Map(rows.map((row) => [row.object_id, num(row.clusters)]));
}
