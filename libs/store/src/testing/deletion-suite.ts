import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../engine/open-store';
import { applyBatchOnce } from '../materialise/apply-batch-once';
import { applyEvidenceEdges } from '../materialise/apply-evidence-edges';
import { applyPostDeletions } from '../materialise/apply-post-deletions';
import { applyShares } from '../materialise/apply-shares';
import { resetStore } from '../migrations/reset-store';
import type { Database } from '../schema/database';
import { dumpMaterialised } from './dump-materialised';
import { deletion, edge, messagesOf, share } from './fixtures';
import { migratedStore, type StoreFactory } from './store-factory';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:00:05.000Z';
const T2 = '2026-12-01T12:00:00.000Z';
const URL_A = 'url:https://news.example/a';
const TAG = 'hashtag:vote';

/** Three accounts co-sharing URL_A (p1, p2, p3) and a hashtag (p1, p9); p1 is later deleted. */
const SHARES = [share(URL_A, 'p1', T0), share(URL_A, 'p2', T1), share(URL_A, 'p3', T1)];
const EDGES = [
  edge(URL_A, ['a1', 'p1', T0], ['a2', 'p2', T1]),
  edge(URL_A, ['a1', 'p1', T0], ['a3', 'p3', T1]),
  edge(URL_A, ['a2', 'p2', T1], ['a3', 'p3', T1]),
  edge(TAG, ['a1', 'p1', T0], ['a2', 'p9', T1]),
  edge(TAG, ['a3', 'p3', T1], ['a2', 'p9', T1]),
];

