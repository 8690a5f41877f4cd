import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/open-store';
import { migratedStore, type StoreFactory } from '../../testing/store-factory';
import { getAccount } from '../accounts/get-account';
import { burstiness } from '../objects/burstiness';
import { listObjects, type ObjectAmplification } from '../objects/list-objects';
import {
  clusterRow,
  edgeRow,
  insertClusters,
  insertEdges,
  insertMembers,
  sharedObjectRow,
} from './seed-rows';

async function seed(store: Store): Promise<void> {
  await store.db
    .insertInto('shared_objects')
    .values([
      sharedObjectRow('url:1', 10, 6),
      sharedObjectRow('url:2', 20, 6, { last_shared_at: '2026-12-01T01:00:00.000Z' }),
      sharedObjectRow('hashtag:h', 5, 0, {
        first_shared_at: '2026-12-02T00:00:00.000Z',
        last_shared_at: '2026-12-02T01:00:00.000Z',
      }),
      sharedObjectRow('url:3', 8, 8),
    ])
    .execute();
  await store.db
    .insertInto('object_hours')
    .values([
      { object_id: 'url:1', hour: '2026-12-01T00:00:00.000Z', shares: 8 },
      { object_id: 'url:1', hour: '2026-12-01T02:00:00.000Z', shares: 2 },
      { object_id: 'url:2', hour: '2026-12-01T00:00:00.000Z', shares: 20 },
    ])
    .execute();
  await insertClusters(store.db, [
    clusterRow('k', { coordination_score: 0.8, updated_at: '2026-12-01T10:00:00.000Z' }),
    clusterRow('m', { coordination_score: 1, updated_at: '2026-12-01T09:00:00.000Z', status: 'dissolved' }),
  ]);
  await insertMembers(store.db, 'k', [
    ['a', 1, 5],
    ['b', 1, 5],
  ]);
  await insertMembers(store.db, 'm', [
    ['a', 2, 1],
    ['c', 2, 4],
    ['d', 1, 2],
  ]);
  await insertEdges(store.db, [
    edgeRow('a', 'b', 'url:1', '2026-12-01T00:00:00.000Z'),
    edgeRow('a', 'b', 'url:1', '2026-12-01T00:10:00.000Z'),
    edgeRow('c', 'a', 'url:1', '2026-12-01T00:20:00.000Z'),
    edgeRow('c', 'd', 'url:3', '2026-12-01T00:30:00.000Z'),
    // b and c share no cluster: evidence of no cluster.
    edgeRow('b', 'c', 'url:2', '2026-12-01T00:40:00.000Z'),
  ]);
  const seen = { first_seen_at: '2026-11-30T00:00:00.000Z', last_seen_at: '2026-12-01T01:00:00.000Z' };
  await store.db
    .insertInto('accounts')
    .values(
      ['a', 'b', 'c', 'd'].map((account_id) => ({
        account_id,
        ...seen,
        edge_count: account_id === 'a' ? 3 : 1,
      })),
    )
    .execute();
}

export function objectsAndAccountsSuite(open: StoreFactory): void {
  describe('listObjects, getAccount', () => {
    let store: Store;
    beforeAll(async () => {
      store = await migratedStore(open);
      await seed(store);
    });
    afterAll(() => store?.close());

    it('ranks objects by coordinated shares, then by coordinated fraction, with clusters and burstiness', async () => {
      const { data, next_cursor } = await listObjects(store.db);
      expect(data.map((row) => row.object_id)).toEqual(['url:3', 'url:1', 'url:2', 'hashtag:h']);
      expect(next_cursor).toBeNull();
      expect(data[1]).toEqual({
        object_id: 'url:1',
        kind: 'url',
        shares: 10,
        coordinated_shares: 6,
        coordinated_fraction: 0.6,
        clusters: 2,
        burstiness: burstiness(3, 10, 68),
        first_shared_at: '2026-12-01T00:00:00.000Z',
        last_shared_at: '2026-12-01T05:00:00.000Z',
      });
      expect(data[0]).toMatchObject({ object_id: 'url:3', coordinated_fraction: 1, clusters: 1 });
      expect(data[2]).toMatchObject({ object_id: 'url:2', clusters: 0, burstiness: 0 });
    });

    it('pages in the same order and filters by kind, shares and time', async () => {
      const seen: ObjectAmplification[] = [];
      let cursor: string | undefined;
      do {
        const page = await listObjects(store.db, { limit: 1, cursor });
        seen.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(seen.map((row) => row.object_id)).toEqual(['url:3', 'url:1', 'url:2', 'hashtag:h']);
      const ids = async (query: Parameters<typeof listObjects>[1]) =>
        (await listObjects(store.db, query)).data.map((row) => row.object_id);
      expect(await ids({ kind: 'hashtag' })).toEqual(['hashtag:h']);
      expect(await ids({ minShares: 10 })).toEqual(['url:1', 'url:2']);
      expect(await ids({ since: new Date('2026-12-01T02:00:00.000Z') })).toEqual([
        'url:3',
        'url:1',
        'hashtag:h',
      ]);
      expect(await ids({ until: new Date('2026-12-01T12:00:00.000Z') })).toEqual(['url:3', 'url:1', 'url:2']);
    });

    it('scores burstiness from hourly counts: 0 under two hours, near 0 for a steady stream, high for a burst', () => {
      expect(burstiness(1, 50, 2500)).toBe(0);
      expect(burstiness(4, 40, 400)).toBe(-1);
      // One hour with 100 shares among 100 hours.
      expect(burstiness(100, 100, 10_000)).toBeGreaterThan(0.8);
    });

    it('shows an account with its clusters, its score relative to each cluster, and its objects', async () => {
      const account = await getAccount(store.db, 'a');
      expect(account).toEqual({
        account_id: 'a',
        first_seen_at: '2026-11-30T00:00:00.000Z',
        last_seen_at: '2026-12-01T01:00:00.000Z',
        edge_count: 3,
        // In k: 0.8 x 5/5; in m: 1 x 1/4.
        coordination_score: 0.8,
        clusters: [
          { cluster_id: 'k', status: 'active', size: 3, coordination_score: 0.8, strength: 5, degree: 1 },
          { cluster_id: 'm', status: 'dissolved', size: 3, coordination_score: 1, strength: 1, degree: 2 },
        ],
        objects: [{ object_id: 'url:1', edges: 3 }],
      });
      expect((await getAccount(store.db, 'c'))!.coordination_score).toBe(1);
      expect(await getAccount(store.db, 'nobody')).toBeUndefined();
    });
  });
}
