import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CoordinationEdge } from '@riptide/contracts';
import type { Database } from '../schema/database';
import { deletedPostsAmong } from './apply-post-deletions';
import { lockEvidence } from './evidence-lock';
import { evidencedObjectPosts, objectPostKey } from './evidenced-posts';
import type { MaterialiseMessage } from './materialise-message';
import { earlier, inChunks, later, objectKind } from './sql-batches';

/** The identity of an edge: the same co-share, however often delivered, is one row. */
export function evidenceEdgeId(
  edge: Pick<CoordinationEdge, 'signal' | 'object_id' | 'post_a' | 'post_b'>,
): string {
  return createHash('sha256')
    .update([edge.signal, edge.object_id, edge.post_a, edge.post_b].join('\u0000'))
    .digest('hex');
}

interface Seen {
  first: string;
  last: string;
  count: number;
}

/** Adds one sighting at `at`, worth `count`, to `key`'s tally. */
function see(tally: Map<string, Seen>, key: string, at: string, count: number): void {
  const seen = tally.get(key);
  if (!seen) return void tally.set(key, { first: at, last: at, count });
  seen.count += count;
  seen.first = earlier(seen.first, at);
  seen.last = later(seen.last, at);
}

/**
 * `coordination.edges`: each edge once by its identity. Only the rows this batch really inserted
 * count: they add one to both accounts' edge_count and make their posts coordinated shares of the
 * object, each post once per object (a post in several edges of the same object is one share).
 *
 * An edge naming a deleted post (`deleted_posts`) is withheld: not stored, counted nothing, but its
 * times still reach the accounts' seen and the object's shared times, exactly what an edge stored and
 * then erased by applyPostDeletions leaves behind. So the store is the same whether it read a deletion
 * before or after the edges naming its post (a rebuild after a reset reads them in another order).
 */
export async function applyEvidenceEdges(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<CoordinationEdge>[],
): Promise<void> {
  if (messages.length === 0) return;
  await lockEvidence(db);
  const deleted = await deletedPostsAmong(
    db,
    messages.flatMap(({ value }) => [value.post_a, value.post_b]),
  );
  const byId = new Map<string, CoordinationEdge>();
  const withheld: CoordinationEdge[] = [];
  for (const { value } of messages) {
    if (deleted.has(value.post_a) || deleted.has(value.post_b)) withheld.push(value);
    else {
      const id = evidenceEdgeId(value);
      if (!byId.has(id)) byId.set(id, value);
    }
  }
  const rows = [...byId].map(([edge_id, e]) => ({
    edge_id,
    signal: e.signal,
    object_id: e.object_id,
    account_a: e.account_a,
    account_b: e.account_b,
    post_a: e.post_a,
    post_b: e.post_b,
    at_a: e.at_a,
    at_b: e.at_b,
    delta_t_s: e.delta_t_s,
    detected_at: e.detected_at,
  }));
  const inserted = new Map<string, CoordinationEdge>();
  for (const chunk of inChunks(rows, 11)) {
    const ids = await db
      .insertInto('evidence_edges')
      .values(chunk)
      .onConflict((conflict) => conflict.column('edge_id').doNothing())
      .returning('edge_id')
      .execute();
    for (const { edge_id } of ids) inserted.set(edge_id, byId.get(edge_id)!);
  }
  if (inserted.size === 0 && withheld.length === 0) return;
  await countAccountEdges(db, [...inserted.values()], withheld);
  await countCoordinatedShares(db, inserted, withheld);
}

async function countAccountEdges(
  db: Kysely<Database>,
  counted: readonly CoordinationEdge[],
  withheld: readonly CoordinationEdge[],
): Promise<void> {
  const accounts = new Map<string, Seen>();
  for (const [edges, count] of [
    [counted, 1],
    [withheld, 0],
  ] as const)
    for (const edge of edges) {
      see(accounts, edge.account_a, edge.at_a, count);
      see(accounts, edge.account_b, edge.at_b, count);
    }
  const rows = [...accounts].map(([account_id, s]) => ({
    account_id,
    first_seen_at: s.first,
    last_seen_at: s.last,
    edge_count: s.count,
  }));
  for (const chunk of inChunks(rows, 4))
    await db
      .insertInto('accounts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('account_id').doUpdateSet({
          edge_count: sql`accounts.edge_count + excluded.edge_count`,
          first_seen_at: sql`least(accounts.first_seen_at, excluded.first_seen_at)`,
          last_seen_at: sql`greatest(accounts.last_seen_at, excluded.last_seen_at)`,
        }),
      )
      .execute();
}

/**
 * Posts of the new edges not already in an earlier edge of the same object become coordinated shares;
 * the posts of withheld edges only bring their times.
 */
async function countCoordinatedShares(
  db: Kysely<Database>,
  inserted: ReadonlyMap<string, CoordinationEdge>,
  withheld: readonly CoordinationEdge[],
): Promise<void> {
  const edges = [...inserted.values()];
  const insertedIds = [...inserted.keys()];
  const posts = new Map<string, { object_id: string; post: string; at: string }>();
  for (const edge of edges) {
    for (const [post, at] of [
      [edge.post_a, edge.at_a],
      [edge.post_b, edge.at_b],
    ])
      posts.set(objectPostKey(edge.object_id, post), { object_id: edge.object_id, post, at });
  }
  if (edges.length > 0) {
    const objectIds = [...new Set(edges.map((edge) => edge.object_id))];
    const postIds = [...new Set([...posts.values()].map((p) => p.post))];
    // Edges stored before (those inserted just now are excluded by id): their posts are counted already.
    for (const key of await evidencedObjectPosts(db, objectIds, postIds, insertedIds)) posts.delete(key);
  }

  const objects = new Map<string, Seen>();
  for (const { object_id, at } of posts.values()) see(objects, object_id, at, 1);
  for (const edge of withheld) {
    see(objects, edge.object_id, edge.at_a, 0);
    see(objects, edge.object_id, edge.at_b, 0);
  }
  // The object may not have come through `shares` yet: its row starts with no shares.
  const rows = [...objects].map(([object_id, s]) => ({
    object_id,
    kind: objectKind(object_id),
    first_shared_at: s.first,
    last_shared_at: s.last,
    shares: 0,
    coordinated_shares: s.count,
  }));
  for (const chunk of inChunks(rows, 6))
    await db
      .insertInto('shared_objects')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('object_id').doUpdateSet({
          coordinated_shares: sql`shared_objects.coordinated_shares + excluded.coordinated_shares`,
          first_shared_at: sql`least(shared_objects.first_shared_at, excluded.first_shared_at)`,
          last_shared_at: sql`greatest(shared_objects.last_shared_at, excluded.last_shared_at)`,
        }),
      )
      .execute();
}
