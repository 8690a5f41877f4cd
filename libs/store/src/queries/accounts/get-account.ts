import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { iso, num } from '../row-values';

/** Clusters and objects shown with an account (the latest and the most evidenced first). */
export const ACCOUNT_CLUSTERS = 100;
export const ACCOUNT_OBJECTS = 100;

export interface AccountCluster {
  cluster_id: string;
  status: string;
  size: number;
  coordination_score: number;
  strength: number;
  degree: number;
}

export interface AccountDetail {
  account_id: string;
  first_seen_at: string;
  last_seen_at: string;
  edge_count: number;
  /**
   * Max over its clusters of the cluster's coordination score times the account's share of that
   * cluster's top strength: the core of a strongly coordinated cluster scores near its cluster, a
   * peripheral member less.
   */
  coordination_score: number;
  clusters: AccountCluster[];
  /** The objects of its evidence edges, by edges. */
  objects: { object_id: string; edges: number }[];
}

/** One account, its clusters and the objects of its evidence edges; undefined when it was never seen. */
export async function getAccount(
  db: Kysely<Database>,
  accountId: string,
): Promise<AccountDetail | undefined> {
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!account) return undefined;
  const [clusters, objects] = await Promise.all([
    db
      .selectFrom('cluster_members as m')
      .innerJoin('clusters as c', 'c.cluster_id', 'm.cluster_id')
      .select([
        'c.cluster_id',
        'c.status',
        'c.size',
        'c.coordination_score',
        'm.strength',
        'm.degree',
        (eb) =>
          eb
            .selectFrom('cluster_members as top')
            .select(sql<number>`max(top.strength)`.as('max_strength'))
            .whereRef('top.cluster_id', '=', 'm.cluster_id')
            .as('max_strength'),
      ])
      .where('m.account_id', '=', accountId)
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.cluster_id')
      .limit(ACCOUNT_CLUSTERS)
      .execute(),
    db
      .selectFrom('evidence_edges')
      .select(['object_id', sql<string>`count(*)`.as('edges')])
      .where((eb) => eb.or([eb('account_a', '=', accountId), eb('account_b', '=', accountId)]))
      .groupBy('object_id')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('object_id')
      .limit(ACCOUNT_OBJECTS)
      .execute(),
  ]);
  let score = 0;
  for (const cluster of clusters) {
    const top = num(cluster.max_strength);
    if (top > 0) score = Math.max(score, cluster.coordination_score * (cluster.strength / top));
  }
  return {
    account_id: account.account_id,
    first_seen_at: iso(account.first_seen_at),
    last_seen_at: iso(account.last_seen_at),
    edge_count: num(account.edge_count),
    coordination_score: score,
    clusters: clusters.map(({ max_strength: _, ...cluster }) => cluster),
    objects: objects.map((row) => ({ object_id: row.object_id, edges: num(row.edges) })),
  };
}
