import { sql, type Kysely } from 'kysely';
import type { PostDeletion } from '@riptide/contracts';
import type { Database } from '../schema/database';
import { lockEvidence } from './evidence-lock';
import { evidencedObjectPosts, objectPostKey } from './evidenced-posts';
import type { MaterialiseMessage } from './materialise-message';
import { inChunks } from './sql-batches';

interface ErasedEdge {
  object_id: string;
  account_a: string;
  account_b: string;
  post_a: string;
  post_b: string;
}

/**
 * `posts.deleted`: records each deleted post once (the first notice wins) and erases every evidence edge
 * that names it, as post_a or post_b. Edges arriving later that name it are withheld
 * (applyEvidenceEdges), leaving what an erased edge leaves, so the store is the same whichever of the
 * two topics it reads first.
 *
 * Erased: the edges, the only rows holding post ids (with the two accounts and times that tie a post to
 * its author). The counts derived from them follow them, so they stay what the stored edges say: each
 * account's edge_count loses the erased edges, and an object's coordinated_shares loses each post (the
 * deleted one, and a partner) that no stored edge of that object names any more.
 * Kept, because they are counts and times that name no post: an object's shares and shares per hour
 * (`shares` brings no post id into the store), the account and object rows themselves with their first
 * and last seen/shared times (possibly a deleted post's time), cluster snapshots (the coordination
 * service's counts and member accounts, replaced by its next snapshot), opinion estimates and shifts.
 * A deleted post that was itself the shared object (`post:<id>`, reposted or quoted by others) stays the
 * object of their edges: those edges are other accounts' posts, which were not deleted.
 */
export async function applyPostDeletions(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<PostDeletion>[],
): Promise<void> {
  if (messages.length === 0) return;
  await lockEvidence(db);
  const byId = new Map<string, PostDeletion>();
  for (const { value } of messages) if (!byId.has(value.id)) byId.set(value.id, value);
  const rows = [...byId.values()].map((deletion) => ({
    post_id: deletion.id,
    platform: deletion.platform,
    deleted_at: deletion.deleted_at,
  }));
  for (const chunk of inChunks(rows, 3))
    await db
      .insertInto('deleted_posts')
      .values(chunk)
      .onConflict((conflict) => conflict.column('post_id').doNothing())
      .execute();
  // Every id of the batch, recorded before or not: erasing is idempotent, and cheap on the post indexes.
  const ids = [...byId.keys()];
  const { rows: erased } = await sql<ErasedEdge>`
    delete from evidence_edges where post_a = any(${ids}) or post_b = any(${ids})
    returning object_id, account_a, account_b, post_a, post_b
  `.execute(db);
  if (erased.length === 0) return;
  await uncountAccountEdges(db, erased);
  await uncountCoordinatedShares(db, erased);
}

/** Of these posts, those deleted. */
export async function deletedPostsAmong(
  db: Kysely<Database>,
  postIds: readonly string[],
): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('deleted_posts')
    .select('post_id')
    .where(sql<boolean>`post_id = any(${[...new Set(postIds)]})`)
    .execute();
  return new Set(rows.map((row) => row.post_id));
}

/** The mirror of applyEvidenceEdges' count: one edge less for both accounts of each erased edge. */
async function uncountAccountEdges(db: Kysely<Database>, erased: readonly ErasedEdge[]): Promise<void> {
  const edges = new Map<string, number>();
  for (const edge of erased)
    for (const account of [edge.account_a, edge.account_b]) edges.set(account, (edges.get(account) ?? 0) + 1);
  await subtractPerKey(db, 'accounts', 'account_id', 'edge_count', edges);
}

/** Each (object, post) of the erased edges that no remaining edge names is one coordinated share less. */
async function uncountCoordinatedShares(db: Kysely<Database>, erased: readonly ErasedEdge[]): Promise<void> {
  const pairs = new Map<string, string>();
  for (const edge of erased)
    for (const post of [edge.post_a, edge.post_b])
      pairs.set(objectPostKey(edge.object_id, post), edge.object_id);
  const objectIds = [...new Set(pairs.values())];
  const postIds = [...new Set(erased.flatMap((edge) => [edge.post_a, edge.post_b]))];
  const remaining = await evidencedObjectPosts(db, objectIds, postIds);
  const lost = new Map<string, number>();
  for (const [key, objectId] of pairs)
    if (!remaining.has(key)) lost.set(objectId, (lost.get(objectId) ?? 0) + 1);
  await subtractPerKey(db, 'shared_objects', 'object_id', 'coordinated_shares', lost);
}

/** Subtracts each amount from its row's count: one UPDATE for the whole map. */
async function subtractPerKey(
  db: Kysely<Database>,
  table: 'accounts' | 'shared_objects',
  keyColumn: 'account_id' | 'object_id',
  countColumn: 'edge_count' | 'coordinated_shares',
  amounts: ReadonlyMap<string, number>,
): Promise<void> {
  if (amounts.size === 0) return;
  const keys = [...amounts.keys()];
  await sql`
    update ${sql.table(table)} set ${sql.ref(countColumn)} = ${sql.ref(`${table}.${countColumn}`)} - d.amount
    from (select unnest(${keys}::text[]) as key, unnest(${keys.map((key) => amounts.get(key)!)}::bigint[]) as amount) d
    where ${sql.ref(`${table}.${keyColumn}`)} = d.key
  `.execute(db);
}
