import type { ClusterGraph } from '@riptide/coordination';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { num } from '../row-values';
import { memberEdges } from './member-edges';

/**
 * A cluster's whole account graph (every member, every linked pair of members), for the exports and the
 * console's drawing; undefined when the cluster does not exist. The caller trims it (k-core) for display.
 */
export async function clusterGraphData(
  db: Kysely<Database>,
  clusterId: string,
): Promise<ClusterGraph | undefined> {
  const cluster = await db
    .selectFrom('clusters')
    .select('cluster_id')
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  if (!cluster) return undefined;
  const source = sql<string>`least(e.account_a, e.account_b)`;
  const target = sql<string>`greatest(e.account_a, e.account_b)`;
  const [members, pairs] = await Promise.all([
    db
      .selectFrom('cluster_members')
      .select(['account_id', 'degree', 'strength'])
      .where('cluster_id', '=', clusterId)
      .orderBy('account_id')
      .execute(),
    memberEdges(db, clusterId)
      .select([
        source.as('source'),
        target.as('target'),
        sql<string>`count(*)`.as('weight'),
        sql<string>`string_agg(distinct e.signal, ',' order by e.signal)`.as('signals'),
        sql<string>`count(distinct e.object_id)`.as('objects'),
        sql<number>`percentile_cont(0.5) within group (order by e.delta_t_s)`.as('delta_t_median_s'),
      ])
      .where(sql<boolean>`e.account_a <> e.account_b`)
      .groupBy([source, target])
      .orderBy(source)
      .orderBy(target)
      .execute(),
  ]);
  return {
    clusterId,
    nodes: members.map((member) => ({
      id: member.account_id,
      degree: member.degree,
      strength: member.strength,
    })),
    edges: pairs.map((pair) => ({
      source: pair.source,
      target: pair.target,
      weight: num(pair.weight),
      signals: pair.signals.split(','),
      objects: num(pair.objects),
      deltaTMedianS: num(pair.delta_t_median_s),
    })),
  };
}
