import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';

/** One (object, post) pair as a map key: a post is one coordinated share of each object it is evidence for. */
export function objectPostKey(objectId: string, post: string): string {
  return `${objectId}\u0000${post}`;
}

/**
 * The (object, post) pairs among these objects and posts that a stored evidence edge names, leaving out
 * the edges `excludedEdgeIds`: the posts counted as coordinated shares of each object. Keys are
 * objectPostKey's.
 */
export async function evidencedObjectPosts(
  db: Kysely<Database>,
  objectIds: readonly string[],
  postIds: readonly string[],
  excludedEdgeIds: readonly string[] = [],
): Promise<Set<string>> {
  const { rows } = await sql<{ object_id: string; post: string }>`
    select object_id, post_a as post from evidence_edges
      where object_id = any(${objectIds}) and post_a = any(${postIds}) and edge_id <> all(${excludedEdgeIds})
    union
    select object_id, post_b as post from evidence_edges
      where object_id = any(${objectIds}) and post_b = any(${postIds}) and edge_id <> all(${excludedEdgeIds})
  `.execute(db);
  return new Set(rows.map((row) => objectPostKey(row.object_id, row.post)));
}