/** Deletions of posts.deleted into any engine's store (the libs/store spec: PGlite; test/: PostgreSQL). */
export function deletionSuite(open: StoreFactory): void {
  describe('deleted posts', () => {
    let store: Store;
    let db: Kysely<Database>;
    beforeAll(async () => {
      store = await migratedStore(open);
      db = store.db;
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await resetStore(db);
      await db.deleteFrom('deleted_posts').execute();
    });

    const feedEdges = (edges = EDGES, first = 0) =>
      applyBatchOnce(db, 'coordination.edges', 0, messagesOf(edges, first), applyEvidenceEdges);
    const feedDeletions = (postIds: string[], first = 0, partition = 0) =>
      applyBatchOnce(
        db,
        'posts.deleted',
        partition,
        messagesOf(
          postIds.map((id) => deletion(id, T2)),
          first,
          partition,
        ),
        applyPostDeletions,
      );
    const edgePosts = async () =>
      (await db.selectFrom('evidence_edges').select(['object_id', 'post_a', 'post_b']).execute())
        .map((row) => `${row.object_id} ${row.post_a}-${row.post_b}`)
        .sort();
    const counts = async () => ({
      accounts: Object.fromEntries(
        (await db.selectFrom('accounts').select(['account_id', 'edge_count']).execute()).map((row) => [
          row.account_id,
          Number(row.edge_count),
        ]),
      ),
      objects: Object.fromEntries(
        (
          await db
            .selectFrom('shared_objects')
            .select(['object_id', 'shares', 'coordinated_shares'])
            .execute()
        ).map((row) => [row.object_id, [Number(row.shares), Number(row.coordinated_shares)]]),
      ),
    });

    it('records a deletion once, the first notice winning, and erases every edge naming the post', async () => {
      await applyBatchOnce(db, 'shares', 0, messagesOf(SHARES), applyShares);
      await feedEdges();
      expect(await counts()).toEqual({
        accounts: { a1: 3, a2: 4, a3: 3 },
        objects: { [URL_A]: [3, 3], [TAG]: [0, 3] },
      });
      const notices = [deletion('p1', T2), deletion('p1', '2026-12-02T00:00:00.000Z', 'other')];
      await applyBatchOnce(db, 'posts.deleted', 0, messagesOf(notices), applyPostDeletions);
      const rows = await db.selectFrom('deleted_posts').selectAll().execute();
      expect(rows.map((row) => [row.post_id, row.platform, row.deleted_at.toISOString()])).toEqual([
        ['p1', 'bluesky', T2],
      ]);
      expect(rows[0].erased_at).toBeInstanceOf(Date);
      // p1 was post_a of three edges; the edges between the other posts stay.
      expect(await edgePosts()).toEqual([`${TAG} p3-p9`, `${URL_A} p2-p3`]);
      // Counts follow the stored edges: a1 has none left; URL_A keeps p2 and p3 as coordinated shares,
      // the hashtag keeps p3 and p9. All shares (no post id in the store) stay.
      expect(await counts()).toEqual({
        accounts: { a1: 0, a2: 2, a3: 2 },
        objects: { [URL_A]: [3, 2], [TAG]: [0, 2] },
      });
    });

    it('erases a post named as post_b, and drops a partner no other edge of the object names', async () => {
      await feedEdges();
      await feedDeletions(['p3']);
      expect(await edgePosts()).toEqual([`${TAG} p1-p9`, `${URL_A} p1-p2`]);
      expect((await counts()).objects).toEqual({ [URL_A]: [0, 2], [TAG]: [0, 2] });
      await feedDeletions(['p9'], 1);
      // The hashtag's only edge named p9: p1 is no coordinated share of it any more.
      expect(await edgePosts()).toEqual([`${URL_A} p1-p2`]);
      expect(await counts()).toEqual({
        accounts: { a1: 1, a2: 1, a3: 0 },
        objects: { [URL_A]: [0, 2], [TAG]: [0, 0] },
      });
    });

    it('does not store an edge materialised after its post was deleted, nor count it', async () => {
      await feedDeletions(['p1']);
      await feedEdges();
      expect(await edgePosts()).toEqual([`${TAG} p3-p9`, `${URL_A} p2-p3`]);
      // As if stored and erased: a1 is seen (its time kept) with no edge.
      expect(await counts()).toEqual({
        accounts: { a1: 0, a2: 2, a3: 2 },
        objects: { [URL_A]: [0, 2], [TAG]: [0, 2] },
      });
      await expectCountsMatchEdges(db);
    });

    it('ends in the same store whichever topic comes first, in any batch sizes', async () => {
      const edgesFirst = async () => {
        for (let i = 0; i < EDGES.length; i++) await feedEdges([EDGES[i]], i);
        await feedDeletions(['p1', 'p9']);
        return dumpMaterialised(db);
      };
      const deletionsFirst = async () => {
        await feedDeletions(['p1']);
        await feedEdges(EDGES.slice(0, 2));
        await feedDeletions(['p9'], 1);
        await feedEdges(EDGES.slice(2), 2);
        return dumpMaterialised(db);
      };
      const first = await edgesFirst();
      await resetStore(db);
      await db.deleteFrom('deleted_posts').execute();
      const second = await deletionsFirst();
      // The offsets differ only where batches were cut differently.
      const withoutOffsets = (dump: Record<string, unknown[]>) => ({ ...dump, materialiser_offsets: [] });
      expect(withoutOffsets(second)).toEqual(withoutOffsets(first));
      expect(first.evidence_edges).toHaveLength(1);
    });

    it('applies a redelivered batch of deletions once, and a repeated notice changes nothing', async () => {
      await feedEdges();
      expect(await feedDeletions(['p3'])).toEqual({ applied: 1, skipped: 0 });
      const after = await counts();
      expect(await feedDeletions(['p3'])).toEqual({ applied: 0, skipped: 1 });
      // The same notice again at a later offset (a connector resending after a restart).
      expect(await feedDeletions(['p3'], 1)).toEqual({ applied: 1, skipped: 0 });
      expect(await counts()).toEqual(after);
      expect(await db.selectFrom('deleted_posts').select('post_id').execute()).toHaveLength(1);
    });

    it('keeps deletions across a reset, so a rebuild from the topics never restores an erased post', async () => {
      await feedEdges();
      await feedDeletions(['p1']);
      const before = await dumpMaterialised(db);
      await resetStore(db);
      // posts.deleted no longer holds the notice (past its retention): only the edges are read again.
      await feedEdges();
      const rebuilt = await dumpMaterialised(db);
      expect(rebuilt.evidence_edges).toEqual(before.evidence_edges);
      expect(rebuilt.accounts).toEqual(before.accounts);
      expect(rebuilt.shared_objects).toEqual(before.shared_objects);
    });

    it('never leaves an edge naming a deleted post when edges and deletions are written at once', async () => {
      const rounds = 25;
      for (let round = 0; round < rounds; round++) {
        const post = (n: number) => `r${round}-p${n}`;
        // p2 and p4 are deleted at the same time as the edges arrive: only p5-p6 may stay.
        const edges = [
          [1, 2],
          [2, 3],
          [3, 4],
          [5, 6],
        ].map(([a, b]) =>
          edge(`url:https://news.example/${round}`, [`a${a}`, post(a), T0], [`a${b}`, post(b), T1]),
        );
        await Promise.all([
          feedEdges(edges, round * edges.length),
          feedDeletions([post(2)], round, 0),
          feedDeletions([post(4)], round, 1),
        ]);
      }
      const named = await db
        .selectFrom('evidence_edges')
        .select('edge_id')
        .where((eb) =>
          eb.or([
            eb('post_a', 'in', eb.selectFrom('deleted_posts').select('post_id')),
            eb('post_b', 'in', eb.selectFrom('deleted_posts').select('post_id')),
          ]),
        )
        .execute();
      expect(named).toEqual([]);
      expect(await edgePosts()).toHaveLength(rounds);
      await expectCountsMatchEdges(db);
    });
  });
}

/** edge_count and coordinated_shares recomputed from the stored edges equal the stored counters. */
async function expectCountsMatchEdges(db: Kysely<Database>): Promise<void> {
  const { rows: accounts } = await sql<{ account_id: string; n: string }>`
    select account_id, count(*)::text as n from (
      select account_a as account_id from evidence_edges union all select account_b from evidence_edges
    ) a group by account_id`.execute(db);
  const { rows: objects } = await sql<{ object_id: string; n: string }>`
    select object_id, count(distinct post)::text as n from (
      select object_id, post_a as post from evidence_edges union all select object_id, post_b from evidence_edges
    ) o group by object_id`.execute(db);
  const stored = {
    accounts: await db.selectFrom('accounts').select(['account_id', 'edge_count']).execute(),
    objects: await db.selectFrom('shared_objects').select(['object_id', 'coordinated_shares']).execute(),
  };
  const fromEdges = {
    accounts: new Map(accounts.map((row) => [row.account_id, row.n])),
    objects: new Map(objects.map((row) => [row.object_id, row.n])),
  };
  for (const row of stored.accounts)
    expect([row.account_id, row.edge_count]).toEqual([
      row.account_id,
      fromEdges.accounts.get(row.account_id) ?? '0',
    ]);
  for (const row of stored.objects)
    expect([row.object_id, row.coordinated_shares]).toEqual([
      row.object_id,
      fromEdges.objects.get(row.object_id) ?? '0',
    ]);
}
