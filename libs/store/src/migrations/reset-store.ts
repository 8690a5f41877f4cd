import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';

/** Every table the materialisers fill, and their offsets: all of it can be rebuilt from the topics. */
export const MATERIALISED_TABLES = [
  'clusters',
  'cluster_history',
  'cluster_members',
  'evidence_edges',
  'accounts',
  'shared_objects',
  'object_hours',
  'opinion_estimates',
  'opinion_shifts',
  'materialiser_offsets',
] as const;

/**
 * Empties the materialised view so that the materialisers rebuild it from the topics (their offsets go
 * too, so they start again from each partition's beginning). Keeps `api_keys`, the only primary data,
 * `topics`, which the api rewrites from the configuration at every start, and `deleted_posts`: read
 * again from `posts.deleted` it would lack the notices that topic no longer retains, and the rebuilt
 * edges would name posts erased before.
 */
export async function resetStore(db: Kysely<Database>): Promise<void> {
  await sql`truncate table ${sql.join(MATERIALISED_TABLES.map((table) => sql.table(table)))}`.execute(db);
}
