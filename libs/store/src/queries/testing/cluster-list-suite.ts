import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/open-store';
import { migratedStore, type StoreFactory } from '../../testing/store-factory';
import { listClusters, type ClusterListQuery } from '../clusters/list-clusters';
import type { ClusterSummary } from '../clusters/cluster-summary';
import { QueryParameterError } from '../query-parameter-error';
import { clusterRow, insertClusters } from './seed-rows';

/** Every page of a list, following next_cursor; `between` runs after each page (rows added meanwhile). */
async function allPages(
  store: Store,
  query: ClusterListQuery,
  between: (page: number) => Promise<void> = async () => undefined,
): Promise<ClusterSummary[]> {
  const seen: ClusterSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await listClusters(store.db, { ...query, cursor });
    seen.push(...result.data);
    if (result.next_cursor === null) return seen;
    cursor = result.next_cursor;
    await between(page);
  }
  throw new Error('more than 100 pages');
}

const at = (minute: number) =>
  new Date(Date.parse('2026-12-01T12:00:00.000Z') + minute * 60_000).toISOString();

export function clusterListSuite(open: StoreFactory): void {
  describe('listClusters', () => {
    let store: Store;
    beforeAll(async () => {
      store = await migratedStore(open);
      // Ten clusters; sizes and scores repeat so that ties must be broken by cluster_id.
      await insertClusters(
        store.db,
        Array.from({ length: 10 }, (_, i) =>
          clusterRow(`c${i}`, {
            updated_at: at(i),
            size: 3 + (i % 4),
            edge_count: 10 - i,
            coordination_score: [0.2, 0.9, 0.5][i % 3],
            status: i === 9 ? 'dissolved' : 'active',
            signals: i % 2 === 0 ? { 'co-url': 4 } : { 'co-hashtag': 2, 'co-post': 1 },
            topic_ids: i < 3 ? ['vaccines'] : [],
          }),
        ),
      );
    });
    afterAll(() => store?.close());

    const ids = (rows: ClusterSummary[]) => rows.map((row) => row.cluster_id);

    it('lists the latest updated first by default, with the summary fields as JSON-ready values', async () => {
      const page = await listClusters(store.db, { limit: 3 });
      expect(ids(page.data)).toEqual(['c9', 'c8', 'c7']);
      expect(page.data[0]).toMatchObject({
        cluster_id: 'c9',
        generation: 1,
        status: 'dissolved',
        updated_at: at(9),
        first_seen_at: at(9),
        signals: { 'co-hashtag': 2, 'co-post': 1 },
        topic_ids: [],
        delta_t: { median_s: 4, iqr_s: 2 },
        evidence_summary: null,
      });
      expect(typeof page.next_cursor).toBe('string');
    });

    it('pages through every sort and order exactly once, ties broken by cluster_id', async () => {
      for (const sort of ['updated_at', 'size', 'score', 'edge_count'] as const)
        for (const order of ['desc', 'asc'] as const) {
          const rows = await allPages(store, { sort, order, limit: 3 });
          expect(new Set(ids(rows)).size, `${sort} ${order}`).toBe(10);
          const key = (row: ClusterSummary) =>
            sort === 'score' ? row.coordination_score : sort === 'updated_at' ? row.updated_at : row[sort];
          for (let i = 1; i < rows.length; i++) {
            const [a, b] = [key(rows[i - 1]), key(rows[i])];
            const inOrder =
              order === 'desc'
                ? a > b || (a === b && rows[i - 1].cluster_id > rows[i].cluster_id)
                : a < b || (a === b && rows[i - 1].cluster_id < rows[i].cluster_id);
            expect(inOrder, `${sort} ${order} at ${i}`).toBe(true);
          }
        }
    });

    it('filters by time, size, score, signal, topic and status', async () => {
      const list = async (query: ClusterListQuery) =>
        ids((await listClusters(store.db, { ...query, limit: 500 })).data).sort();
      expect(await list({ since: new Date(at(7)) })).toEqual(['c7', 'c8', 'c9']);
      expect(await list({ until: new Date(at(2)) })).toEqual(['c0', 'c1']);
      expect(await list({ minSize: 6 })).toEqual(['c3', 'c7']);
      expect(await list({ maxSize: 3 })).toEqual(['c0', 'c4', 'c8']);
      expect(await list({ minScore: 0.9 })).toEqual(['c1', 'c4', 'c7']);
      expect(await list({ signal: 'co-post' })).toEqual(['c1', 'c3', 'c5', 'c7', 'c9']);
      expect(await list({ signal: 'co-text' })).toEqual([]);
      expect(await list({ topic: 'vaccines' })).toEqual(['c0', 'c1', 'c2']);
      expect(await list({ status: 'dissolved' })).toEqual(['c9']);
      expect(await list({ status: 'active', minSize: 5, signal: 'co-url' })).toEqual(['c2', 'c6']);
    });

    it('keeps pages stable while clusters are added: none repeated, none of those present skipped', async () => {
      const before = ids((await listClusters(store.db, { limit: 500 })).data);
      let added = 0;
      const seen = await allPages(store, { sort: 'score', limit: 2 }, async () => {
        added += 1;
        // New clusters at the top, in the middle and at the bottom of the order.
        await insertClusters(store.db, [
          clusterRow(`new-${added}-hi`, { coordination_score: 0.95, updated_at: at(100 + added) }),
          clusterRow(`new-${added}-mid`, { coordination_score: 0.5, updated_at: at(100 + added) }),
          clusterRow(`new-${added}-lo`, { coordination_score: 0.1, updated_at: at(100 + added) }),
        ]);
      });
      expect(new Set(ids(seen)).size).toBe(seen.length);
      expect(ids(seen)).toEqual(expect.arrayContaining(before));
      await store.db.deleteFrom('clusters').where('cluster_id', 'like', 'new-%').execute();
    });

    it('rejects a cursor that is not one, or one of another sort, naming the cursor', async () => {
      const { next_cursor } = await listClusters(store.db, { sort: 'size', limit: 2 });
      for (const query of [
        { cursor: 'not-a-cursor' },
        { cursor: Buffer.from('["clusters:size:desc",1]').toString('base64url') },
        { cursor: next_cursor!, sort: 'score' as const },
        { cursor: next_cursor!, sort: 'size' as const, order: 'asc' as const },
      ]) {
        const failure = await listClusters(store.db, query).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(QueryParameterError);
        expect((failure as QueryParameterError).field).toBe('cursor');
      }
    });

    it('refuses a limit beyond the hard limit', async () => {
      await expect(listClusters(store.db, { limit: 501 })).rejects.toMatchObject({ field: 'limit' });
    });
  });
}
