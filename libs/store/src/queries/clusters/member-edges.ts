import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database';

/**
 * The evidence edges of a cluster: those whose two accounts are both its members. Walked from the
 * members (primary key) to their edges (index on account_a), checking account_b against the members
 * again, so the cost follows the cluster's size, not the table's.
 */
export function memberEdges(db: Kysely<Database>, clusterId: string) {
  return db
    .selectFrom('cluster_members as ma')
    .innerJoin('evidence_edges as e', 'e.account_a', 'ma.account_id')
    .innerJoin('cluster_members as mb', (join) =>
      join.onRef('mb.account_id', '=', 'e.account_b').on('mb.cluster_id', '=', clusterId),
    )
    .where('ma.cluster_id', '=', clusterId);
}
